// Reading a validated layout: the pieces both renderers (HTML, Markdown) need.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "report/number_format.h"

namespace report {

// obj[key] when it is a string, else "" (absent and null read as empty).
std::string OptionalText(const nlohmann::json& obj, const char* key);
// Plain text split at blank lines; lines inside a paragraph are joined with spaces.
std::vector<std::string> SplitParagraphs(const std::string& text);
// The number format of each column of a validated table (the default where none is given).
std::vector<NumberFormat> ColumnFormats(const nlohmann::json& table);

}  // namespace report
