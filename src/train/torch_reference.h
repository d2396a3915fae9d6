// The same model run by libtorch's own torch::nn::RNN/LSTM/GRU + Linear
// forward, as a speed and correctness reference for the nn kernels (`sipddos
// bench`). Torch types stay out of this header so callers compile without
// libtorch's headers; no exception leaves these functions.
#pragma once

#include <memory>

#include "nn/model_file.h"
#include "util/status.h"

namespace train {

class TorchReference {
 public:
  // Copies the file's tensors into fresh libtorch modules (eval mode, no
  // autograd).
  static util::Result<TorchReference> Create(const nn::ModelFile& file);

  // windows: [n][steps][input_size] raw features; normalises, runs the RNN
  // batch-first and the head on the last step: scores[i] = sigmoid(logits[i]).
  // logits may be null.
  util::Status Infer(const float* windows, int n, int steps, float* scores,
                     float* logits = nullptr) const;

  // at::set_num_threads: the benchmark pins libtorch to one thread.
  static void SetNumThreads(int threads);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace train
