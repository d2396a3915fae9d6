// `sipddos flood`: a real UDP INVITE flood towards a loopback target, or with
// forged sources towards a target inside a lab namespace (lab/flood.h,
// docs/flood.md). SIGINT/SIGTERM end it early, with the summary.
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "lab/flood.h"

namespace cli {
namespace {

std::atomic<bool> g_stop{false};
static_assert(std::atomic<bool>::is_always_lock_free, "set from a signal handler");

void OnFloodStopSignal(int) { g_stop.store(true); }  // internal linkage: no clash

// Installs the handlers for the run's lifetime. No SA_RESTART: a signal wakes
// the pacer's sleep.
class StopSignals {
 public:
  StopSignals() {
    struct sigaction sa {};
    sa.sa_handler = OnFloodStopSignal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int_);
    sigaction(SIGTERM, &sa, &old_term_);
  }
  ~StopSignals() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }

 private:
  struct sigaction old_int_ {
  }, old_term_{};
};

struct FloodArgs {
  std::string target, attack = "mrsip", spoof = "random", netns;
  lab::FloodOptions o;
};

int RunFloodCommand(const FloodArgs &a) {
  lab::FloodOptions o = a.o;
  auto target = lab::ParseEndpoint(a.target);
  if (!target.ok()) {
    std::fprintf(stderr, "sipddos flood: --target: %s\n", target.status().message().c_str());
    return kExitUsage;
  }
  o.target = *target;
  o.attack = *dataset::ParseTool(a.attack);  // CLI11 checked membership
  o.spoof = *dataset::ParseSpoofing(a.spoof);
  o.netns = a.netns;
  if (util::Status st = lab::ValidateFloodOptions(o); !st.ok()) {
    std::fprintf(stderr, "sipddos flood: %s\n", st.message().c_str());
    return kExitUsage;
  }
  std::fprintf(stderr, "sipddos flood: %s INVITEs to %s at %g/s for %g s from %d %s sources\n",
               a.attack.c_str(), o.target.ToString().c_str(), o.rate, o.duration_s, o.sources,
               a.spoof.c_str());
  StopSignals signals;
  lab::FloodStats stats;
  util::Status st = lab::RunFlood(o, &g_stop, &stats);
  if (!st.ok()) {
    std::fprintf(stderr, "sipddos flood: %s\n", st.message().c_str());
    return kExitFailure;
  }
  std::fprintf(stderr, "sipddos flood: %s\n", lab::FormatSummary(o, stats).c_str());
  return stats.sent == 0 && stats.send_errors > 0 ? kExitFailure : kExitOk;
}

}  // namespace

void RegisterFlood(CLI::App &root, RunFn &selected) {
  auto args = std::make_shared<FloodArgs>();
  auto *sub = root.add_subcommand("flood",
                                  "Send a real UDP INVITE flood (Mr.SIP or mimic "
                                  "attacker messages) at a fixed rate to a target in "
                                  "127.0.0.0/8 from many loopback source addresses, or, "
                                  "with --netns, to an address routed inside a lab "
                                  "namespace from forged sources; for tests and the lab");
  sub->add_option("--target", args->target,
                  "ADDR:PORT in 127.0.0.0/8; with --netns also an IPv4 address routed "
                  "inside the namespace (anything else is refused)")
      ->required();
  sub->add_option("--rate", args->o.rate, "INVITE/s (1..100000)")->capture_default_str();
  sub->add_option("--duration", args->o.duration_s, "seconds to send")->capture_default_str();
  sub->add_option("--attack", args->attack,
                  "message layout: mrsip (Mr.SIP, LF) or mimic (SIPp-like)")
      ->capture_default_str()
      ->check(CLI::IsMember({"mrsip", "mimic"}));
  sub->add_option("--spoof", args->spoof,
                  "source addresses: random (all of 127/8), subnet "
                  "(127.16.66.0/24) or list (the "
                  "simulator's 64-address list); in a lab namespace the "
                  "simulator's addresses themselves (forged)")
      ->capture_default_str()
      ->check(CLI::IsMember({"random", "subnet", "list"}));
  sub->add_option("--sources", args->o.sources,
                  "source addresses (loopback: one bound socket each)")
      ->capture_default_str();
  sub->add_option("--seed", args->o.seed, "same seed, same addresses and messages")
      ->capture_default_str();
  sub->add_option("--source-port", args->o.source_port,
                  "-1: the tool's habit (Mr.SIP one random port, mimic 5060); "
                  "0: kernel-chosen")
      ->capture_default_str();
  sub->add_option("--netns", args->netns,
                  "send from inside this network namespace (must be named "
                  "sipddos-*, exist and have no default route for a non-loopback "
                  "target)");
  sub->callback([args, &selected] { selected = [args] { return RunFloodCommand(*args); }; });
}

static const CommandRegistration kFloodRegistration(60, RegisterFlood);

}  // namespace cli
