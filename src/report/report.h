// The evaluation report: a layout (docs/report.md) written as a self-contained HTML page and its
// Markdown twin. This is what `sipddos evaluate --report OUT.html` calls.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "util/status.h"

namespace report {

// Validates the layout, then writes html_path and MarkdownPathFor(html_path), each through
// util::AtomicFile: on any error neither file is created or changed (a failure between the two
// renames, e.g. a full disk, can leave only the HTML written).
util::Status WriteReport(const nlohmann::json& layout, const std::string& html_path);

// "out/report.html" -> "out/report.md" (".htm" too); any other name gets ".md" appended.
std::string MarkdownPathFor(const std::string& html_path);

}  // namespace report
