#include "train/trainer.h"

#include <time.h>
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>
#include <thread>

#include "features/encoded_split.h"
#include "nn/model_file.h"
#include "train/blas_info.h"
#include "train/sequence_model.h"
#include "util/time_format.h"

namespace train {

using features::EncodedSplit;
using features::EncodeSplit;
namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double ProcessCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

struct Normalization {
  std::vector<float> mean, std;
};

// Per-feature mean and standard deviation over the training rows; a constant
// feature gets std 1 so it normalises to 0 instead of dividing by zero.
Normalization ComputeNormalization(const EncodedSplit& s) {
  std::vector<double> sum(size_t(s.features), 0), sq(size_t(s.features), 0);
  for (int64_t r = 0; r < s.rows; ++r) {
    const float* row = s.x.data() + r * s.features;
    for (int f = 0; f < s.features; ++f) {
      sum[f] += row[f];
      sq[f] += double(row[f]) * row[f];
    }
  }
  Normalization n;
  for (int f = 0; f < s.features; ++f) {
    double mean = sum[f] / double(s.rows);
    double var = std::max(0.0, sq[f] / double(s.rows) - mean * mean);
    double sd = std::sqrt(var);
    n.mean.push_back(float(mean));
    n.std.push_back(sd > 1e-6 ? float(sd) : 1.0f);
  }
  return n;
}

// All windows of a split as a strided view over its normalised feature rows,
// and their labels.
struct WindowSet {
  torch::Tensor rows;     // [n, F], normalised
  torch::Tensor windows;  // [count, W, F] view of rows
  torch::Tensor labels;   // [count] float 0/1
  int64_t count = 0;
  int64_t malicious = 0;
};

WindowSet MakeWindows(const EncodedSplit& s, const Normalization& norm,
                      const dataset::WindowParams& p) {
  WindowSet w;
  torch::Tensor x =
      torch::from_blob(const_cast<float*>(s.x.data()), {s.rows, s.features}, torch::kFloat32);
  torch::Tensor mean = torch::from_blob(const_cast<float*>(norm.mean.data()), {s.features});
  torch::Tensor sd = torch::from_blob(const_cast<float*>(norm.std.data()), {s.features});
  w.rows = ((x - mean) / sd).contiguous();
  w.count = dataset::WindowCount(s.rows, p);
  w.windows = w.rows.as_strided({w.count, p.window, s.features},
                                {int64_t(p.step) * s.features, s.features, 1});
  std::vector<float> labels(size_t(w.count));
  for (int64_t i = 0; i < w.count; ++i) {
    std::span<const int8_t> msgs(s.labels.data() + dataset::WindowStart(i, p), size_t(p.window));
    labels[size_t(i)] = float(dataset::WindowLabel(msgs, p));
    w.malicious += labels[size_t(i)] > 0.5f;
  }
  w.labels = torch::from_blob(labels.data(), {w.count}, torch::kFloat32).clone();
  return w;
}

Confusion Evaluate(SequenceModel& model, const WindowSet& w, float threshold,
                   double* mean_loss = nullptr) {
  c10::InferenceMode inference;
  model->eval();
  Confusion c;
  double loss_sum = 0;
  const float logit_threshold = std::log(threshold / (1 - threshold));
  constexpr int64_t kChunk = 8192;
  for (int64_t s = 0; s < w.count; s += kChunk) {
    int64_t e = std::min(w.count, s + kChunk);
    torch::Tensor logits = model->forward(w.windows.slice(0, s, e).contiguous());
    torch::Tensor pred = logits > logit_threshold;
    torch::Tensor truth = w.labels.slice(0, s, e) > 0.5f;
    if (mean_loss != nullptr) {
      loss_sum += torch::binary_cross_entropy_with_logits(logits, w.labels.slice(0, s, e),
                                                          /*weight=*/{}, /*pos_weight=*/{},
                                                          at::Reduction::Sum)
                      .item<double>();
    }
    int64_t tp = (pred & truth).sum().item<int64_t>();
    int64_t fp = (pred & ~truth).sum().item<int64_t>();
    int64_t fn = (~pred & truth).sum().item<int64_t>();
    c.tp += tp;
    c.fp += fp;
    c.fn += fn;
    c.tn += (e - s) - tp - fp - fn;
  }
  if (mean_loss != nullptr) *mean_loss = w.count ? loss_sum / double(w.count) : 0;
  return c;
}

void Log(const TrainOptions& o, const char* fmt, auto... args) {
  if (o.log == nullptr) return;
  std::fprintf(o.log, fmt, args...);
  std::fflush(o.log);
}

void DrawProgress(const TrainOptions& o, int epoch, int64_t done, int64_t total, double loss) {
  if (!o.progress || o.log == nullptr) return;
  constexpr int kWidth = 30;
  int filled = int(double(done) / double(total) * kWidth);
  char bar[kWidth + 1];
  for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : ' ';
  bar[kWidth] = '\0';
  std::fprintf(o.log, "\repoch %d/%d [%s] %3d%% loss %.5f", epoch, o.epochs, bar,
               int(100.0 * double(done) / double(total)), loss);
  std::fflush(o.log);
}

util::Status ValidateOptions(const TrainOptions& o) {
  SIPDDOS_RETURN_IF_ERROR(dataset::Validate(o.windows));
  if (o.epochs < 1) return util::Status::Error("--epochs must be at least 1");
  if (o.batch < 1) return util::Status::Error("--batch must be at least 1");
  if (o.hidden < 1 || o.hidden > 4096) return util::Status::Error("--hidden must be in 1..4096");
  if (o.layers < 1 || o.layers > 8) return util::Status::Error("--layers must be in 1..8");
  if (!(o.lr > 0)) return util::Status::Error("--lr must be positive");
  if (o.out_path.empty()) return util::Status::Error("--out is required");
  return util::Status::Ok();
}

util::Result<EncodedSplit> LoadSplit(const TrainOptions& o, const std::string& path,
                                     const char* what) {
  auto t = Clock::now();
  auto s = EncodeSplit(path, o.features);
  if (!s.ok()) return s.status();
  if (s->rows < o.windows.window)
    return util::Status::Error(path + ": " + std::to_string(s->rows) +
                               " INVITEs, fewer than one window of " +
                               std::to_string(o.windows.window));
  if (o.verbose)
    Log(o, "%s: %lld INVITEs from %s (labels %s) in %.1f s\n", what, (long long)s->rows,
        s->features_from.c_str(), s->labels_from.c_str(), Since(t));
  return s;
}

util::Result<TrainReport> TrainImpl(const TrainOptions& o) {
  SIPDDOS_RETURN_IF_ERROR(ValidateOptions(o));
  TrainReport report;
  int threads = o.threads > 0 ? o.threads : int(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  const int blas_threads = SetOpenBlasThreads(threads);
  torch::manual_seed(o.seed);

  auto t0 = Clock::now();
  auto train_split = LoadSplit(o, o.train_path, "train");
  if (!train_split.ok()) return train_split.status();
  auto val_split = LoadSplit(o, o.val_path, "val");
  if (!val_split.ok()) return val_split.status();
  Normalization norm = ComputeNormalization(*train_split);
  WindowSet train = MakeWindows(*train_split, norm, o.windows);
  WindowSet val = MakeWindows(*val_split, norm, o.windows);
  report.encode_seconds = Since(t0);
  report.train_windows = train.count;
  report.val_windows = val.count;
  if (train.malicious == 0 || train.malicious == train.count)
    return util::Status::Error(o.train_path + ": every training window has the same label (" +
                               std::to_string(train.malicious) + " malicious of " +
                               std::to_string(train.count) + "): nothing to learn");

  const int input = train_split->features;
  SequenceModel model(o.model, input, o.hidden, o.layers);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(o.lr));
  torch::Tensor pos_weight = torch::full(
      {1}, o.class_weights ? double(train.count - train.malicious) / double(train.malicious) : 1.0);

  report.blas = LoadedBlasLibraries();
  if (o.verbose) {
    Log(o,
        "model %s, %d features (%s, schema %d), hidden %d, layers %d, %d "
        "threads\n",
        nn::CellKindName(o.model), input, std::string(features::FeatureSetName(o.features)).c_str(),
        features::kSchemaVersion, o.hidden, o.layers, threads);
    for (const std::string& lib : report.blas) Log(o, "BLAS: %s\n", lib.c_str());
    Log(o, "BLAS is %s\n", UsingOpenBlas(report.blas) ? "OpenBLAS" : "NOT OpenBLAS (slow)");
    if (blas_threads > 0) Log(o, "OpenBLAS threads: %d\n", blas_threads);
    Log(o,
        "windows: train %lld (%lld malicious), val %lld (%lld malicious); "
        "encoded in %.1f s\n",
        (long long)train.count, (long long)train.malicious, (long long)val.count,
        (long long)val.malicious, report.encode_seconds);
  }

  std::vector<int64_t> order(size_t(train.count));
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(o.seed);
  std::vector<torch::Tensor> best;
  double best_f1 = -1, best_loss = 0;
  const int64_t batches = (train.count + o.batch - 1) / o.batch;
  torch::Tensor x_buf = torch::empty({o.batch, o.windows.window, input});
  torch::Tensor y_buf = torch::empty({o.batch});
  for (int epoch = 1; epoch <= o.epochs; ++epoch) {
    auto te = Clock::now();
    double cpu0 = ProcessCpuSeconds();
    std::shuffle(order.begin(), order.end(), rng);
    model->train();
    double loss_sum = 0;
    for (int64_t b = 0; b < batches; ++b) {
      int64_t s = b * o.batch, n = std::min<int64_t>(o.batch, train.count - s);
      // Gathered into buffers reused by every batch (the last may be shorter).
      torch::Tensor idx = torch::from_blob(order.data() + s, {n}, torch::kLong);
      torch::Tensor x = x_buf.narrow(0, 0, n), y = y_buf.narrow(0, 0, n);
      torch::index_select_out(x, train.windows, 0, idx);
      torch::index_select_out(y, train.labels, 0, idx);
      optimizer.zero_grad();
      torch::Tensor loss =
          torch::binary_cross_entropy_with_logits(model->forward(x), y, /*weight=*/{}, pos_weight);
      loss.backward();
      optimizer.step();
      loss_sum += loss.item<double>() * double(n);
      if (o.progress && (b % 64 == 0 || b + 1 == batches))
        DrawProgress(o, epoch, b + 1, batches, loss_sum / double(s + n));
    }
    EpochReport er;
    er.epoch = epoch;
    er.seconds = Since(te);
    er.cpu_seconds = ProcessCpuSeconds() - cpu0;
    er.loss = loss_sum / double(train.count);
    er.val = Evaluate(model, val, 0.5f, &er.val_loss);
    report.epochs.push_back(er);
    if (o.progress) Log(o, "\n");
    Log(o, "epoch %d/%d loss %.5f val loss %.5f %s  %.1f s (cpu %.1f s)\n", epoch, o.epochs,
        er.loss, er.val_loss, er.val.Summary().c_str(), er.seconds, er.cpu_seconds);
    if (er.val.f1() > best_f1 || (er.val.f1() == best_f1 && er.val_loss < best_loss)) {
      best_f1 = er.val.f1();
      best_loss = er.val_loss;
      report.best_epoch = epoch;
      best.clear();
      for (const auto& p : model->parameters()) best.push_back(p.detach().clone());
    }
  }
  {
    torch::NoGradGuard no_grad;
    auto params = model->parameters();
    for (size_t i = 0; i < params.size(); ++i) params[i].copy_(best[i]);
  }
  Log(o,
      "kept epoch %d (best validation F1 %.5f, then lowest validation loss "
      "%.5f)\n",
      report.best_epoch, best_f1, best_loss);

  nn::ModelFile file;
  file.meta.model = o.model;
  file.meta.input_size = input;
  file.meta.hidden_size = o.hidden;
  file.meta.num_layers = o.layers;
  file.meta.feature_set = std::string(features::FeatureSetName(o.features));
  file.meta.feature_schema = features::kSchemaVersion;
  file.meta.window = o.windows.window;
  file.meta.step = o.windows.step;
  file.meta.min_malicious = o.windows.min_malicious;
  file.meta.threshold = 0.5f;
  file.meta.norm_mean = norm.mean;
  file.meta.norm_std = norm.std;
  file.meta.train_command = o.command_line;
  file.meta.trained_on = "train " + train_split->features_from + " (" +
                         std::to_string(train.count) + " windows), val " +
                         val_split->features_from + " (" + std::to_string(val.count) +
                         " windows); best epoch " + std::to_string(report.best_epoch) + " of " +
                         std::to_string(o.epochs);
  file.meta.created = util::FormatIso8601(util::NowMicros());
  file.tensors = ExportTensors(model);
  SIPDDOS_RETURN_IF_ERROR(file.Save(o.out_path));

  for (const std::string& path : o.test_paths) {
    auto split = LoadSplit(o, path, "test");
    if (!split.ok()) return split.status();
    WindowSet w = MakeWindows(*split, norm, o.windows);
    Confusion c = Evaluate(model, w, file.meta.threshold);
    Log(o, "test %s: %lld windows, %s\n", path.c_str(), (long long)w.count, c.Summary().c_str());
    report.tests.emplace_back(path, c);
  }
  return report;
}

}  // namespace

util::Result<TrainReport> Train(const TrainOptions& options) {
  try {
    return TrainImpl(options);
  } catch (const std::exception& e) {
    return util::Status::Error(std::string("training failed: libtorch: ") + e.what());
  }
}

util::Result<Confusion> EvaluateModelFile(const std::string& model_path,
                                          const std::string& split_path) {
  try {
    auto file = nn::ModelFile::Load(model_path);
    if (!file.ok()) return file.status();
    auto set = features::CheckModelFeatures(file->meta.feature_set, file->meta.feature_schema);
    if (!set.ok()) return set.status().WithContext(model_path);
    if (file->meta.input_size != features::FeatureCount(*set))
      return util::Status::Error(model_path + ": input_size " +
                                 std::to_string(file->meta.input_size) + " but the " +
                                 file->meta.feature_set + " feature set has " +
                                 std::to_string(features::FeatureCount(*set)) + " features");
    auto model = ImportModel(*file);
    if (!model.ok()) return model.status().WithContext(model_path);
    auto split = EncodeSplit(split_path, *set);
    if (!split.ok()) return split.status();
    dataset::WindowParams p{file->meta.window, file->meta.step, file->meta.min_malicious};
    SIPDDOS_RETURN_IF_ERROR(dataset::Validate(p));
    WindowSet w = MakeWindows(*split, {file->meta.norm_mean, file->meta.norm_std}, p);
    return Evaluate(*model, w, file->meta.threshold);
  } catch (const std::exception& e) {
    return util::Status::Error(std::string("evaluation failed: libtorch: ") + e.what());
  }
}

}  // namespace train
