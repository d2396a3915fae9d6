#include "nn/model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <utility>

#include "nn/model_file.h"
#include "nn/random_model.h"

namespace nn {
namespace {

// Straight from PyTorch's documented equations, in double, on the file's raw
// tensors: an implementation independent of the kernel's layout, bias folding
// and normalisation folding.
double ReferenceLogit(const ModelFile& f, const float* window, int steps) {
  const ModelMetadata& m = f.meta;
  const int h = m.hidden_size, g = GateCount(m.model);
  auto sig = [](double x) { return 1.0 / (1.0 + std::exp(-x)); };
  std::vector<std::vector<double>> seq(steps);
  for (int t = 0; t < steps; ++t)
    for (int i = 0; i < m.input_size; ++i)
      seq[t].push_back((window[t * m.input_size + i] - m.norm_mean[i]) /
                       m.norm_std[i]);
  for (int l = 0; l < m.num_layers; ++l) {
    const Tensor& wi = f.tensors.at(RecurrentTensorName("weight_ih", l));
    const Tensor& wh = f.tensors.at(RecurrentTensorName("weight_hh", l));
    const Tensor& bi = f.tensors.at(RecurrentTensorName("bias_ih", l));
    const Tensor& bh = f.tensors.at(RecurrentTensorName("bias_hh", l));
    const int in = static_cast<int>(wi.shape[1]);
    std::vector<double> hs(h, 0.0), cs(h, 0.0);
    for (int t = 0; t < steps; ++t) {
      std::vector<double> gx(g * h), gh(g * h);
      for (int r = 0; r < g * h; ++r) {
        gx[r] = bi.data[r];
        gh[r] = bh.data[r];
        for (int c = 0; c < in; ++c) gx[r] += wi.data[r * in + c] * seq[t][c];
        for (int c = 0; c < h; ++c) gh[r] += wh.data[r * h + c] * hs[c];
      }
      for (int k = 0; k < h; ++k) {
        if (m.model == CellKind::kRnn) {
          hs[k] = std::tanh(gx[k] + gh[k]);
        } else if (m.model == CellKind::kGru) {
          double r = sig(gx[k] + gh[k]), z = sig(gx[h + k] + gh[h + k]);
          double n = std::tanh(gx[2 * h + k] + r * gh[2 * h + k]);
          hs[k] = (1 - z) * n + z * hs[k];
        } else {
          double i = sig(gx[k] + gh[k]), fg = sig(gx[h + k] + gh[h + k]);
          double gg = std::tanh(gx[2 * h + k] + gh[2 * h + k]),
                 o = sig(gx[3 * h + k] + gh[3 * h + k]);
          cs[k] = fg * cs[k] + i * gg;
          hs[k] = o * std::tanh(cs[k]);
        }
      }
      seq[t] = hs;
    }
  }
  double logit = f.tensors.at("fc.bias").data[0];
  for (int k = 0; k < h; ++k)
    logit += f.tensors.at("fc.weight").data[k] * seq[steps - 1][k];
  return logit;
}

std::vector<float> RandomWindows(const ModelFile& f, int n, int steps,
                                 uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(
      -3.f, 3.f);  // a few std either side of the mean
  std::vector<float> x(static_cast<size_t>(n) * steps * f.meta.input_size);
  for (size_t i = 0; i < x.size(); ++i) {
    int feature = static_cast<int>(i % f.meta.input_size);
    x[i] = f.meta.norm_mean[feature] + f.meta.norm_std[feature] * u(rng);
  }
  return x;
}

struct Case {
  CellKind kind;
  int layers, hidden, input;
};
void PrintTo(const Case& c, std::ostream* os) {
  *os << CellKindName(c.kind) << " layers=" << c.layers
      << " hidden=" << c.hidden << " input=" << c.input;
}

class ModelKernelTest : public ::testing::TestWithParam<Case> {};

TEST_P(ModelKernelTest, MatchesReferenceEquations) {
  const Case c = GetParam();
  ModelFile f = RandomModel({.model = c.kind,
                             .input_size = c.input,
                             .hidden_size = c.hidden,
                             .num_layers = c.layers,
                             .seed = 11});
  auto model = Model::Create(f);
  ASSERT_TRUE(model.ok()) << model.status().message();
  Workspace ws = model->NewWorkspace(/*max_batch=*/8);
  const int n = 21, steps = 10;  // 21 > 8: three chunks, the last partial
  std::vector<float> x = RandomWindows(f, n, steps, 5);
  std::vector<float> scores(n), logits(n);
  ASSERT_TRUE(
      model->Infer(x.data(), n, steps, scores.data(), ws, logits.data()).ok());
  for (int b = 0; b < n; ++b) {
    double ref = ReferenceLogit(f, x.data() + b * steps * c.input, steps);
    EXPECT_NEAR(logits[b], ref, 1e-5) << "window " << b;
    EXPECT_NEAR(scores[b], 1.0 / (1.0 + std::exp(-ref)), 1e-5)
        << "window " << b;
  }
  // Batch 1 takes the GEMV path: same answers.
  for (int b : {0, 20}) {
    float s, lg;
    ASSERT_TRUE(
        model->Infer(x.data() + b * steps * c.input, 1, steps, &s, ws, &lg)
            .ok());
    EXPECT_NEAR(lg, logits[b], 1e-6);
    EXPECT_EQ(s, scores[b]);
  }
}

// Every window WindowStream scores over one long message sequence equals
// Model::Infer on that window alone (windows start at 0, p, 2p, ...).
// zero_every > 0: every zero_every-th feature value is exactly 0 (flags and
// counters often are), which the stream's input projection skips.
void ExpectStreamEqualsInfer(const ModelFile& f, int messages, uint64_t seed,
                             int zero_every = 0) {
  auto model = Model::Create(f);
  ASSERT_TRUE(model.ok()) << model.status().message();
  const int w = f.meta.window, p = f.meta.step, in = f.meta.input_size;
  std::vector<float> msgs = RandomWindows(f, 1, messages, seed);
  if (zero_every > 0)
    for (size_t i = 0; i < msgs.size(); i += zero_every) msgs[i] = 0.f;
  Workspace ws = model->NewWorkspace(4);
  WindowStream stream(*model);
  std::vector<float> streamed;
  for (int round = 0; round < 2; ++round) {  // again after Reset: same scores
    streamed.clear();
    stream.Reset();
    for (int i = 0; i < messages; ++i) {
      float s = -1;
      if (stream.Push(msgs.data() + i * in, ws, &s)) streamed.push_back(s);
    }
  }
  std::vector<float> windows;
  for (int start = 0; start + w <= messages; start += p)
    windows.insert(windows.end(), msgs.begin() + start * in,
                   msgs.begin() + (start + w) * in);
  const int n = static_cast<int>(windows.size() / (w * in));
  ASSERT_EQ(streamed.size(), static_cast<size_t>(n));
  std::vector<float> scores(n);
  ASSERT_TRUE(model->Infer(windows.data(), n, w, scores.data(), ws).ok());
  for (int i = 0; i < n; ++i)
    EXPECT_NEAR(streamed[i], scores[i], 1e-6) << "window " << i;
  EXPECT_EQ(stream.messages(), messages);
}

TEST_P(ModelKernelTest, StreamScoresEqualBatchedWindows) {
  const Case c = GetParam();
  ModelFile f = RandomModel({.model = c.kind,
                             .input_size = c.input,
                             .hidden_size = c.hidden,
                             .num_layers = c.layers,
                             .seed = 3});
  ExpectStreamEqualsInfer(f, 31, 9);
  ExpectStreamEqualsInfer(f, 31, 10, /*zero_every=*/2);
  // Other overlaps: a window every message, none, little, uneven.
  for (auto [window, step] : {std::pair{6, 1}, {4, 4}, {7, 6}, {10, 3}}) {
    SCOPED_TRACE(std::to_string(window) + "/" + std::to_string(step));
    f.meta.window = window;
    f.meta.step = step;
    ExpectStreamEqualsInfer(f, 40, 4);
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, ModelKernelTest,
                         ::testing::Values(Case{CellKind::kRnn, 1, 16, 7},
                                           Case{CellKind::kRnn, 2, 64, 32},
                                           Case{CellKind::kLstm, 1, 16, 7},
                                           Case{CellKind::kLstm, 2, 64, 32},
                                           Case{CellKind::kGru, 1, 16, 7},
                                           Case{CellKind::kGru, 1, 64, 32},
                                           Case{CellKind::kGru, 3, 8, 5},
                                           // Hidden sizes that are not whole
                                           // SIMD packets: the scalar tails.
                                           Case{CellKind::kRnn, 1, 5, 3},
                                           Case{CellKind::kLstm, 2, 12, 9},
                                           Case{CellKind::kGru, 1, 20, 27}),
                         [](const ::testing::TestParamInfo<Case>& i) {
                           return std::string(CellKindName(i.param.kind)) +
                                  "_l" + std::to_string(i.param.layers) + "_h" +
                                  std::to_string(i.param.hidden);
                         });

// The detector's model: its streaming scores are Infer's, and Infer's are the
// reference equations'.
TEST(ModelTest, ShippedModelStreamsLikeInfer) {
  auto f = ModelFile::Load(std::string(SIPDDOS_TESTDATA) +
                           "/../models/default-gru.safetensors");
  ASSERT_TRUE(f.ok()) << f.status().message();
  ExpectStreamEqualsInfer(*f, 64, 21);
  // Zero features (the projection skips them), at varying positions.
  ExpectStreamEqualsInfer(*f, 64, 22, /*zero_every=*/3);
  ExpectStreamEqualsInfer(*f, 64, 23, /*zero_every=*/2);
  auto model = Model::Create(*f);
  ASSERT_TRUE(model.ok());
  const int steps = f->meta.window;
  std::vector<float> x = RandomWindows(*f, 7, steps, 2);
  Workspace ws = model->NewWorkspace(8);
  std::vector<float> scores(7), logits(7);
  ASSERT_TRUE(
      model->Infer(x.data(), 7, steps, scores.data(), ws, logits.data()).ok());
  for (int b = 0; b < 7; ++b)
    EXPECT_NEAR(
        logits[b],
        ReferenceLogit(*f, x.data() + b * steps * f->meta.input_size, steps),
        1e-5);
}

TEST(ModelTest, ShorterWindowsAndEmptyBatch) {
  ModelFile f =
      RandomModel({.model = CellKind::kGru, .input_size = 4, .hidden_size = 8});
  auto model = Model::Create(f);
  ASSERT_TRUE(model.ok());
  Workspace ws = model->NewWorkspace(2);
  std::vector<float> x = RandomWindows(f, 3, 4, 1);
  std::vector<float> logits(3, 0.f), scores(3, 0.f);
  ASSERT_TRUE(
      model->Infer(x.data(), 3, 4, scores.data(), ws, logits.data()).ok());
  for (int b = 0; b < 3; ++b)
    EXPECT_NEAR(logits[b], ReferenceLogit(f, x.data() + b * 16, 4), 1e-5);
  EXPECT_TRUE(model->Infer(x.data(), 0, 4, scores.data(), ws).ok());
}

TEST(ModelTest, RejectsBadCalls) {
  ModelFile f = RandomModel(
      {.model = CellKind::kLstm, .input_size = 4, .hidden_size = 8});
  auto a = Model::Create(f);
  auto b = Model::Create(f);
  ASSERT_TRUE(a.ok() && b.ok());
  Workspace ws = a->NewWorkspace(2);
  std::vector<float> x(11 * 4, 0.f);
  float s;
  EXPECT_THAT(a->Infer(x.data(), 1, 11, &s, ws).message(),
              ::testing::HasSubstr("11 steps"));
  EXPECT_THAT(b->Infer(x.data(), 1, 10, &s, ws).message(),
              ::testing::HasSubstr("not made by this"));
  EXPECT_FALSE(a->Infer(x.data(), -1, 10, &s, ws).ok());
}

TEST(ModelTest, CreateRejectsInvalidFile) {
  ModelFile f =
      RandomModel({.model = CellKind::kGru, .input_size = 4, .hidden_size = 8});
  f.tensors.at("rnn.weight_hh_l0").shape = {24, 4};
  auto m = Model::Create(f);
  ASSERT_FALSE(m.ok());
  EXPECT_THAT(m.status().message(), ::testing::HasSubstr("rnn.weight_hh_l0"));
}

TEST(ModelTest, FlopsCountGemmWork) {
  auto m = Model::Create(RandomModel(
      {.model = CellKind::kGru, .input_size = 32, .hidden_size = 64}));
  ASSERT_TRUE(m.ok());
  // 3 gates x 64 x (32 + 64) multiply-adds per step, 10 steps, plus the head.
  EXPECT_DOUBLE_EQ(m->FlopsPerWindow(10), 2.0 * 192 * 96 * 10 + 2.0 * 64);
}

}  // namespace
}  // namespace nn
