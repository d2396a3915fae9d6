// `sipddos evaluate`: models x test splits -> the paper's metrics, Tables
// 1/3/4, baselines, detection delay; JSON figures and an HTML/Markdown report
// (docs/evaluation.md).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "cli/command.h"
#include "eval/evaluation.h"
#include "eval/json_file.h"
#include "eval/layout.h"

#if __has_include("report/report.h")
#include "report/report.h"
#define SIPDDOS_HAVE_REPORT 1
#endif

namespace cli {
namespace {

struct EvaluateArgs {
  std::vector<std::string> models, tests;
  std::vector<int> steps;
  std::string report, json;
  float threshold = -1;
  int64_t timed = 20000;
  bool no_delay = false, no_baselines = false, quiet = false;
};

int RunEvaluate(const EvaluateArgs &a, const std::string &command) {
  eval::EvalOptions o;
  for (const auto &m : a.models) o.models.push_back({m, "", "main", ""});
  o.tests = a.tests;
  o.threshold = a.threshold;
  o.steps = a.steps;
  o.delay = !a.no_delay;
  o.baselines = !a.no_baselines;
  o.timed_windows = a.timed;
  o.log = a.quiet ? nullptr : stderr;
  auto fig = eval::Evaluate(o);
  if (!fig.ok()) {
    std::fprintf(stderr, "sipddos evaluate: %s\n", fig.status().message().c_str());
    return kExitFailure;
  }
  eval::LayoutInfo info{"models evaluated on " + std::to_string(a.tests.size()) + " test split(s)",
                        command, ""};
  nlohmann::json doc = eval::EvaluationDocument(*fig, info);
  if (!a.json.empty()) {
    auto st = eval::WriteJsonFile(doc, a.json);
    if (!st.ok()) {
      std::fprintf(stderr, "sipddos evaluate: %s\n", st.message().c_str());
      return kExitFailure;
    }
  }
  if (!a.report.empty()) {
#ifdef SIPDDOS_HAVE_REPORT
    auto st = report::WriteReport(doc["report"], a.report);
    if (!st.ok()) {
      std::fprintf(stderr, "sipddos evaluate: %s\n", st.message().c_str());
      return kExitFailure;
    }
#else
    std::fprintf(stderr, "sipddos evaluate: this build has no report renderer (src/report)\n");
    return kExitFailure;
#endif
  }
  // A short summary on stderr: Table 3's figures.
  if (!a.quiet)
    for (const auto &r : (*fig)["results"])
      std::fprintf(
          stderr,
          "  %-16s %-8s step %d: acc %.4f f1 %s miss %lld (fp %lld fn %lld) "
          "infer %.2f us/window (p99 %.2f)\n",
          r["model"].get<std::string>().c_str(), r["test"].get<std::string>().c_str(),
          r["step"].get<int>(), r["accuracy"].is_number() ? r["accuracy"].get<double>() : 0.0,
          r["f1"].is_number() ? std::to_string(r["f1"].get<double>()).c_str() : "-",
          (long long)r["misclassified"].get<int64_t>(), (long long)r["fp"].get<int64_t>(),
          (long long)r["fn"].get<int64_t>(),
          r["inference_us"]["mean"].is_number() ? r["inference_us"]["mean"].get<double>() : 0.0,
          r["inference_us"]["p99"].is_number() ? r["inference_us"]["p99"].get<double>() : 0.0);
  return kExitOk;
}

}  // namespace

void RegisterEvaluate(CLI::App &root, RunFn &selected) {
  auto a = std::make_shared<EvaluateArgs>();
  auto *sub = root.add_subcommand("evaluate",
                                  "Evaluate models on labelled test splits: the paper's "
                                  "metrics and Tables 1/3/4, baselines, "
                                  "detection delay (JSON figures, HTML/Markdown report)");
  sub->add_option("-m,--model", a->models, "Model files, comma-separated or repeated")
      ->required()
      ->delimiter(',');
  sub->add_option("--test", a->tests,
                  "Test split CSVs (their .pcap beside them is used for full "
                  "features and the "
                  "delay), comma-separated or repeated")
      ->required()
      ->delimiter(',');
  sub->add_option("--report", a->report, "Write the HTML report here (and the Markdown beside it)");
  sub->add_option("--json", a->json, "Write the evaluation JSON here (- for stdout)");
  sub->add_option("-t,--threshold", a->threshold,
                  "Window score at or above which a window is malicious "
                  "(default: each model's)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("--steps", a->steps,
                  "Also score every model every p INVITEs for these steps (the "
                  "step study), "
                  "e.g. 5,10")
      ->delimiter(',')
      ->check(CLI::Range(1, 64));
  sub->add_option("--timed-windows", a->timed,
                  "Windows timed one at a time per model and test (the rest "
                  "run batched)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_flag("--no-delay", a->no_delay, "Skip the detection delay over the pcaps");
  sub->add_flag("--no-baselines", a->no_baselines, "Skip the rule-based baselines");
  sub->add_flag("-q,--quiet", a->quiet, "No progress or summary on stderr");
  sub->callback([&selected, a, sub] {
    std::string command = "sipddos evaluate";
    for (const auto &m : a->models) command += " --model " + m;
    for (const auto &t : a->tests) command += " --test " + t;
    if (a->threshold >= 0) command += " --threshold " + std::to_string(a->threshold);
    if (!a->report.empty()) command += " --report " + a->report;
    if (!a->json.empty()) command += " --json " + a->json;
    selected = [a, command] { return RunEvaluate(*a, command); };
  });
}

static const CommandRegistration kEvaluateRegistration(50, RegisterEvaluate);

}  // namespace cli
