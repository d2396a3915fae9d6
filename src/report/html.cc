#include "report/html.h"

#include <algorithm>
#include <string>
#include <vector>

#include "report/chart_config.h"
#include "report/chart_js.h"
#include "report/escape.h"
#include "report/layout.h"
#include "report/layout_fields.h"
#include "report/number_format.h"

namespace report {
namespace {

using nlohmann::json;

constexpr const char* kStyle = R"CSS(
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #222;
       max-width: 1200px; margin: 0 auto; padding: 16px 24px 48px; background: #fff; }
h1 { font-size: 26px; margin: 8px 0 4px; } h2 { font-size: 20px; margin: 36px 0 8px;
  border-bottom: 1px solid #ddd; padding-bottom: 4px; } h3 { font-size: 15px; margin: 0 0 6px; }
.subtitle { color: #555; margin: 0 0 12px; }
.meta { color: #555; font-size: 13px; } .meta pre { background: #f5f5f5; padding: 6px 8px;
  overflow-x: auto; white-space: pre-wrap; word-break: break-all; margin: 4px 0; }
nav ol { columns: 2; font-size: 14px; }
table { border-collapse: collapse; margin: 12px 0 4px; font-size: 13.5px; }
caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
th, td { border: 1px solid #d8d8d8; padding: 3px 8px; }
th { background: #f2f2f2; text-align: left; } td.num { text-align: right;
  font-variant-numeric: tabular-nums; } td.null { color: #999; text-align: center; }
.note { color: #555; font-size: 13px; margin: 2px 0 12px; }
.plots { display: flex; flex-wrap: wrap; gap: 16px; margin-top: 12px; }
.plot { flex: 1 1 520px; max-width: 100%; border: 1px solid #e2e2e2; border-radius: 4px;
  padding: 10px 12px; box-sizing: border-box; }
.chart { position: relative; height: 320px; }
table.confusion td { text-align: center; min-width: 90px; padding: 8px; }
table.confusion small { display: block; font-size: 11.5px; opacity: 0.85; }
footer { margin-top: 40px; color: #777; font-size: 12px; border-top: 1px solid #eee; padding-top: 8px; }
@media print { .plot { break-inside: avoid; } }
)CSS";

bool IsNumericColumn(const json& rows, std::size_t c) {
  bool any = false;
  for (const json& row : rows) {
    if (row[c].is_string()) return false;
    any = any || row[c].is_number();
  }
  return any;
}

void Paragraphs(const std::string& text, std::string& out) {
  for (const std::string& p : SplitParagraphs(text)) out += "<p>" + EscapeHtml(p) + "</p>\n";
}

void Table(const json& t, std::string& out) {
  const json& columns = t["columns"];
  const json& rows = t["rows"];
  std::vector<NumberFormat> formats = ColumnFormats(t);
  out += "<table class=\"data\" id=\"table-" + t["id"].get<std::string>() + "\">\n";
  std::string title = OptionalText(t, "title");
  if (!title.empty()) out += "<caption>" + EscapeHtml(title) + "</caption>\n";
  out += "<thead><tr>";
  for (const json& c : columns) out += "<th>" + EscapeHtml(c.get<std::string>()) + "</th>";
  out += "</tr></thead>\n<tbody>\n";
  std::vector<bool> numeric(columns.size());
  for (std::size_t c = 0; c < columns.size(); ++c) numeric[c] = IsNumericColumn(rows, c);
  for (const json& row : rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const char* cls = row[c].is_null() ? " class=\"null\"" : numeric[c] ? " class=\"num\"" : "";
      out += std::string("<td") + cls + ">" + EscapeHtml(FormatCell(row[c], formats[c])) + "</td>";
    }
    out += "</tr>\n";
  }
  if (rows.empty())
    out += "<tr><td class=\"null\" colspan=\"" + std::to_string(columns.size()) +
           "\">no rows</td></tr>\n";
  out += "</tbody></table>\n";
  std::string note = OptionalText(t, "note");
  if (!note.empty()) out += "<p class=\"note\">" + EscapeHtml(note) + "</p>\n";
}

// Rows are the actual class, columns the predicted one; each cell is shaded by its share of the
// row, so a rare class's errors show as clearly as a common one's.
void Confusion(const json& p, std::string& out) {
  const json& labels = p["labels"];
  const json& matrix = p["matrix"];
  out += "<table class=\"confusion\">\n<tr><th>actual \\ predicted</th>";
  for (const json& l : labels) out += "<th>" + EscapeHtml(l.get<std::string>()) + "</th>";
  out += "</tr>\n";
  for (std::size_t r = 0; r < matrix.size(); ++r) {
    double total = 0;
    for (const json& v : matrix[r]) total += v.is_number() ? v.get<double>() : 0;
    out += "<tr><th>" + EscapeHtml(labels[r].get<std::string>()) + "</th>";
    for (const json& v : matrix[r]) {
      if (!v.is_number()) {
        out += "<td class=\"null\">-</td>";
        continue;
      }
      double share = total > 0 ? v.get<double>() / total : 0;
      double alpha = 0.06 + 0.84 * share;
      char style[96];
      std::snprintf(style, sizeof style, "background:rgba(31,119,180,%.3f);color:%s", alpha,
                    alpha > 0.5 ? "#fff" : "#222");
      out += std::string("<td style=\"") + style + "\">" +
             EscapeHtml(FormatNumber(v, NumberFormat{})) + "<small>" +
             FormatNumber(share, NumberFormat{NumberFormat::Kind::kPercent, 1}) +
             " of row</small></td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

}  // namespace

std::string HtmlHead(const std::string& title) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      // No fetch of any kind: everything the page needs is inline.
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
      "form-action 'none'\">\n"
      "<title>" +
      EscapeHtml(title) + "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n";
  return out;
}

util::Result<std::string> RenderHtml(const json& layout) {
  util::Status valid = ValidateLayout(layout);
  if (!valid.ok()) return valid.WithContext("report layout");

  std::string title = layout["title"].get<std::string>();
  std::string out = HtmlHead(title) + "<body>\n<header>\n<h1>" + EscapeHtml(title) + "</h1>\n";
  std::string subtitle = OptionalText(layout, "subtitle");
  if (!subtitle.empty()) out += "<p class=\"subtitle\">" + EscapeHtml(subtitle) + "</p>\n";
  std::string generated = OptionalText(layout, "generated");
  std::string command = OptionalText(layout, "command");
  out += "<div class=\"meta\">";
  if (!generated.empty()) out += "Generated " + EscapeHtml(generated) + ".";
  if (!command.empty()) out += " Command:<pre><code>" + EscapeHtml(command) + "</code></pre>";
  out += "</div>\n</header>\n";

  const json& sections = layout["sections"];
  if (sections.size() > 1) {
    out += "<nav><ol>\n";
    for (const json& s : sections)
      out += "<li><a href=\"#" + s["id"].get<std::string>() + "\">" +
             EscapeHtml(s["title"].get<std::string>()) + "</a></li>\n";
    out += "</ol></nav>\n";
  }

  json charts = json::array();
  for (std::size_t si = 0; si < sections.size(); ++si) {
    const json& s = sections[si];
    out += "<section id=\"" + s["id"].get<std::string>() + "\">\n<h2>" +
           EscapeHtml(s["title"].get<std::string>()) + "</h2>\n";
    Paragraphs(OptionalText(s, "text"), out);
    if (auto it = s.find("tables"); it != s.end() && it->is_array())
      for (const json& t : *it) Table(t, out);
    auto plots = s.find("plots");
    if (plots == s.end() || !plots->is_array() || plots->empty()) {
      out += "</section>\n";
      continue;
    }
    out += "<div class=\"plots\">\n";
    for (std::size_t pi = 0; pi < plots->size(); ++pi) {
      const json& p = (*plots)[pi];
      std::string kind = p["kind"].get<std::string>();
      out += "<figure class=\"plot\" id=\"plot-" + s["id"].get<std::string>() + "-" +
             p["id"].get<std::string>() + "\" style=\"margin:0\">\n";
      std::string ptitle = OptionalText(p, "title");
      if (!ptitle.empty()) out += "<h3>" + EscapeHtml(ptitle) + "</h3>\n";
      std::string note = OptionalText(p, "note");
      if (kind == "confusion") {
        Confusion(p, out);
      } else {
        std::string canvas = "chart-" + std::to_string(si) + "-" + std::to_string(pi);
        ChartConfigResult chart = ChartConfig(p);
        charts.push_back({{"canvas", canvas}, {"config", std::move(chart.config)}});
        out += "<div class=\"chart\"><canvas id=\"" + canvas + "\" role=\"img\" aria-label=\"" +
               EscapeHtml(ptitle) + "\"></canvas></div>\n";
        if (chart.dropped > 0) {
          std::string dropped = std::to_string(chart.dropped) + " point" +
                                (chart.dropped > 1 ? "s" : "") +
                                " at or below zero not shown on the log axis.";
          note = note.empty() ? dropped : note + " " + dropped;
        }
      }
      if (!note.empty()) out += "<p class=\"note\">" + EscapeHtml(note) + "</p>\n";
      out += "</figure>\n";
    }
    out += "</div>\n</section>\n";
  }

  out += "<footer>Rendered by sipddos";
  if (!charts.empty())
    out += "; charts by Chart.js v" + EscapeHtml(ChartJsVersion()) + " (MIT licence)";
  out += ". <span id=\"sipddos-render-status\" data-state=\"loading\" data-expected=\"" +
         std::to_string(charts.size()) + "\">" + (charts.empty() ? "" : "Charts need JavaScript.") +
         "</span></footer>\n";
  out += "<script type=\"application/json\" id=\"sipddos-charts\">" + ScriptSafeJson(charts) +
         "</script>\n";
  if (!charts.empty()) {
    out += "<script>\n";
    out += ChartJsSource();
    out += "\n</script>\n";
  }
  out += "<script>\n";
  out += ChartDriverScript();
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace report
