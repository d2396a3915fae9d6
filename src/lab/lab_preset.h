// What a lab run plays: how long, how many legitimate phones (SIPp UAC processes, one address
// each) at what call rate, and the schedule of flood episodes. The flood sends at a constant
// rate, so an episode is one constant-rate flood run; varying rates, tools and spoofing modes
// across episodes make the dataset's variety. Presets: "short" (20 s, for the test suite) and
// "full" (5 min, every intensity of the paper, 10..1000 INVITE/s).
#pragma once

#include <string>
#include <vector>

#include "dataset/attack_label.h"
#include "util/status.h"

namespace lab {

struct FloodEpisode {
  double start_s = 0;     // from the start of the lab's traffic
  double duration_s = 0;  // the flood runs [start, start + duration)
  dataset::Intensity intensity = dataset::Intensity::kH;  // rate = RatePerSecond(intensity)
  dataset::Tool tool = dataset::Tool::kMrSip;
  // The label's behaviour: every episode is a constant-rate run; low intensities are labelled
  // low-rate, middle ones abrupt, high ones very-high (docs/lab.md).
  dataset::Behaviour behaviour = dataset::Behaviour::kAbrupt;
  dataset::Spoofing spoof = dataset::Spoofing::kRandom;
  int sources = 100;
  double rate() const { return dataset::RatePerSecond(intensity); }
};

struct LabPreset {
  std::string name;
  double duration_s = 20;
  int phones = 4;              // SIPp UAC processes, one address each
  double calls_per_phone = 2;  // calls/s of each UAC
  std::vector<FloodEpisode> episodes;
};

// "short" or "full"; an error lists the names.
util::Result<LabPreset> FindLabPreset(const std::string& name);
// Fits the schedule into `duration_s` (> 0): episodes that would start after it are dropped,
// the last one is cut at it.
LabPreset WithDuration(LabPreset p, double duration_s);

}  // namespace lab
