// `sipddos lab`: real SIPp traffic and a spoofed flood in network namespaces of the project's
// own, captured and labelled (lab/lab_run.h, docs/lab.md). Needs root. SIGINT/SIGTERM stop it:
// every process it started is stopped and every namespace removed before it exits.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "cli/command.h"
#include "lab/lab_run.h"

namespace cli {
namespace {

std::atomic<bool> g_lab_stop{false};
void OnLabStopSignal(int) { g_lab_stop.store(true); }  // internal linkage: no clash

class LabStopSignals {
 public:
  LabStopSignals() {
    struct sigaction sa {};
    sa.sa_handler = OnLabStopSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
    sigaction(SIGHUP, &sa, &old_hup_);
  }
  ~LabStopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
    sigaction(SIGHUP, &old_hup_, nullptr);
  }

 private:
  struct sigaction old_int_ {
  }, old_term_{}, old_hup_{};
};

// The project's lab/ folder: $SIPDDOS_LAB_DIR, <prefix>/share/sipddos/lab next to the installed
// binary, or the source tree's.
std::string DefaultLabDir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* env = std::getenv("SIPDDOS_LAB_DIR"); env && *env) return env;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share/sipddos/lab";
    if (fs::exists(installed / "uac.xml", ec)) return installed.string();
  }
  return (fs::path(SIPDDOS_SOURCE_DIR) / "lab").string();
}

struct LabArgs {
  std::string preset = "short", out, lab_dir;
  double duration = 0;
  uint64_t seed = 1;
};

int RunLabCommand(const LabArgs& a) {
  auto preset = lab::FindLabPreset(a.preset);
  if (!preset.ok()) {
    std::fprintf(stderr, "sipddos lab: %s\n", preset.status().message().c_str());
    return kExitUsage;
  }
  lab::LabOptions o;
  o.preset = *preset;
  if (a.duration != 0) {
    if (!(a.duration > 0 && a.duration <= 3600)) {
      std::fprintf(stderr, "sipddos lab: --duration %g: must be more than 0 and at most 3600\n",
                   a.duration);
      return kExitUsage;
    }
    o.preset = lab::WithDuration(o.preset, a.duration);
  }
  o.out_dir = a.out;
  o.lab_dir = a.lab_dir.empty() ? DefaultLabDir() : a.lab_dir;
  o.seed = a.seed;
  o.log = [](const std::string& line) { std::fprintf(stderr, "sipddos lab: %s\n", line.c_str()); };
  LabStopSignals signals;
  auto r = lab::RunLab(o, &g_lab_stop);
  if (!r.ok()) {
    std::fprintf(stderr, "sipddos lab: %s\n", r.status().message().c_str());
    return kExitFailure;
  }
  std::fprintf(stderr,
               "sipddos lab: %lld INVITEs (%lld legitimate, %lld flood) in %s/messages.csv\n",
               (long long)r->dataset.rows, (long long)r->dataset.legitimate,
               (long long)r->dataset.malicious, a.out.c_str());
  std::fprintf(stderr,
               "sipddos lab: episode  attack                  intensity  nominal  sent  "
               "captured  measured/s  error\n");
  for (size_t i = 0; i < r->episodes.size(); ++i) {
    const lab::EpisodeResult& e = r->episodes[i];
    const double m = e.measured.rate();
    std::fprintf(
        stderr, "sipddos lab: %7zu  %-22s  %-9s  %7g  %5lld  %8lld  %10.2f  %+5.2f%%\n", i,
        dataset::AttackLabel({e.episode.tool, e.episode.behaviour, e.episode.spoof}).c_str(),
        std::string(dataset::Name(e.episode.intensity)).c_str(), e.episode.rate(),
        (long long)e.stats.sent, (long long)e.measured.invites, m,
        e.episode.rate() > 0 ? (m / e.episode.rate() - 1) * 100 : 0.0);
  }
  if (r->kernel_drops > 0)
    std::fprintf(stderr, "sipddos lab: warning: the capture dropped %llu packets\n",
                 (unsigned long long)r->kernel_drops);
  return kExitOk;
}

}  // namespace

void RegisterLab(CLI::App& root, RunFn& selected) {
  auto args = std::make_shared<LabArgs>();
  auto* sub = root.add_subcommand(
      "lab",
      "Run real SIPp phones and server with a spoofed INVITE flood in network namespaces of "
      "its own (needs root); write the server-side capture, its labelled message CSV and a "
      "manifest");
  sub->add_option("--preset", args->preset, "short (20 s) or full (5 min, every intensity)")
      ->capture_default_str()
      ->check(CLI::IsMember({"short", "full"}));
  sub->add_option("--duration", args->duration,
                  "seconds (default: the preset's); episodes past it are dropped");
  sub->add_option("--out", args->out, "output directory (created when missing)")->required();
  sub->add_option("--seed", args->seed, "seeds of the floods' addresses and messages")
      ->capture_default_str();
  sub->add_option("--lab-dir", args->lab_dir,
                  "folder with uac.xml, uas.xml, users.csv (default: the project's lab/)");
  sub->callback([args, &selected] { selected = [args] { return RunLabCommand(*args); }; });
}

static const CommandRegistration kLabRegistration(62, RegisterLab);

}  // namespace cli
