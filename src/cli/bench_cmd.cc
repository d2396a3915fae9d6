// `sipddos bench`: how fast the nn kernels score windows, single-threaded, next
// to libtorch's own forward on the same model in the same run (when built with
// libtorch). docs/inference.md. The kernel measurement is one mode; an
// end-to-end mode (e.g. --pcap) plugs in beside it in RegisterBench's dispatch.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "cli/bench_pcap.h"
#include "cli/command.h"
#include "nn/build_info.h"
#include "nn/fma_peak.h"
#include "nn/model.h"
#include "nn/model_file.h"
#include "nn/random_model.h"
#ifdef SIPDDOS_HAVE_TORCH
#include "train/torch_reference.h"
#endif

namespace cli {
namespace {

struct BenchOptions {
  std::string model_path;  // empty: a random-weight model of the shape below
  std::string cell = "gru";
  int hidden = 64, input = 32, layers = 1;
  long iterations = 100000;  // windows scored per measurement
  int batch = 256;
  int repeats = 5;
  std::string pcap;  // end-to-end mode
};

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// Median over `repeats` runs of `fn` (which returns the windows it scored) of
// seconds per window, in this thread's CPU time: on a shared machine wall time
// also counts the time other processes hold the core. The wall-clock median
// goes to *wall.
template <typename Fn>
double SecondsPerWindow(Fn&& fn, int repeats, double* wall) {
  fn();  // warm caches and lazy initialisation
  std::vector<double> cpu, real;
  for (int r = 0; r < repeats; ++r) {
    const double c0 = ThreadCpuSeconds();
    const auto t0 = std::chrono::steady_clock::now();
    const double done = static_cast<double>(std::max(1L, fn()));
    const auto t1 = std::chrono::steady_clock::now();
    cpu.push_back((ThreadCpuSeconds() - c0) / done);
    real.push_back(std::chrono::duration<double>(t1 - t0).count() / done);
  }
  std::sort(cpu.begin(), cpu.end());
  std::sort(real.begin(), real.end());
  *wall = real[real.size() / 2];
  return cpu[cpu.size() / 2];
}

// FLOP actually executed per window (2 x multiply-adds of the GEMMs + the
// head), which is less than Model::FlopsPerWindow's count: no recurrence
// product at t = 0 (h = 0), and the stream projects each message's input once
// for all the windows holding it (step messages per window in layer 0).
struct WindowWork {
  double batched = 0, streamed = 0;
};
WindowWork WorkPerWindow(const nn::ModelMetadata& m) {
  const double g = nn::GateCount(m.model), h = m.hidden_size, t = m.window;
  WindowWork w;
  for (int l = 0; l < m.num_layers; ++l) {
    const double in = l == 0 ? m.input_size : h, recurrence = (t - 1) * g * h * h;
    w.batched += t * g * h * in + recurrence;
    w.streamed += (l == 0 ? m.step : t) * g * h * in + recurrence;
  }
  w.batched = 2 * (w.batched + h);
  w.streamed = 2 * (w.streamed + h);
  return w;
}

util::Result<nn::ModelFile> BenchModel(const BenchOptions& o) {
  if (!o.model_path.empty()) return nn::ModelFile::Load(o.model_path);
  nn::CellKind kind = o.cell == "rnn"    ? nn::CellKind::kRnn
                      : o.cell == "lstm" ? nn::CellKind::kLstm
                                         : nn::CellKind::kGru;
  return nn::RandomModel({.model = kind,
                          .input_size = o.input,
                          .hidden_size = o.hidden,
                          .num_layers = o.layers,
                          .seed = 42});
}

void PrintRow(const char* what, double seconds, double wall, double flops,
              double peak) {
  std::printf("  %-36s %9.3f us/window (wall %9.3f)  %6.2f GFLOP/s", what,
              seconds * 1e6, wall * 1e6, flops / seconds / 1e9);
  if (peak > 0)
    std::printf("  %5.1f%% of peak", 100.0 * flops / seconds / peak);
  std::printf("\n");
}

int RunKernelBench(const BenchOptions& o) {
  auto file = BenchModel(o);
  if (!file.ok()) {
    std::fprintf(stderr, "sipddos bench: %s\n",
                 file.status().message().c_str());
    return kExitFailure;
  }
  auto model = nn::Model::Create(*file);
  if (!model.ok()) {
    std::fprintf(stderr, "sipddos bench: %s\n",
                 model.status().message().c_str());
    return kExitFailure;
  }
  const nn::ModelMetadata& m = file->meta;
  const int steps = m.window, batch = std::max(1, o.batch);
  const long n_windows = std::max<long>(o.iterations, batch);
  const double flops = model->FlopsPerWindow(steps);
  const WindowWork work = WorkPerWindow(m);
  const nn::FmaPeak fma = nn::MeasureFmaPeak();
  const double peak = fma.flops_per_s;

  std::printf("model: %s, %s, input %d, hidden %d, layers %d, window %d\n",
              o.model_path.empty() ? "random weights" : o.model_path.c_str(),
              nn::CellKindName(m.model), m.input_size, m.hidden_size,
              m.num_layers, steps);
  std::printf(
      "work: %.0f FLOP per window (2 x multiply-adds of the GEMMs); executed: %.0f batched "
      "(no product at t = 0), %.0f streamed (inputs projected once)\n",
      flops, work.batched, work.streamed);
  std::printf(
      "peak (measured in this run): %.1f GFLOP/s, %d independent multiply-add chains of %d "
      "floats, this thread\n",
      peak / 1e9, fma.chains, fma.packet_floats);
  std::printf("kernels: %s\n", nn::KernelBuildInfo().c_str());
  std::printf("single thread; median of %d runs; %ld windows per run\n\n",
              o.repeats, n_windows / o.repeats);

  // Random raw windows around the model's normalisation.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<float> u(-3.f, 3.f);
  std::vector<float> x(static_cast<size_t>(batch) * steps * m.input_size);
  for (size_t i = 0; i < x.size(); ++i) {
    int f = static_cast<int>(i % m.input_size);
    x[i] = m.norm_mean[f] + m.norm_std[f] * u(rng);
  }
  std::vector<float> scores(batch), logits(batch);
  nn::Workspace ws = model->NewWorkspace(std::min(batch, 64));
  const long per_run = std::max<long>(1, n_windows / o.repeats);

  double wall = 0;
  std::printf("sipddos nn kernels (thread CPU time per window, median):\n");
  double ours1 = SecondsPerWindow(
      [&] {
        long done = 0;
        for (; done < per_run; ++done)
          (void)model->Infer(x.data() + (done % batch) * steps * m.input_size,
                             1, steps, scores.data(), ws);
        return done;
      },
      o.repeats, &wall);
  PrintRow("batch 1", ours1, wall, work.batched, peak);
  double oursb = SecondsPerWindow(
      [&] {
        long done = 0;
        for (; done < per_run; done += batch)
          (void)model->Infer(x.data(), batch, steps, scores.data(), ws);
        return done;
      },
      o.repeats, &wall);
  const std::string batch_label = "batch " + std::to_string(batch);
  PrintRow(batch_label.c_str(), oursb, wall, work.batched, peak);
  // Streaming: each message projected once, a window scored every `step`
  // messages.
  nn::WindowStream stream(*model);
  const int nmsg = batch * steps;
  double stream_s = SecondsPerWindow(
      [&] {
        long windows = 0;
        float s;
        for (long i = 0; windows < per_run; ++i)
          windows += stream.Push(x.data() + (i % nmsg) * m.input_size, ws, &s);
        return windows;
      },
      o.repeats, &wall);
  const std::string stream_label =
      "stream (step " + std::to_string(m.step) + ", cached input proj)";
  PrintRow(stream_label.c_str(), stream_s, wall, work.streamed, peak);

#ifdef SIPDDOS_HAVE_TORCH
  train::TorchReference::SetNumThreads(1);
  auto ref = train::TorchReference::Create(*file);
  if (!ref.ok()) {
    std::fprintf(stderr, "sipddos bench: %s\n", ref.status().message().c_str());
    return kExitFailure;
  }
  // Same inputs through both: the largest difference of logits.
  std::vector<float> torch_scores(batch), torch_logits(batch);
  if (auto st = ref->Infer(x.data(), batch, steps, torch_scores.data(),
                           torch_logits.data());
      !st.ok()) {
    std::fprintf(stderr, "sipddos bench: %s\n", st.message().c_str());
    return kExitFailure;
  }
  (void)model->Infer(x.data(), batch, steps, scores.data(), ws, logits.data());
  double diff = 0;
  for (int i = 0; i < batch; ++i)
    diff = std::max(diff, double{std::abs(logits[i] - torch_logits[i])});

  const long torch_run =
      std::max<long>(20, per_run / 20);  // libtorch is far slower at batch 1
  std::printf("\nlibtorch %s forward (1 thread):\n", nn::CellKindName(m.model));
  double torch1 = SecondsPerWindow(
      [&] {
        long done = 0;
        for (; done < torch_run; ++done)
          (void)ref->Infer(x.data() + (done % batch) * steps * m.input_size, 1,
                           steps, torch_scores.data());
        return done;
      },
      o.repeats, &wall);
  PrintRow("batch 1", torch1, wall, flops, peak);  // libtorch also runs t = 0
  double torchb = SecondsPerWindow(
      [&] {
        long done = 0;
        for (; done < per_run; done += batch)
          (void)ref->Infer(x.data(), batch, steps, torch_scores.data());
        return done;
      },
      o.repeats, &wall);
  PrintRow(batch_label.c_str(), torchb, wall, flops, peak);
  std::printf("\nspeed-up over libtorch: %.1fx at batch 1, %.1fx at batch %d\n",
              torch1 / ours1, torchb / oursb, batch);
  std::printf("max |logit difference| vs libtorch over %d windows: %.3g\n",
              batch, diff);
#else
  std::printf(
      "\nlibtorch comparison: not built (install libtorch-dev and rebuild)\n");
#endif
  return kExitOk;
}

}  // namespace

void RegisterBench(CLI::App& root, RunFn& selected) {
  auto opts = std::make_shared<BenchOptions>();
  auto* sub =
      root.add_subcommand("bench",
                          "Measure inference speed per window (single thread), "
                          "against libtorch when built with it");
  sub->add_option("--model", opts->model_path,
                  "Model file (.safetensors); default: random weights")
      ->check(CLI::ExistingFile);
  sub->add_option("--iterations", opts->iterations,
                  "Windows scored per measurement")
      ->capture_default_str()
      ->check(CLI::Range(1L, 1000000000L));
  sub->add_option("--batch", opts->batch,
                  "Windows per call in the batched measurement")
      ->capture_default_str()
      ->check(CLI::Range(1, 65536));
  sub->add_option("--cell", opts->cell, "Random model: rnn, lstm or gru")
      ->capture_default_str()
      ->check(CLI::IsMember({"rnn", "lstm", "gru"}));
  sub->add_option("--hidden", opts->hidden, "Random model: hidden size")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  sub->add_option("--input", opts->input, "Random model: input size")
      ->capture_default_str()
      ->check(CLI::Range(1, 4096));
  sub->add_option("--layers", opts->layers, "Random model: layers")
      ->capture_default_str()
      ->check(CLI::Range(1, 16));
  sub->add_option("--pcap", opts->pcap,
                  "End-to-end mode: run the detection path on this capture (needs a model "
                  "matching the features: --model or the shipped one) and tshark beside it")
      ->check(CLI::ExistingFile);
  sub->callback([opts, &selected] {
    selected = [opts] {
      return opts->pcap.empty() ? RunKernelBench(*opts)
                                : RunPcapBench(opts->pcap, opts->model_path, 3);
    };
  });
}

static const CommandRegistration kBenchRegistration(80, RegisterBench);

}  // namespace cli
