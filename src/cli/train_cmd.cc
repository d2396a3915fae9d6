// `sipddos train`: train an RNN/LSTM/GRU on the simulator's splits and write
// the model file.
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "cli/command.h"

#ifdef SIPDDOS_HAVE_TORCH
#include "features/feature_schema.h"
#include "train/trainer.h"
#endif

namespace cli {

#ifdef SIPDDOS_HAVE_TORCH
namespace {

struct TrainArgs {
  std::string model = "gru", features = "full", train, val, out;
  std::vector<std::string> tests;
  int epochs = 10, batch = 250, hidden = 64, layers = 1, threads = 1;
  int window = 10, step = 2, min_malicious = 2;
  double lr = 1e-3;
  uint64_t seed = 1;
  bool class_weights = false, verbose = false;
};

int RunTrain(const TrainArgs& a) {
  train::TrainOptions o;
  if (a.model == "rnn") {
    o.model = nn::CellKind::kRnn;
  } else if (a.model == "lstm") {
    o.model = nn::CellKind::kLstm;
  } else {
    o.model = nn::CellKind::kGru;
  }
  auto set = features::ParseFeatureSet(a.features);
  if (!set.ok()) {
    std::fprintf(stderr, "sipddos train: %s\n", set.status().message().c_str());
    return kExitUsage;
  }
  o.features = *set;
  o.train_path = a.train;
  o.val_path = a.val;
  o.out_path = a.out;
  o.test_paths = a.tests;
  o.epochs = a.epochs;
  o.batch = a.batch;
  o.hidden = a.hidden;
  o.layers = a.layers;
  o.lr = a.lr;
  o.seed = a.seed;
  o.threads = a.threads;
  o.windows = {a.window, a.step, a.min_malicious};
  o.class_weights = a.class_weights;
  o.verbose = a.verbose;
  o.progress = isatty(STDERR_FILENO);
  char lr[32];
  std::snprintf(lr, sizeof lr, "%g", a.lr);
  o.command_line = "sipddos train --model " + a.model + " --features " + a.features + " --train " +
                   a.train + " --val " + a.val + " --out " + a.out + " --epochs " +
                   std::to_string(a.epochs) + " --batch " + std::to_string(a.batch) + " --hidden " +
                   std::to_string(a.hidden) + " --layers " + std::to_string(a.layers) + " --lr " +
                   lr + " --seed " + std::to_string(a.seed) + " --window " +
                   std::to_string(a.window) + " --step " + std::to_string(a.step) +
                   " --min-malicious " + std::to_string(a.min_malicious) +
                   (a.class_weights ? " --class-weights" : "");
  auto report = train::Train(o);
  if (!report.ok()) {
    std::fprintf(stderr, "sipddos train: %s\n", report.status().message().c_str());
    return kExitFailure;
  }
  double total = 0, cpu = 0;
  for (const auto& e : report->epochs) {
    total += e.seconds;
    cpu += e.cpu_seconds;
  }
  double n = double(report->epochs.size());
  std::printf(
      "wrote %s: %s, %d epochs (kept %d), %.1f s per epoch (cpu %.1f s), %lld training windows\n",
      a.out.c_str(), a.model.c_str(), int(report->epochs.size()), report->best_epoch, total / n,
      cpu / n, (long long)report->train_windows);
  for (const auto& [path, c] : report->tests)
    std::printf("test %s: %s\n", path.c_str(), c.Summary().c_str());
  return kExitOk;
}

}  // namespace
#endif

void RegisterTrain(CLI::App& root, RunFn& selected) {
  auto* sub = root.add_subcommand(
      "train", "Train an RNN/LSTM/GRU detector (libtorch) and write a model file");
#ifdef SIPDDOS_HAVE_TORCH
  auto a = std::make_shared<TrainArgs>();
  sub->add_option("--model", a->model, "rnn, lstm or gru")
      ->check(CLI::IsMember({"rnn", "lstm", "gru"}))
      ->capture_default_str();
  sub->add_option("--train", a->train, "training split: DIR/train.csv or DIR/train.pcap")
      ->required();
  sub->add_option("--val", a->val, "validation split: DIR/val.csv or DIR/val.pcap")->required();
  sub->add_option("--out", a->out, "model file to write (.safetensors)")->required();
  sub->add_option("--test", a->tests, "also evaluate the kept model on this split (repeatable)");
  sub->add_option("--features", a->features, "feature set: full (needs the pcaps) or paper")
      ->check(CLI::IsMember({"full", "paper"}))
      ->capture_default_str();
  sub->add_option("--epochs", a->epochs, "training epochs")->capture_default_str();
  sub->add_option("--batch", a->batch, "windows per batch")->capture_default_str();
  sub->add_option("--hidden", a->hidden, "hidden size")->capture_default_str();
  sub->add_option("--layers", a->layers, "recurrent layers")->capture_default_str();
  sub->add_option("--lr", a->lr, "Adam learning rate")->capture_default_str();
  sub->add_option("--seed", a->seed, "seed of the initialisation and the shuffling")
      ->capture_default_str();
  sub->add_option("--threads", a->threads,
                  "libtorch threads (0: every core; 1 is fastest on a shared machine)")
      ->capture_default_str();
  sub->add_option("--window", a->window, "messages per window")->capture_default_str();
  sub->add_option("--step", a->step, "messages between window starts")->capture_default_str();
  sub->add_option("--min-malicious", a->min_malicious,
                  "malicious messages making a window malicious")
      ->capture_default_str();
  sub->add_flag("--class-weights", a->class_weights,
                "weight malicious windows by negatives/positives");
  sub->add_flag("--verbose", a->verbose, "print inputs, sizes, threads and the BLAS in use");
  sub->callback([a, &selected] { selected = [a] { return RunTrain(*a); }; });
#else
  sub->allow_extras();
  sub->callback([&selected] {
    selected = [] {
      std::fprintf(stderr,
                   "sipddos train: this build has no libtorch; install it "
                   "(apt-get install "
                   "libtorch-dev) and rebuild sipddos to enable training\n");
      return kExitFailure;
    };
  });
#endif
}

static const CommandRegistration kTrainRegistration(30, RegisterTrain);

}  // namespace cli
