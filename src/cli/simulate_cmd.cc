#include <unistd.h>

#include <cstdio>

#include "cli/command.h"
#include "sim/simulator.h"

namespace cli {

void RegisterSimulate(CLI::App& root, RunFn& selected) {
  struct Args {
    std::string preset = "small", out, format, splits;
    uint64_t seed = 1;
    bool no_progress = false, legitimate_only = false;
  };
  auto args = std::make_shared<Args>();
  auto* sub =
      root.add_subcommand("simulate",
                          "Generate the paper's labelled datasets: <split>.csv "
                          "(one row per INVITE), <split>.pcap "
                          "and manifest.json for train, val, test1 (network 1) "
                          "and test2 (network 2)");
  sub->add_option("--preset", args->preset,
                  "paper (Table 1 sizes) or small (about 1%)")
      ->capture_default_str();
  sub->add_option("--out", args->out, "output folder (created if missing)")
      ->required();
  sub->add_option("--seed", args->seed, "same seed, byte-identical outputs")
      ->capture_default_str();
  sub->add_option(
      "--format", args->format,
      "csv, pcap or csv,pcap (default: csv for paper, csv,pcap for small)");
  sub->add_option("--splits", args->splits,
                  "comma-separated subset of train,val,test1,test2");
  sub->add_flag("--legitimate-only", args->legitimate_only,
                "no attacks: the legitimate users and server only, same sizes "
                "(benign captures for calibrate)");
  sub->add_flag("--no-progress", args->no_progress,
                "no progress bar even on a terminal");
  sub->callback([args, &selected] {
    selected = [args] {
      auto preset = sim::PresetByName(args->preset);
      if (!preset.ok()) {
        std::fprintf(stderr, "sipddos simulate: --preset: %s\n",
                     preset.status().message().c_str());
        return kExitUsage;
      }
      sim::SimulateOptions o;
      o.out_dir = args->out;
      o.seed = args->seed;
      o.csv = true;
      o.pcap = preset->default_pcap;
      if (!args->format.empty()) {
        util::Status st = sim::ParseFormats(args->format, &o);
        if (!st.ok()) {
          std::fprintf(stderr, "sipddos simulate: %s\n", st.message().c_str());
          return kExitUsage;
        }
      }
      for (size_t start = 0;
           !args->splits.empty() && start <= args->splits.size();) {
        size_t comma = args->splits.find(',', start);
        o.splits.push_back(args->splits.substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      o.progress = !args->no_progress && isatty(2);
      o.legitimate_only = args->legitimate_only;
      auto result = sim::Simulate(*preset, o);
      if (!result.ok()) {
        std::fprintf(stderr, "sipddos simulate: %s\n",
                     result.status().message().c_str());
        return kExitFailure;
      }
      for (const sim::SplitSummary& s : *result)
        std::printf(
            "%-6s %9lld rows  windows: %lld legitimate, %lld malicious, %lld "
            "total\n",
            s.name.c_str(), (long long)s.rows, (long long)s.windows.legitimate,
            (long long)s.windows.malicious, (long long)s.windows.total());
      return kExitOk;
    };
  });
}

static const CommandRegistration kSimulateRegistration(20, RegisterSimulate);

}  // namespace cli
