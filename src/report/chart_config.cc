#include "report/chart_config.h"

#include <array>
#include <string>
#include <unordered_map>
#include <vector>

#include "report/number_format.h"

namespace report {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 10> kPalette = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e",
                                                       "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                                                       "#bcbd22", "#17becf"};

bool Flag(const json& plot, const char* key) {
  auto it = plot.find(key);
  return it != plot.end() && it->is_boolean() && it->get<bool>();
}

std::string Text(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json Axis(const json& plot, char axis, bool category) {
  std::string x(1, axis);
  bool log = !category && Flag(plot, (x + "_log").c_str());
  json a = {{"type", category ? "category" : log ? "logarithmic" : "linear"}};
  std::string label = Text(plot, (x + "_label").c_str());
  a["title"] = {{"display", !label.empty()}, {"text", label}};
  for (const char* end : {"_min", "_max"}) {
    auto it = plot.find(x + end);
    if (it != plot.end() && it->is_number()) a[end + 1] = *it;
  }
  return a;
}

json Dataset(const std::string& name, std::size_t i, json data) {
  std::string color(SeriesColor(i));
  return {{"label", name},
          {"data", std::move(data)},
          {"borderColor", color},
          {"backgroundColor", color},
          {"borderWidth", 1.5}};
}

}  // namespace

std::string_view SeriesColor(std::size_t i) { return kPalette[i % kPalette.size()]; }

ChartConfigResult ChartConfig(const json& plot) {
  ChartConfigResult out;
  const std::string kind = plot.at("kind").get<std::string>();
  const json& series = plot.at("series");
  bool bar = kind == "bar";
  bool x_log = !bar && Flag(plot, "x_log"), y_log = Flag(plot, "y_log");
  json datasets = json::array();
  json labels = json::array();

  if (bar) {
    // Categories in order of first appearance across series; numbers print as in tables.
    std::unordered_map<std::string, std::size_t> index;
    auto category = [](const json& x) {
      return x.is_string() ? x.get<std::string>() : FormatNumber(x, NumberFormat{});
    };
    for (const json& s : series)
      for (const json& p : s.at("points"))
        if (index.emplace(category(p[0]), index.size()).second) labels.push_back(category(p[0]));
    for (std::size_t i = 0; i < series.size(); ++i) {
      json data(std::vector<json>(labels.size(), nullptr));
      for (const json& p : series[i].at("points")) {
        if (y_log && p[1].is_number() && p[1].get<double>() <= 0) {
          ++out.dropped;
          continue;
        }
        data[index[category(p[0])]] = p[1];
      }
      datasets.push_back(Dataset(series[i].at("name").get<std::string>(), i, std::move(data)));
    }
  } else {
    for (std::size_t i = 0; i < series.size(); ++i) {
      json data = json::array();
      for (const json& p : series[i].at("points")) {
        bool off_log = (x_log && p[0].get<double>() <= 0) ||
                       (y_log && p[1].is_number() && p[1].get<double>() <= 0);
        if (off_log) {
          ++out.dropped;
          continue;
        }
        data.push_back({{"x", p[0]}, {"y", p[1]}});
      }
      std::size_t n = data.size();
      json d = Dataset(series[i].at("name").get<std::string>(), i, std::move(data));
      d["showLine"] = kind == "line";
      // Dots hide the shape of a long curve; a scatter keeps them.
      d["pointRadius"] = kind == "line" && n > 60 ? 0 : 2.5;
      d["spanGaps"] = false;
      datasets.push_back(std::move(d));
    }
  }

  json data = {{"datasets", std::move(datasets)}};
  if (bar) data["labels"] = std::move(labels);
  out.config = {
      {"type", bar ? "bar" : "scatter"},
      {"data", std::move(data)},
      {"options",
       {{"animation", false},
        {"responsive", true},
        {"maintainAspectRatio", false},
        {"plugins", {{"legend", {{"display", series.size() > 1}, {"position", "bottom"}}}}},
        {"scales", {{"x", Axis(plot, 'x', bar)}, {"y", Axis(plot, 'y', false)}}}}}};
  return out;
}

std::string_view ChartDriverScript() {
  return R"JS((function () {
  'use strict';
  var status = document.getElementById('sipddos-render-status');
  var errors = 0, drawn = 0;
  function fail(message) {
    errors++;
    status.setAttribute('data-state', 'error');
    status.setAttribute('data-errors', String(errors));
    status.textContent = 'A chart could not be drawn: ' + message;
  }
  window.addEventListener('error', function (e) { fail(e.message); });
  var charts = JSON.parse(document.getElementById('sipddos-charts').textContent);
  var registry = window.sipddosCharts = {};
  charts.forEach(function (c) {
    var canvas = document.getElementById(c.canvas);
    try {
      registry[c.canvas] = new Chart(canvas, c.config);
      drawn++;
    } catch (e) {
      canvas.parentNode.textContent = 'This plot could not be drawn: ' + e.message;
      fail(c.canvas + ': ' + e.message);
    }
  });
  status.setAttribute('data-drawn', String(drawn));
  status.setAttribute('data-height', String(document.documentElement.scrollHeight));
  if (errors === 0 && drawn === charts.length) {
    status.setAttribute('data-state', 'ready');
    status.textContent = drawn + ' charts drawn.';
  }
})();
)JS";
}

}  // namespace report
