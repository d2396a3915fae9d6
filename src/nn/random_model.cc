#include "nn/random_model.h"

#include <cmath>
#include <random>

namespace nn {

ModelFile RandomModel(const RandomModelOptions& o) {
  ModelFile f;
  f.meta.model = o.model;
  f.meta.input_size = o.input_size;
  f.meta.hidden_size = o.hidden_size;
  f.meta.num_layers = o.num_layers;
  f.meta.feature_set = "full";
  f.meta.train_command = "nn::RandomModel";
  f.meta.trained_on =
      "nothing (random weights, seed " + std::to_string(o.seed) + ")";
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<float> mean(-2.f, 2.f), stdev(0.5f, 3.f);
  for (int i = 0; i < o.input_size; ++i) {
    f.meta.norm_mean.push_back(o.random_normalisation ? mean(rng) : 0.f);
    f.meta.norm_std.push_back(o.random_normalisation ? stdev(rng) : 1.f);
  }
  const float k = 1.f / std::sqrt(static_cast<float>(o.hidden_size));
  std::uniform_real_distribution<float> w(-k, k);
  for (const auto& [name, shape] : ModelFile::ExpectedShapes(f.meta)) {
    Tensor t{shape, {}};
    t.data.resize(t.NumElements());
    for (float& v : t.data) v = w(rng);
    f.tensors[name] = std::move(t);
  }
  return f;
}

}  // namespace nn
