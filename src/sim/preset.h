// The presets of `sipddos simulate`: `paper` reproduces the paper's Table 1
// (window totals exactly, malicious window shares within a point), `small` is
// about 1% of it.
#pragma once

#include <string>
#include <vector>

#include "dataset/windows.h"
#include "sim/network.h"
#include "sim/plan.h"
#include "util/status.h"

namespace sim {

struct SplitTarget {
  std::string name;
  int network = 1;
  int64_t windows = 0;         // Table 1 total: rows = (windows - 1) * step + W
  double malicious_share = 0;  // Table 1 malicious / total
  uint64_t seed_salt =
      0;  // test2 shares test1's, so both have the same timeline
  util::Micros start = 0;
};

struct Preset {
  std::string name;
  LegitParams legit;
  ServerParams server;
  AttackParams attack;
  dataset::WindowParams windows;
  std::vector<SplitTarget> splits;
  double attack_rows_per_episode =
      2000;  // sets how many attack episodes a split has
  bool default_pcap = false;
};

Preset PaperPreset();
Preset SmallPreset();
util::Result<Preset> PresetByName(const std::string& name);

int64_t RowsFor(const SplitTarget& t, const dataset::WindowParams& w);

// The split's plan: attack episodes cycling through tools, behaviours,
// intensities, spoofing modes and scenarios b-e, scaled (by a label-only dry
// run of the same engine) so that the malicious window share meets the target,
// with legitimate-only episodes (scenario a) between them and an open-ended
// last one, so the split has exactly RowsFor(t) rows.
util::Result<SplitPlan> BuildPlan(const Preset& p, const SplitTarget& t,
                                  uint64_t seed);

}  // namespace sim
