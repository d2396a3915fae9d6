// The report layout (docs/report.md; the contract with `sipddos evaluate`): a JSON object of
// sections holding tables and plots. ValidateLayout checks it all before anything is rendered,
// so the renderers can trust its shape.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "util/status.h"

namespace report {

// Bounds that keep a page drawable; the producer downsamples long curves.
inline constexpr std::size_t kMaxPointsPerSeries = 10000;
inline constexpr std::size_t kMaxConfusionLabels = 64;

// OK, or the first problem as "<JSON path>: <what is wrong>", e.g.
// "sections[2].plots[0].series[1].points[5]: expected [x, y]". Unknown keys are ignored.
util::Status ValidateLayout(const nlohmann::json& layout);

// Kinds of plot drawn with Chart.js (the confusion matrix is an HTML table).
bool IsChartKind(std::string_view kind);

}  // namespace report
