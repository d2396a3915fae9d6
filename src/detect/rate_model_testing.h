// A hand-built GRU for tests: its score exceeds 0.5 exactly when the global 1-second INVITE
// rate feature exceeds `rate_per_s`, so tests can drive the detector with plain traffic.
#pragma once

#include <cmath>

#include "features/feature_schema.h"
#include "nn/model_file.h"

namespace detect {

inline nn::ModelFile RateThresholdModel(double rate_per_s) {
  constexpr int H = 4;
  const int in = features::FeatureCount(features::FeatureSet::kFull);
  nn::ModelFile f;
  f.meta.model = nn::CellKind::kGru;
  f.meta.input_size = in;
  f.meta.hidden_size = H;
  f.meta.feature_set = "full";
  f.meta.feature_schema = features::kSchemaVersion;
  f.meta.norm_mean.assign(in, 0.f);
  f.meta.norm_std.assign(in, 1.f);
  nn::Tensor w_ih{{3 * H, in}, std::vector<float>(3 * H * in, 0.f)};
  nn::Tensor w_hh{{3 * H, H}, std::vector<float>(3 * H * H, 0.f)};
  nn::Tensor b_ih{{3 * H}, std::vector<float>(3 * H, 0.f)};
  nn::Tensor b_hh{{3 * H}, std::vector<float>(3 * H, 0.f)};
  for (int j = 0; j < H; ++j) b_ih.data[H + j] = -30.f;  // z ~ 0: h_t = n_t, the last step decides
  w_ih.data[(2 * H) * in + features::kGlobalRate1sLog] = 1.f;  // n_0 = tanh(rate feature)
  f.tensors["rnn.weight_ih_l0"] = w_ih;
  f.tensors["rnn.weight_hh_l0"] = w_hh;
  f.tensors["rnn.bias_ih_l0"] = b_ih;
  f.tensors["rnn.bias_hh_l0"] = b_hh;
  const float k = 50.f;
  f.tensors["fc.weight"] = nn::Tensor{{1, H}, {k, 0.f, 0.f, 0.f}};
  f.tensors["fc.bias"] = nn::Tensor{{1}, {float(-k * std::tanh(std::log1p(rate_per_s)))}};
  return f;
}

}  // namespace detect
