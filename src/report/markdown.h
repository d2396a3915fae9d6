// The layout as Markdown (GitHub-flavoured tables): the HTML report's twin for terminals,
// diffs and READMEs. Tables and confusion matrices are tables; a bar plot becomes a table of its
// values; a line or scatter plot becomes one line naming its series (see the HTML report).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "util/status.h"

namespace report {

// Validates the layout (ValidateLayout) and renders it.
util::Result<std::string> RenderMarkdown(const nlohmann::json& layout);

}  // namespace report
