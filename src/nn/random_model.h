// Random-weight models for tests and benchmarks: PyTorch's default
// initialisation, U(-1/sqrt(H), 1/sqrt(H)) for every tensor, reproducible from
// the seed.
#pragma once

#include <cstdint>

#include "nn/model_file.h"

namespace nn {

struct RandomModelOptions {
  CellKind model = CellKind::kGru;
  int input_size = 32;
  int hidden_size = 64;
  int num_layers = 1;
  uint64_t seed = 1;
  bool random_normalisation = true;  // false: mean 0, std 1
};

ModelFile RandomModel(const RandomModelOptions& options);

}  // namespace nn
