#include "report/layout_fields.h"

#include <sstream>

namespace report {

std::string OptionalText(const nlohmann::json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> SplitParagraphs(const std::string& text) {
  std::vector<std::string> paragraphs;
  std::string current, line;
  std::istringstream in(text);
  auto flush = [&] {
    if (!current.empty()) paragraphs.push_back(current);
    current.clear();
  };
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) {
      flush();
      continue;
    }
    current += current.empty() ? line : " " + line;
  }
  flush();
  return paragraphs;
}

std::vector<NumberFormat> ColumnFormats(const nlohmann::json& table) {
  const nlohmann::json& columns = table.at("columns");
  std::vector<NumberFormat> formats(columns.size());
  auto it = table.find("format");
  if (it == table.end() || !it->is_object()) return formats;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    auto spec = it->find(columns[c].get<std::string>());
    if (spec == it->end() || !spec->is_string()) continue;
    auto parsed = ParseNumberFormat(spec->get<std::string>());
    if (parsed.ok()) formats[c] = parsed.value();
  }
  return formats;
}

}  // namespace report
