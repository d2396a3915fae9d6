#include "report/layout.h"

#include <cmath>
#include <set>
#include <string>

#include "report/number_format.h"

namespace report {
namespace {

using nlohmann::json;
using util::Status;

std::string Index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}
std::string Key(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}
Status Bad(const std::string& path, const std::string& what) {
  return Status::Error((path.empty() ? "layout" : path) + ": " + what);
}

bool IsFinite(const json& v) { return v.is_number() && std::isfinite(v.get<double>()); }

Status CheckNumber(const json& v, const std::string& path) {
  if (!v.is_number()) return Bad(path, "expected a number");
  if (!IsFinite(v)) return Bad(path, "expected a finite number (NaN and infinity must be null)");
  return Status::Ok();
}

// Optional keys may be absent or null.
const json* Optional(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

Status CheckString(const json& obj, const std::string& path, const char* key, bool required) {
  const json* v = Optional(obj, key);
  if (!v) return required ? Bad(Key(path, key), "missing (expected a string)") : Status::Ok();
  if (!v->is_string()) return Bad(Key(path, key), "expected a string");
  return Status::Ok();
}

Status CheckId(const json& obj, const std::string& path) {
  SIPDDOS_RETURN_IF_ERROR(CheckString(obj, path, "id", true));
  const std::string& id = obj["id"].get_ref<const std::string&>();
  bool ok = !id.empty() && id.size() <= 64;
  for (char c : id)
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-');
  if (!ok)
    return Bad(Key(path, "id"), "expected 1 to 64 characters of [a-z0-9_-], got " +
                                    json(id).dump(-1, ' ', false, json::error_handler_t::replace));
  return Status::Ok();
}

Status CheckArray(const json& obj, const std::string& path, const char* key, bool required) {
  const json* v = Optional(obj, key);
  if (!v) return required ? Bad(Key(path, key), "missing (expected an array)") : Status::Ok();
  if (!v->is_array()) return Bad(Key(path, key), "expected an array");
  return Status::Ok();
}

Status CheckTable(const json& t, const std::string& path) {
  if (!t.is_object()) return Bad(path, "expected an object");
  SIPDDOS_RETURN_IF_ERROR(CheckId(t, path));
  SIPDDOS_RETURN_IF_ERROR(CheckString(t, path, "title", false));
  SIPDDOS_RETURN_IF_ERROR(CheckString(t, path, "note", false));
  SIPDDOS_RETURN_IF_ERROR(CheckArray(t, path, "columns", true));
  SIPDDOS_RETURN_IF_ERROR(CheckArray(t, path, "rows", true));
  const json& columns = t["columns"];
  if (columns.empty()) return Bad(Key(path, "columns"), "expected at least one column");
  std::set<std::string> names;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (!columns[i].is_string()) return Bad(Index(Key(path, "columns"), i), "expected a string");
    names.insert(columns[i].get<std::string>());
  }
  const json& rows = t["rows"];
  for (std::size_t r = 0; r < rows.size(); ++r) {
    std::string rpath = Index(Key(path, "rows"), r);
    if (!rows[r].is_array()) return Bad(rpath, "expected an array of cells");
    if (rows[r].size() != columns.size())
      return Bad(rpath, "expected " + std::to_string(columns.size()) +
                            " cells (one per column), got " + std::to_string(rows[r].size()));
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      const json& cell = rows[r][c];
      if (cell.is_string() || cell.is_null()) continue;
      if (cell.is_number()) {
        SIPDDOS_RETURN_IF_ERROR(CheckNumber(cell, Index(rpath, c)));
        continue;
      }
      return Bad(Index(rpath, c), "expected a string, a number or null");
    }
  }
  if (const json* format = Optional(t, "format")) {
    std::string fpath = Key(path, "format");
    if (!format->is_object()) return Bad(fpath, "expected an object {column: format}");
    for (const auto& [column, spec] : format->items()) {
      std::string cpath = Key(fpath, column);
      if (!names.count(column)) return Bad(cpath, "no such column");
      if (!spec.is_string()) return Bad(cpath, "expected a format string");
      auto parsed = ParseNumberFormat(spec.get<std::string>());
      if (!parsed.ok()) return Bad(cpath, parsed.status().message());
    }
  }
  return Status::Ok();
}

Status CheckAxis(const json& p, const std::string& path, const char axis) {
  std::string x(1, axis);
  SIPDDOS_RETURN_IF_ERROR(CheckString(p, path, (x + "_label").c_str(), false));
  bool log = false;
  if (const json* v = Optional(p, (x + "_log").c_str())) {
    if (!v->is_boolean()) return Bad(Key(path, x + "_log"), "expected true or false");
    log = v->get<bool>();
  }
  for (const char* end : {"_min", "_max"}) {
    std::string key = x + end;
    const json* v = Optional(p, key.c_str());
    if (!v) continue;
    SIPDDOS_RETURN_IF_ERROR(CheckNumber(*v, Key(path, key)));
    if (log && v->get<double>() <= 0) return Bad(Key(path, key), "must be > 0 on a log axis");
  }
  const json* lo = Optional(p, (x + "_min").c_str());
  const json* hi = Optional(p, (x + "_max").c_str());
  if (lo && hi && lo->get<double>() >= hi->get<double>())
    return Bad(Key(path, x + "_max"), "must be greater than " + x + "_min");
  return Status::Ok();
}

Status CheckChart(const json& p, const std::string& path, bool bar) {
  SIPDDOS_RETURN_IF_ERROR(CheckAxis(p, path, 'x'));
  SIPDDOS_RETURN_IF_ERROR(CheckAxis(p, path, 'y'));
  SIPDDOS_RETURN_IF_ERROR(CheckArray(p, path, "series", true));
  const json& series = p["series"];
  for (std::size_t s = 0; s < series.size(); ++s) {
    std::string spath = Index(Key(path, "series"), s);
    if (!series[s].is_object()) return Bad(spath, "expected an object {name, points}");
    SIPDDOS_RETURN_IF_ERROR(CheckString(series[s], spath, "name", true));
    SIPDDOS_RETURN_IF_ERROR(CheckArray(series[s], spath, "points", true));
    const json& points = series[s]["points"];
    if (points.size() > kMaxPointsPerSeries)
      return Bad(Key(spath, "points"), std::to_string(points.size()) + " points, more than the " +
                                           std::to_string(kMaxPointsPerSeries) +
                                           " a series may hold (downsample)");
    for (std::size_t i = 0; i < points.size(); ++i) {
      std::string ppath = Index(Key(spath, "points"), i);
      const json& pt = points[i];
      if (!pt.is_array() || pt.size() != 2) return Bad(ppath, "expected [x, y]");
      if (bar && pt[0].is_string()) {
        // a category
      } else if (!pt[0].is_number()) {
        return Bad(Index(ppath, 0),
                   bar ? "expected a number or a category string" : "expected a number");
      } else {
        SIPDDOS_RETURN_IF_ERROR(CheckNumber(pt[0], Index(ppath, 0)));
      }
      if (!pt[1].is_null()) SIPDDOS_RETURN_IF_ERROR(CheckNumber(pt[1], Index(ppath, 1)));
    }
  }
  return Status::Ok();
}

Status CheckConfusion(const json& p, const std::string& path) {
  SIPDDOS_RETURN_IF_ERROR(CheckArray(p, path, "labels", true));
  SIPDDOS_RETURN_IF_ERROR(CheckArray(p, path, "matrix", true));
  const json& labels = p["labels"];
  const json& matrix = p["matrix"];
  if (labels.empty() || labels.size() > kMaxConfusionLabels)
    return Bad(Key(path, "labels"),
               "expected 1 to " + std::to_string(kMaxConfusionLabels) + " labels");
  for (std::size_t i = 0; i < labels.size(); ++i)
    if (!labels[i].is_string()) return Bad(Index(Key(path, "labels"), i), "expected a string");
  if (matrix.size() != labels.size())
    return Bad(Key(path, "matrix"),
               "expected " + std::to_string(labels.size()) + " rows (one per label)");
  for (std::size_t r = 0; r < matrix.size(); ++r) {
    std::string rpath = Index(Key(path, "matrix"), r);
    if (!matrix[r].is_array() || matrix[r].size() != labels.size())
      return Bad(rpath, "expected an array of " + std::to_string(labels.size()) + " counts");
    for (std::size_t c = 0; c < labels.size(); ++c) {
      const json& v = matrix[r][c];
      if (v.is_null()) continue;
      SIPDDOS_RETURN_IF_ERROR(CheckNumber(v, Index(rpath, c)));
      if (v.get<double>() < 0) return Bad(Index(rpath, c), "expected a count >= 0");
    }
  }
  return Status::Ok();
}

Status CheckPlot(const json& p, const std::string& path) {
  if (!p.is_object()) return Bad(path, "expected an object");
  SIPDDOS_RETURN_IF_ERROR(CheckId(p, path));
  SIPDDOS_RETURN_IF_ERROR(CheckString(p, path, "title", false));
  SIPDDOS_RETURN_IF_ERROR(CheckString(p, path, "note", false));
  SIPDDOS_RETURN_IF_ERROR(CheckString(p, path, "kind", true));
  const std::string& kind = p["kind"].get_ref<const std::string&>();
  if (kind == "confusion") return CheckConfusion(p, path);
  if (IsChartKind(kind)) return CheckChart(p, path, kind == "bar");
  return Bad(Key(path, "kind"),
             "unknown plot kind \"" + kind + "\" (expected line, scatter, bar or confusion)");
}

Status CheckSection(const json& s, const std::string& path) {
  if (!s.is_object()) return Bad(path, "expected an object");
  SIPDDOS_RETURN_IF_ERROR(CheckId(s, path));
  SIPDDOS_RETURN_IF_ERROR(CheckString(s, path, "title", true));
  SIPDDOS_RETURN_IF_ERROR(CheckString(s, path, "text", false));
  SIPDDOS_RETURN_IF_ERROR(CheckArray(s, path, "tables", false));
  SIPDDOS_RETURN_IF_ERROR(CheckArray(s, path, "plots", false));
  if (const json* tables = Optional(s, "tables"))
    for (std::size_t i = 0; i < tables->size(); ++i)
      SIPDDOS_RETURN_IF_ERROR(CheckTable((*tables)[i], Index(Key(path, "tables"), i)));
  if (const json* plots = Optional(s, "plots"))
    for (std::size_t i = 0; i < plots->size(); ++i)
      SIPDDOS_RETURN_IF_ERROR(CheckPlot((*plots)[i], Index(Key(path, "plots"), i)));
  return Status::Ok();
}

}  // namespace

bool IsChartKind(std::string_view kind) {
  return kind == "line" || kind == "scatter" || kind == "bar";
}

util::Status ValidateLayout(const nlohmann::json& layout) {
  if (!layout.is_object()) return Bad("", "expected an object");
  SIPDDOS_RETURN_IF_ERROR(CheckString(layout, "", "title", true));
  for (const char* key : {"subtitle", "generated", "command"})
    SIPDDOS_RETURN_IF_ERROR(CheckString(layout, "", key, false));
  SIPDDOS_RETURN_IF_ERROR(CheckArray(layout, "", "sections", true));
  const json& sections = layout["sections"];
  std::set<std::string> ids;
  for (std::size_t i = 0; i < sections.size(); ++i) {
    std::string path = Index("sections", i);
    SIPDDOS_RETURN_IF_ERROR(CheckSection(sections[i], path));
    // Section ids are the page's anchors.
    if (!ids.insert(sections[i]["id"].get<std::string>()).second)
      return Bad(Key(path, "id"),
                 "duplicate section id \"" + sections[i]["id"].get<std::string>() + "\"");
  }
  return Status::Ok();
}

}  // namespace report
