// `sipddos evaluate` without the command line: every model on every test split,
// the baselines on the same windows, detection delays over the splits' pcaps,
// Table 1/3/4 figures. The result is the "figures" object of the evaluation
// JSON (docs/evaluation.md lists every key); layout.h turns it into the report
// layout.
#pragma once

#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "util/status.h"

namespace eval {

struct ModelSpec {
  std::string path;
  std::string id;     // empty: the file's stem (made unique)
  std::string group;  // "main" (Table 3), "paper-features", "holdout-mimic",
                      // ...; empty: main
  std::string note;   // free text for the report (e.g. "trained without mimic attacks")
};

struct EvalOptions {
  std::vector<ModelSpec> models;
  std::vector<std::string> tests;  // message CSVs (the pcap beside each is used when present)
  float threshold = -1;            // < 0: each model's own
  // Window steps for the step study (models whose group is "main" only; the
  // model's own step is always evaluated). Empty: no step study.
  std::vector<int> steps;
  std::string steps_kind;  // only main models of this kind ("gru") get the step study
  bool delay = true;       // detection delay over <test>.pcap (main models only)
  bool baselines = true;
  int64_t timed_windows = 20000;  // windows timed at batch 1 per model and test
  int curve_points = 400;         // ROC/PR points kept per curve
  FILE *log = stderr;             // progress lines; nullptr: silent
};

// Errors name the file (model, CSV, pcap) that failed.
util::Result<nlohmann::json> Evaluate(const EvalOptions &o);

// "test1" from "/x/test1.csv".
std::string Stem(const std::string &path);
// "1100000000": message j of the window is character j.
std::string PatternBits(uint64_t pattern, int window);

}  // namespace eval
