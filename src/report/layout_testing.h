// Layouts for the report tests.
#pragma once

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace report::testing {

// One section with one table, one line plot, one bar plot and one confusion matrix.
inline nlohmann::json SmallLayout() {
  return nlohmann::json::parse(R"({
    "title": "t", "sections": [
      {"id": "s0", "title": "Section zero", "text": "hello",
       "tables": [{"id": "m", "title": "metrics", "columns": ["model", "accuracy", "n"],
                   "rows": [["gru", 0.99912, 3], ["rnn", null, 4]],
                   "format": {"accuracy": ".4f", "n": "d"}}],
       "plots": [
         {"id": "roc", "title": "ROC", "kind": "line", "x_label": "fpr", "y_label": "tpr",
          "x_log": true, "series": [{"name": "gru", "points": [[0, 0], [0.01, 0.9], [1, 1]]}]},
         {"id": "delay", "title": "Delay", "kind": "bar", "x_label": "intensity",
          "series": [{"name": "gru", "points": [["VL", 5], ["H", 1]]},
                     {"name": "pike", "points": [["H", 2], ["VH", 3]]}]},
         {"id": "cm", "title": "CM", "kind": "confusion", "labels": ["benign", "malicious"],
          "matrix": [[90, 10], [5, 95]]}]}]})");
}

// src/report/testdata/sample-layout.json: every plot kind and hostile text.
inline nlohmann::json SampleLayout() {
  std::ifstream in(std::string(SIPDDOS_TESTDATA) + "/../src/report/testdata/sample-layout.json");
  std::stringstream s;
  s << in.rdbuf();
  return nlohmann::json::parse(s.str());
}

}  // namespace report::testing
