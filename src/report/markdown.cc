#include "report/markdown.h"

#include <string>
#include <unordered_map>
#include <vector>

#include "report/escape.h"
#include "report/layout.h"
#include "report/layout_fields.h"
#include "report/number_format.h"

namespace report {
namespace {

using nlohmann::json;

// Bar plots with more categories than this are summarised in one line, like curves.
constexpr std::size_t kMaxBarRows = 60;

void Row(const std::vector<std::string>& cells, std::string& out) {
  out += "|";
  for (const std::string& c : cells) out += " " + EscapeMarkdownCell(c) + " |";
  out += "\n";
}

void Rule(const std::vector<bool>& right, std::string& out) {
  out += "|";
  for (bool r : right) out += r ? " ---: |" : " --- |";
  out += "\n";
}

void Table(const json& t, std::string& out) {
  const json& columns = t["columns"];
  const json& rows = t["rows"];
  std::string title = OptionalText(t, "title");
  if (!title.empty()) out += "**" + EscapeMarkdown(title) + "**\n\n";
  std::vector<NumberFormat> formats = ColumnFormats(t);
  std::vector<std::string> header;
  std::vector<bool> right;
  for (std::size_t c = 0; c < columns.size(); ++c) {
    header.push_back(columns[c].get<std::string>());
    bool numeric = false, text = false;
    for (const json& row : rows) {
      numeric = numeric || row[c].is_number();
      text = text || row[c].is_string();
    }
    right.push_back(numeric && !text);
  }
  Row(header, out);
  Rule(right, out);
  for (const json& row : rows) {
    std::vector<std::string> cells;
    for (std::size_t c = 0; c < row.size(); ++c) cells.push_back(FormatCell(row[c], formats[c]));
    Row(cells, out);
  }
  if (rows.empty()) out += "\n(no rows)\n";
  out += "\n";
  std::string note = OptionalText(t, "note");
  if (!note.empty()) out += EscapeMarkdown(note) + "\n\n";
}

void Confusion(const json& p, std::string& out) {
  const json& labels = p["labels"];
  std::vector<std::string> header = {"actual \\ predicted"};
  for (const json& l : labels) header.push_back(l.get<std::string>());
  Row(header, out);
  std::vector<bool> right(header.size(), true);
  right[0] = false;
  Rule(right, out);
  const json& matrix = p["matrix"];
  for (std::size_t r = 0; r < matrix.size(); ++r) {
    double total = 0;
    for (const json& v : matrix[r]) total += v.is_number() ? v.get<double>() : 0;
    std::vector<std::string> cells = {labels[r].get<std::string>()};
    for (const json& v : matrix[r]) {
      if (!v.is_number()) {
        cells.push_back("-");
        continue;
      }
      double share = total > 0 ? v.get<double>() / total : 0;
      cells.push_back(FormatNumber(v, NumberFormat{}) + " (" +
                      FormatNumber(share, NumberFormat{NumberFormat::Kind::kPercent, 1}) + ")");
    }
    Row(cells, out);
  }
  out += "\nRows: actual class; columns: predicted class; (share of the row).\n\n";
}

std::string Category(const json& x) {
  return x.is_string() ? x.get<std::string>() : FormatNumber(x, NumberFormat{});
}

bool BarTable(const json& p, std::string& out) {
  const json& series = p["series"];
  std::vector<std::string> categories;
  std::unordered_map<std::string, std::size_t> index;
  for (const json& s : series)
    for (const json& pt : s["points"])
      if (index.emplace(Category(pt[0]), categories.size()).second)
        categories.push_back(Category(pt[0]));
  if (categories.empty() || categories.size() > kMaxBarRows) return false;
  std::string x_label = OptionalText(p, "x_label");
  std::vector<std::string> header = {x_label.empty() ? "category" : x_label};
  std::vector<std::vector<std::string>> rows(categories.size());
  for (std::size_t i = 0; i < categories.size(); ++i) rows[i] = {categories[i]};
  for (const json& s : series) {
    header.push_back(s["name"].get<std::string>());
    for (auto& r : rows) r.push_back("-");
    for (const json& pt : s["points"])
      rows[index[Category(pt[0])]].back() =
          pt[1].is_number() ? FormatNumber(pt[1], NumberFormat{}) : "-";
  }
  std::vector<bool> right(header.size(), true);
  right[0] = false;
  Row(header, out);
  Rule(right, out);
  for (const auto& r : rows) Row(r, out);
  out += "\n";
  return true;
}

std::string AxisText(const json& p, char axis) {
  std::string x(1, axis);
  std::string label = OptionalText(p, (x + "_label").c_str());
  if (label.empty()) label = x;
  auto log = p.find(x + "_log");
  if (log != p.end() && log->is_boolean() && log->get<bool>()) label += " (log scale)";
  return label;
}

void Curve(const json& p, std::string& out) {
  std::string line = p["kind"].get<std::string>() + " plot of " + AxisText(p, 'y') + " against " +
                     AxisText(p, 'x');
  const json& series = p["series"];
  for (std::size_t i = 0; i < series.size(); ++i) {
    line += i == 0 ? "; series: " : ", ";
    line += series[i]["name"].get<std::string>() + " (" +
            std::to_string(series[i]["points"].size()) + " points)";
  }
  out += EscapeMarkdown(line + ". See the HTML report.") + "\n\n";
}

}  // namespace

util::Result<std::string> RenderMarkdown(const json& layout) {
  util::Status valid = ValidateLayout(layout);
  if (!valid.ok()) return valid.WithContext("report layout");

  std::string out = "# " + EscapeMarkdown(layout["title"].get<std::string>()) + "\n\n";
  std::string subtitle = OptionalText(layout, "subtitle");
  if (!subtitle.empty()) out += EscapeMarkdown(subtitle) + "\n\n";
  std::string generated = OptionalText(layout, "generated");
  if (!generated.empty()) out += "Generated " + EscapeMarkdown(generated) + ".\n\n";
  std::string command = OptionalText(layout, "command");
  if (!command.empty()) out += "Command:\n\n" + MarkdownCodeBlock(command) + "\n";

  for (const json& s : layout["sections"]) {
    out += "## " + EscapeMarkdown(s["title"].get<std::string>()) + "\n\n";
    for (const std::string& p : SplitParagraphs(OptionalText(s, "text")))
      out += EscapeMarkdown(p) + "\n\n";
    if (auto it = s.find("tables"); it != s.end() && it->is_array())
      for (const json& t : *it) Table(t, out);
    if (auto it = s.find("plots"); it != s.end() && it->is_array()) {
      for (const json& p : *it) {
        std::string title = OptionalText(p, "title");
        if (!title.empty()) out += "### " + EscapeMarkdown(title) + "\n\n";
        std::string kind = p["kind"].get<std::string>();
        if (kind == "confusion") {
          Confusion(p, out);
        } else if (kind != "bar" || !BarTable(p, out)) {
          Curve(p, out);
        }
        std::string note = OptionalText(p, "note");
        if (!note.empty()) out += EscapeMarkdown(note) + "\n\n";
      }
    }
  }
  return out;
}

}  // namespace report
