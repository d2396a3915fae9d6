// A model's scores for every window of a split (dataset's window rule: W
// messages every p), and the cost of scoring them one window at a time.
#pragma once

#include <cstdint>
#include <vector>

#include "dataset/windows.h"
#include "features/encoded_split.h"
#include "nn/model.h"
#include "util/status.h"

namespace eval {

struct WindowScores {
  dataset::WindowParams params;
  std::vector<float> score;   // per window, sigmoid output
  std::vector<int8_t> label;  // per window, dataset::WindowLabel
  // Wall time of nn::Model::Infer at batch 1 for the first `timed` windows (one
  // thread, µs).
  std::vector<double> batch1_us;
  size_t size() const { return score.size(); }
};

// Scores every window of `split` with `model`; the first `timed_windows` are
// scored one per Infer call and timed, the rest in batches (same scores).
// Errors when the split's feature width differs from the model's input.
util::Result<WindowScores> ScoreWindows(const nn::Model &model, const features::EncodedSplit &split,
                                        const dataset::WindowParams &params, int64_t timed_windows);

}  // namespace eval
