// `sipddos reproduce`: one command from nothing to the paper's tables: simulate
// a preset (with pcaps), train RNN, LSTM and GRU (full features, plus the paper
// feature set), train GRUs without each held-out attack mode, evaluate
// everything on test1 and test2 with the baselines, delays and the window-step
// study, and write DIR/report.html, DIR/report.md and DIR/evaluation.json
// (docs/evaluation.md).
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "eval/evaluation.h"
#include "eval/holdout_split.h"
#include "eval/json_file.h"
#include "eval/layout.h"
#include "features/feature_schema.h"
#include "sim/preset.h"
#include "sim/simulator.h"

#ifdef SIPDDOS_HAVE_TORCH
#include "train/trainer.h"
#endif
#if __has_include("report/report.h")
#include "report/report.h"
#define SIPDDOS_HAVE_REPORT 1
#endif

namespace cli {
namespace {

namespace fs = std::filesystem;

struct ReproduceArgs {
  std::string preset = "small", out;
  std::vector<std::string> hold_out;  // empty: the preset's default
  std::vector<std::string> kinds = {"rnn", "lstm", "gru"};
  std::vector<std::string> paper_kinds;  // empty: the preset's default
  std::vector<int> steps = {5, 10};
  int epochs = 0, hidden = 0;  // 0: the preset's default
  uint64_t seed = 1;
  bool resimulate = false, reuse_models = false;
};

int Fail(const std::string &msg) {
  std::fprintf(stderr, "sipddos reproduce: %s\n", msg.c_str());
  return kExitFailure;
}

double Since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void Stage(std::chrono::steady_clock::time_point t0, const std::string &what) {
  std::fprintf(stderr, "[reproduce %6.0f s] %s\n", Since(t0), what.c_str());
  std::fflush(stderr);
}

bool Exists(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

// The data in dir was made by the same preset and seed (so it can be reused).
bool SameData(const std::string &dir, const std::string &preset, uint64_t seed) {
  std::ifstream in(dir + "/manifest.json");
  if (!in) return false;
  auto j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return false;
  return j.value("preset", "") == preset && j.value("seed", uint64_t(0)) == seed &&
         Exists(dir + "/test1.pcap") && Exists(dir + "/test2.pcap") && Exists(dir + "/train.pcap");
}

// Trains one model into `out`; with --reuse-models an existing `out` is kept.
util::Status TrainOne(const std::string &kind, features::FeatureSet set, const std::string &dir,
                      const std::string &out, const ReproduceArgs &a, int epochs, int hidden) {
  if (a.reuse_models && Exists(out)) return util::Status::Ok();
#ifndef SIPDDOS_HAVE_TORCH
  (void)kind, (void)set, (void)dir, (void)epochs, (void)hidden;
  return util::Status::Error(out +
                             ": training needs libtorch, which this build lacks (install "
                             "libtorch-dev and rebuild, or train it elsewhere and pass "
                             "--reuse-models)");
#else
  train::TrainOptions o;
  o.model = kind == "rnn"    ? nn::CellKind::kRnn
            : kind == "lstm" ? nn::CellKind::kLstm
                             : nn::CellKind::kGru;
  o.features = set;
  o.train_path = dir + "/train.csv";
  o.val_path = dir + "/val.csv";
  o.out_path = out;
  o.epochs = epochs;
  o.hidden = hidden;
  o.seed = a.seed;
  o.progress = isatty(STDERR_FILENO);
  o.log = stderr;
  o.command_line = "sipddos reproduce (train " + kind + " " +
                   std::string(features::FeatureSetName(set)) + " on " + dir + ", " +
                   std::to_string(epochs) + " epochs, hidden " + std::to_string(hidden) + ")";
  auto r = train::Train(o);
  return r.ok() ? util::Status::Ok() : r.status();
#endif
}

int RunReproduce(const ReproduceArgs &a, const std::string &command) {
  const auto t0 = std::chrono::steady_clock::now();
  auto preset = sim::PresetByName(a.preset);
  if (!preset.ok()) return Fail(preset.status().message());
  const bool paper = a.preset == "paper";
  // The paper preset is ~100x the small one: fewer epochs and variants keep it
  // near 30 minutes on a 2-core machine (docs/evaluation.md).
  const int epochs = a.epochs > 0 ? a.epochs : paper ? 2 : 10;
  const int hidden = a.hidden > 0 ? a.hidden : paper ? 32 : 64;
  std::vector<std::string> hold_out = a.hold_out;
  if (hold_out.empty())
    hold_out = paper ? std::vector<std::string>{"mimic"}
                     : std::vector<std::string>{"mimic", "random", "subnet", "list"};
  if (hold_out.size() == 1 && hold_out[0] == "none") hold_out.clear();
  for (const auto &h : hold_out) {
    auto st = eval::CheckHoldOut(h);
    if (!st.ok()) return Fail(st.message());
  }
  std::vector<std::string> paper_kinds = a.paper_kinds;
  if (paper_kinds.empty())
    paper_kinds =
        paper ? std::vector<std::string>{"gru"} : std::vector<std::string>{"rnn", "lstm", "gru"};
  if (paper_kinds.size() == 1 && paper_kinds[0] == "none") paper_kinds.clear();

  std::error_code ec;
  const std::string data = a.out + "/data", models = a.out + "/models";
  fs::create_directories(data, ec);
  fs::create_directories(models, ec);
  if (ec) return Fail(a.out + ": " + ec.message());

  // 1. Data.
  if (!a.resimulate && SameData(data, a.preset, a.seed)) {
    Stage(t0, "reusing " + data + " (same preset and seed; --resimulate to redo)");
  } else {
    Stage(t0, "simulating the " + a.preset + " preset into " + data);
    sim::SimulateOptions so;
    so.out_dir = data;
    so.seed = a.seed;
    so.csv = so.pcap = true;
    so.progress = isatty(STDERR_FILENO);
    auto r = sim::Simulate(*preset, so);
    if (!r.ok()) return Fail(r.status().message());
  }

  // 2. Models.
  eval::EvalOptions eo;
  std::string note = "Preset " + a.preset + ", seed " + std::to_string(a.seed) + "; models " +
                     std::to_string(epochs) + " epochs, hidden " + std::to_string(hidden) + ".";
  // Hold-out data first: it needs no libtorch, so a build without it can
  // prepare everything.
  std::vector<int64_t> removed(hold_out.size(), 0);
  for (size_t i = 0; i < hold_out.size(); ++i) {
    const std::string dir = a.out + "/holdout-" + hold_out[i];
    fs::create_directories(dir, ec);
    if (!a.resimulate && Exists(dir + "/val.pcap") && Exists(dir + "/removed")) {
      std::ifstream(dir + "/removed") >> removed[i];
      Stage(t0, "reusing " + dir);
      continue;
    }
    Stage(t0, "simulating train/val without " + hold_out[i] + " attacks into " + dir);
    auto st = eval::WriteHoldOutSplits(*preset, a.seed, hold_out[i], dir, &removed[i]);
    if (!st.ok()) return Fail(st.message());
    std::ofstream(dir + "/removed") << removed[i] << "\n";
  }
  for (const auto &kind : a.kinds) {
    std::string out = models + "/" + kind + "-full.safetensors";
    Stage(t0, "training " + kind + " (full features, " + std::to_string(epochs) + " epochs)");
    auto st = TrainOne(kind, features::FeatureSet::kFull, data, out, a, epochs, hidden);
    if (!st.ok()) return Fail(st.message());
    eo.models.push_back({out, kind, "main", "full features"});
  }
  for (const auto &kind : paper_kinds) {
    std::string out = models + "/" + kind + "-paper.safetensors";
    Stage(t0, "training " + kind + " (paper features, " + std::to_string(epochs) + " epochs)");
    auto st = TrainOne(kind, features::FeatureSet::kPaper, data, out, a, epochs, hidden);
    if (!st.ok()) return Fail(st.message());
    eo.models.push_back({out, kind + "-paper", "paper-features", "paper feature set"});
  }
  for (size_t i = 0; i < hold_out.size(); ++i) {
    const std::string &h = hold_out[i];
    std::string out = models + "/gru-holdout-" + h + ".safetensors";
    Stage(t0,
          "training gru without " + h + " (" + std::to_string(removed[i]) + " attackers removed)");
    auto st = TrainOne("gru", features::FeatureSet::kFull, a.out + "/holdout-" + h, out, a, epochs,
                       hidden);
    if (!st.ok()) return Fail(st.message());
    eo.models.push_back({out, "gru-no-" + h, "holdout-" + h,
                         "trained without " + h + " (" + std::to_string(removed[i]) +
                             " attackers removed from train+val)"});
  }
  if (!hold_out.empty() && std::find(hold_out.begin(), hold_out.end(), "mimic") != hold_out.end() &&
      !paper)
    note +=
        " The small preset has no mimic attack episodes, so its mimic "
        "hold-out is vacuous.";
  if (paper)
    note += " Paper preset defaults shortened to fit ~30 minutes on 2 cores: " +
            std::to_string(epochs) + " epochs (the paper: 10), paper features for " +
            std::to_string(paper_kinds.size()) + " model(s), hold-out " +
            std::to_string(hold_out.size()) + " mode(s).";

  // 3. Evaluation.
  Stage(t0, "evaluating");
  eo.tests = {data + "/test1.csv", data + "/test2.csv"};
  eo.steps = a.steps;
  eo.steps_kind = "gru";
  auto fig = eval::Evaluate(eo);
  if (!fig.ok()) return Fail(fig.status().message());
  (*fig)["reproduce"] = {{"preset", a.preset}, {"seed", a.seed},       {"epochs", epochs},
                         {"hidden", hidden},   {"hold_out", hold_out}, {"seconds", Since(t0)}};
  nlohmann::json doc =
      eval::EvaluationDocument(*fig, {"sipddos reproduce --preset " + a.preset, command, note});
  auto st = eval::WriteJsonFile(doc, a.out + "/evaluation.json");
  if (!st.ok()) return Fail(st.message());
#ifdef SIPDDOS_HAVE_REPORT
  st = report::WriteReport(doc["report"], a.out + "/report.html");
  if (!st.ok()) return Fail(st.message());
  Stage(t0, "wrote " + a.out + "/report.html, report.md and evaluation.json");
#else
  Stage(t0, "wrote " + a.out + "/evaluation.json (this build has no report renderer)");
#endif
  for (const auto &r : (*fig)["results"])
    if (r["group"] == "main" && r["step"] == 2)
      std::fprintf(
          stderr, "  %-6s %-6s miss %6lld  fp %.3f%%  fn %.3f%%  %.2f us/window\n",
          r["model"].get<std::string>().c_str(), r["test"].get<std::string>().c_str(),
          (long long)r["misclassified"].get<int64_t>(),
          r["fp_rate"].is_number() ? 100 * r["fp_rate"].get<double>() : 0.0,
          r["fn_rate"].is_number() ? 100 * r["fn_rate"].get<double>() : 0.0,
          r["inference_us"]["mean"].is_number() ? r["inference_us"]["mean"].get<double>() : 0.0);
  return kExitOk;
}

}  // namespace

void RegisterReproduce(CLI::App &root, RunFn &selected) {
  auto a = std::make_shared<ReproduceArgs>();
  auto *sub = root.add_subcommand("reproduce",
                                  "Simulate, train RNN/LSTM/GRU, evaluate and write the "
                                  "report with the paper's Tables 1, 3 "
                                  "and 4 beside ours");
  sub->add_option("--preset", a->preset, "paper or small")
      ->capture_default_str()
      ->check(CLI::IsMember({"paper", "small"}));
  sub->add_option("-o,--out", a->out, "Output folder (data/, models/, report.html, ...)")
      ->required();
  sub->add_option("--hold-out", a->hold_out,
                  "Attack modes held out of training, one GRU each: mimic, mrsip, "
                  "random, subnet, "
                  "list, or none (default: all four for small, mimic for paper)")
      ->delimiter(',');
  sub->add_option("--models", a->kinds, "Model kinds trained on full features")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::IsMember({"rnn", "lstm", "gru"}));
  sub->add_option("--paper-features", a->paper_kinds,
                  "Model kinds also trained on the paper feature set, or none "
                  "(default: all for "
                  "small, gru for paper)")
      ->delimiter(',')
      ->check(CLI::IsMember({"rnn", "lstm", "gru", "none"}));
  sub->add_option("--steps", a->steps, "Window steps of the step study (GRU)")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  sub->add_option("--epochs", a->epochs, "Training epochs (default: 10 small, 2 paper)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--hidden", a->hidden, "Hidden units (default: 64 small, 32 paper)")
      ->check(CLI::PositiveNumber);
  sub->add_option("--seed", a->seed, "Simulation and training seed")->capture_default_str();
  sub->add_flag("--resimulate", a->resimulate, "Simulate even when DIR/data holds the same preset");
  sub->add_flag("--reuse-models", a->reuse_models,
                "Keep model files already in DIR/models instead of training them again");
  sub->callback([&selected, a] {
    std::string command = "sipddos reproduce --preset " + a->preset + " --out " + a->out;
    for (const auto &h : a->hold_out) command += " --hold-out " + h;
    if (a->epochs) command += " --epochs " + std::to_string(a->epochs);
    if (a->hidden) command += " --hidden " + std::to_string(a->hidden);
    selected = [a, command] { return RunReproduce(*a, command); };
  });
}

static const CommandRegistration kReproduceRegistration(52, RegisterReproduce);

}  // namespace cli
