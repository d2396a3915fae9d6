// The report layout (the contract in docs/evaluation.md, rendered by
// report::WriteReport) built from the figures object of eval::Evaluate: Tables
// 1, 3 and 4 beside the paper's, every metric, confusion matrices, ROC/PR
// curves, baselines, detection delay, the score around an attack, and the
// generalisation tables (cross-network, feature sets, hold-out, window step).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace eval {

struct LayoutInfo {
  std::string subtitle;
  std::string command;  // the command line that produced the figures
  std::string note;     // extra paragraph for the overview (e.g. what reproduce shortened)
};

nlohmann::json BuildLayout(const nlohmann::json &figures, const LayoutInfo &info);

// {"schema": "sipddos-evaluation/1", "figures": ..., "report":
// BuildLayout(...)}.
nlohmann::json EvaluationDocument(const nlohmann::json &figures, const LayoutInfo &info);

}  // namespace eval
