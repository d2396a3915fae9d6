#include "eval/window_scores.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <span>

namespace eval {

util::Result<WindowScores> ScoreWindows(const nn::Model &model, const features::EncodedSplit &split,
                                        const dataset::WindowParams &params,
                                        int64_t timed_windows) {
  SIPDDOS_RETURN_IF_ERROR(dataset::Validate(params));
  if (split.features != model.input_size())
    return util::Status::Error(split.features_from + ": " + std::to_string(split.features) +
                               " features per INVITE, the model takes " +
                               std::to_string(model.input_size()));
  WindowScores out;
  out.params = params;
  const int64_t n = dataset::WindowCount(split.rows, params);
  const int w = params.window, f = split.features;
  out.score.resize(size_t(n));
  out.label.resize(size_t(n));
  for (int64_t i = 0; i < n; ++i) {
    const int64_t s = dataset::WindowStart(i, params);
    out.label[size_t(i)] = int8_t(
        dataset::WindowLabel(std::span<const int8_t>(split.labels.data() + s, size_t(w)), params));
  }
  constexpr int kBatch = 256;
  nn::Workspace ws = model.NewWorkspace(kBatch, w);
  const int64_t timed = std::clamp<int64_t>(timed_windows, 0, n);
  out.batch1_us.reserve(size_t(timed));
  for (int64_t i = 0; i < timed; ++i) {
    // A window's rows are contiguous in the row-major feature matrix: no copy
    // needed.
    const float *x = split.x.data() + size_t(dataset::WindowStart(i, params)) * size_t(f);
    auto t0 = std::chrono::steady_clock::now();
    util::Status st = model.Infer(x, 1, w, &out.score[size_t(i)], ws);
    auto t1 = std::chrono::steady_clock::now();
    SIPDDOS_RETURN_IF_ERROR(st);
    out.batch1_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
  }
  std::vector<float> batch(size_t(kBatch) * size_t(w) * size_t(f));
  for (int64_t i = timed; i < n; i += kBatch) {
    const int m = int(std::min<int64_t>(kBatch, n - i));
    for (int b = 0; b < m; ++b) {
      const float *x = split.x.data() + size_t(dataset::WindowStart(i + b, params)) * size_t(f);
      std::memcpy(batch.data() + size_t(b) * size_t(w) * size_t(f), x,
                  sizeof(float) * size_t(w) * size_t(f));
    }
    SIPDDOS_RETURN_IF_ERROR(model.Infer(batch.data(), m, w, &out.score[size_t(i)], ws));
  }
  return out;
}

}  // namespace eval
