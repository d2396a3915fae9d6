// Chart.js configuration for one validated line, scatter or bar plot of the layout, and the page
// script that draws them: shared by the evaluation report and the live status page.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

namespace report {

struct ChartConfigResult {
  nlohmann::json config;    // the argument of `new Chart(canvas, config)`
  std::size_t dropped = 0;  // points at or below zero left off a log axis
};

// plot: a line, scatter or bar plot that passed ValidateLayout. Line and scatter plots use
// linear (or logarithmic) x axes; a bar plot's x values are categories in order of first
// appearance; a null y is a gap. Animation is off, so a chart is complete once constructed.
ChartConfigResult ChartConfig(const nlohmann::json& plot);

// The colour of series i: a ten-colour palette that stays apart in print.
std::string_view SeriesColor(std::size_t i);

// JavaScript that draws the charts listed as JSON [{"canvas": id, "config": {...}}] in the
// element <script type="application/json" id="sipddos-charts">, then reports on the element
// id="sipddos-render-status": data-state="ready" (every chart drawn, no script error) or
// "error", data-drawn (charts drawn), data-height (page height in CSS pixels). Each Chart is kept
// in window.sipddosCharts[canvas id], so a live page can change its data and call update().
// Needs Chart.js loaded before it.
std::string_view ChartDriverScript();

}  // namespace report
