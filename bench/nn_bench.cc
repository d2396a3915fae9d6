// The nn kernels (src/nn/model.h): per-window cost at batch 1, batched, and
// streaming with the cached input projection; rnn/lstm/gru at hidden 16 and 64,
// input 32, window 10. Counters: windows/s (items_per_second) and FLOP/s of the
// GEMM work. `sipddos bench` prints the same kernels beside libtorch; this
// program is for regressions of the kernels alone.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "nn/kernels.h"
#include "nn/model.h"
#include "nn/model_file.h"
#include "nn/random_model.h"

namespace {

struct Fixture {
  nn::ModelFile file;
  nn::Model model;
  std::vector<float> x;  // 256 windows of raw features
  static constexpr int kWindows = 256;

  static Fixture Make(nn::CellKind kind, int hidden, int layers = 1) {
    nn::ModelFile f = nn::RandomModel({.model = kind,
                                       .input_size = 32,
                                       .hidden_size = hidden,
                                       .num_layers = layers,
                                       .seed = 1});
    nn::Model m = *nn::Model::Create(f);
    std::mt19937 rng(3);
    std::normal_distribution<float> d;
    std::vector<float> x(static_cast<size_t>(kWindows) * f.meta.window * 32);
    for (size_t i = 0; i < x.size(); ++i)
      x[i] = f.meta.norm_mean[i % 32] + f.meta.norm_std[i % 32] * d(rng);
    return {std::move(f), std::move(m), std::move(x)};
  }
};

nn::CellKind Kind(int64_t k) { return static_cast<nn::CellKind>(k); }

void SetCounters(benchmark::State& state, const nn::Model& m, int64_t windows) {
  state.SetItemsProcessed(windows);
  state.counters["FLOP/s"] = benchmark::Counter(
      m.FlopsPerWindow(m.meta().window) * static_cast<double>(windows),
      benchmark::Counter::kIsRate);
}

// Args: cell kind (0 rnn, 1 lstm, 2 gru), hidden size, batch.
void BM_Infer(benchmark::State& state) {
  Fixture fx =
      Fixture::Make(Kind(state.range(0)), static_cast<int>(state.range(1)));
  const int batch = static_cast<int>(state.range(2)),
            steps = fx.file.meta.window;
  nn::Workspace ws = fx.model.NewWorkspace(64);
  std::vector<float> scores(batch);
  int64_t windows = 0;
  int at = 0;
  for (auto _ : state) {
    const int start = batch == 1 ? at++ % Fixture::kWindows : 0;
    benchmark::DoNotOptimize(
        fx.model.Infer(fx.x.data() + static_cast<size_t>(start) * steps * 32,
                       batch, steps, scores.data(), ws));
    benchmark::DoNotOptimize(scores.data());
    windows += batch;
  }
  SetCounters(state, fx.model, windows);
}
BENCHMARK(BM_Infer)
    ->ArgNames({"cell", "hidden", "batch"})
    ->ArgsProduct({{0, 1, 2}, {16, 64}, {1, 256}});

// The detector's path: one Push per message, a window scored every `step`
// messages.
void BM_Stream(benchmark::State& state) {
  Fixture fx =
      Fixture::Make(Kind(state.range(0)), static_cast<int>(state.range(1)));
  nn::Workspace ws = fx.model.NewWorkspace(1);
  nn::WindowStream stream(fx.model);
  const int messages = Fixture::kWindows * fx.file.meta.window;
  int64_t windows = 0, i = 0;
  float score = 0;
  for (auto _ : state) {
    windows += stream.Push(fx.x.data() + (i++ % messages) * 32, ws, &score);
    benchmark::DoNotOptimize(score);
  }
  SetCounters(state, fx.model, windows);
  state.counters["msgs/s"] =
      benchmark::Counter(static_cast<double>(i), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Stream)
    ->ArgNames({"cell", "hidden"})
    ->ArgsProduct({{0, 1, 2}, {16, 64}});

void BM_InferTwoLayerGru(benchmark::State& state) {
  Fixture fx = Fixture::Make(nn::CellKind::kGru, 64, 2);
  const int batch = static_cast<int>(state.range(0));
  nn::Workspace ws = fx.model.NewWorkspace(64);
  std::vector<float> scores(batch);
  int64_t windows = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        fx.model.Infer(fx.x.data(), batch, 10, scores.data(), ws));
    windows += batch;
  }
  SetCounters(state, fx.model, windows);
}
BENCHMARK(BM_InferTwoLayerGru)->ArgName("batch")->Arg(1)->Arg(256);

// The shipped model (models/default-gru.safetensors: GRU, input 27, hidden 32,
// window 10, step 2), the detector's own shape. Arg: batch (0: streaming).
void BM_ShippedGru(benchmark::State& state) {
  auto file = nn::ModelFile::Load(std::string(SIPDDOS_TESTDATA) +
                                  "/../models/default-gru.safetensors");
  if (!file.ok()) {
    state.SkipWithError(file.status().message().c_str());
    return;
  }
  nn::Model model = *nn::Model::Create(*file);
  const int in = file->meta.input_size, steps = file->meta.window;
  constexpr int kWindows = 256;
  std::mt19937 rng(3);
  std::normal_distribution<float> d;
  std::vector<float> x(static_cast<size_t>(kWindows) * steps * in);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = file->meta.norm_mean[i % in] + file->meta.norm_std[i % in] * d(rng);
  const int batch = static_cast<int>(state.range(0));
  nn::Workspace ws = model.NewWorkspace(64);
  std::vector<float> scores(std::max(1, batch));
  nn::WindowStream stream(model);
  int64_t windows = 0, i = 0;
  for (auto _ : state) {
    if (batch == 0) {
      windows += stream.Push(x.data() + (i++ % (kWindows * steps)) * in, ws,
                             scores.data());
    } else {
      const int start = batch == 1 ? static_cast<int>(i++ % kWindows) : 0;
      benchmark::DoNotOptimize(
          model.Infer(x.data() + static_cast<size_t>(start) * steps * in, batch,
                      steps, scores.data(), ws));
      windows += batch;
    }
    benchmark::DoNotOptimize(scores.data());
  }
  SetCounters(state, model, windows);
  // Rate then inverted: seconds per (windows / 1e6), i.e. microseconds per
  // window.
  state.counters["us/window"] = benchmark::Counter(
      static_cast<double>(windows) * 1e-6,
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_ShippedGru)->ArgName("batch")->Arg(0)->Arg(1)->Arg(256);

}  // namespace

// The streaming step's pieces for the shipped shape (hidden 32, gates 96, 5
// windows in flight), alone: W_hh x [n hidden states] and the GRU gates of 5
// windows. Counter: ns per call.
void BM_KernelGemmColumns(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), gh = 96, h = 32;
  std::mt19937 rng(5);
  std::normal_distribution<float> d;
  std::vector<float> w(gh * h), x(h * n), y(gh * n);
  for (float& v : w) v = 0.1f * d(rng);
  for (float& v : x) v = d(rng);
  std::vector<const float*> xs(n);
  std::vector<float*> ys(n);
  for (int c = 0; c < n; ++c) {
    xs[c] = x.data() + c * h;
    ys[c] = y.data() + c * gh;
  }
  for (auto _ : state) {
    nn::kernels::GemmColumns(w.data(), gh, h, xs.data(), n, nullptr, ys.data());
    benchmark::DoNotOptimize(y.data());
    benchmark::ClobberMemory();
  }
  state.counters["FLOP/s"] = benchmark::Counter(
      2.0 * gh * h * n * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_KernelGemmColumns)->ArgName("columns")->DenseRange(1, 5);

void BM_KernelGruCells(benchmark::State& state) {
  const int n = 5, h = 32;
  std::mt19937 rng(5);
  std::normal_distribution<float> d;
  std::vector<float> xp(3 * h), hp(3 * h * n), bhn(h), hs(h * n),
      scratch(2 * h * n);
  for (float& v : xp) v = d(rng);
  for (float& v : hp) v = d(rng);
  for (float& v : bhn) v = 0.1f * d(rng);
  for (float& v : hs) v = 0.5f * d(rng);
  std::vector<const float*> xs(n, xp.data()), hps(n), prev(n);
  std::vector<float*> next(n);
  for (int c = 0; c < n; ++c) {
    hps[c] = hp.data() + c * 3 * h;
    prev[c] = next[c] = hs.data() + c * h;
  }
  for (auto _ : state) {
    nn::kernels::GruCells(xs.data(), hps.data(), bhn.data(), prev.data(),
                          next.data(), n, h, scratch.data());
    benchmark::DoNotOptimize(hs.data());
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_KernelGruCells);
