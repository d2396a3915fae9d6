// The layout as one self-contained HTML page: styles, Chart.js and the data are inline, and a
// Content-Security-Policy forbids every request, so the page opens offline and leaks nothing.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "util/status.h"

namespace report {

// Validates the layout (ValidateLayout) and renders it.
util::Result<std::string> RenderHtml(const nlohmann::json& layout);

// The shared page frame, also for the live status page: <head> with the CSP and styles.
std::string HtmlHead(const std::string& title);

}  // namespace report
