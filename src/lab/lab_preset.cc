#include "lab/lab_preset.h"

#include <algorithm>

namespace lab {
namespace {

using dataset::Behaviour;
using dataset::Intensity;
using dataset::Spoofing;
using dataset::Tool;

Behaviour BehaviourFor(Intensity i) {
  if (i == Intensity::kVL || i == Intensity::kL) return Behaviour::kLowRate;
  if (i == Intensity::kVH || i == Intensity::kVHpp) return Behaviour::kVeryHigh;
  return Behaviour::kAbrupt;
}

FloodEpisode Episode(double start, double duration, Intensity i, Tool t, Spoofing s) {
  FloodEpisode e;
  e.start_s = start;
  e.duration_s = duration;
  e.intensity = i;
  e.tool = t;
  e.behaviour = BehaviourFor(i);
  e.spoof = s;
  // As many sources as the mode allows, up to 200 (list: its 64 addresses).
  e.sources = s == Spoofing::kList ? 64 : 200;
  return e;
}

LabPreset Short() {
  LabPreset p;
  p.name = "short";
  p.duration_s = 20;
  p.phones = 4;
  p.calls_per_phone = 2;
  p.episodes = {
      Episode(3, 4, Intensity::kH, Tool::kMrSip, Spoofing::kRandom),
      Episode(9, 4, Intensity::kVL, Tool::kMimic, Spoofing::kList),
      Episode(15, 3, Intensity::kVHpp, Tool::kMrSip, Spoofing::kSubnet),
  };
  return p;
}

// Every intensity twice (Mr.SIP, then the mimic), spoofing modes in turn: 12 episodes of 15 s
// with 8 s of legitimate traffic between them, after 15 s of legitimate traffic alone.
LabPreset Full() {
  LabPreset p;
  p.name = "full";
  p.duration_s = 300;
  p.phones = 8;
  p.calls_per_phone = 2;
  const Spoofing modes[3] = {Spoofing::kRandom, Spoofing::kSubnet, Spoofing::kList};
  double t = 15;
  int n = 0;
  for (Intensity i : dataset::kAllIntensities)
    for (Tool tool : {Tool::kMrSip, Tool::kMimic}) {
      p.episodes.push_back(Episode(t, 15, i, tool, modes[n++ % 3]));
      t += 23;
    }
  return p;
}

}  // namespace

util::Result<LabPreset> FindLabPreset(const std::string& name) {
  if (name == "short") return Short();
  if (name == "full") return Full();
  return util::Status::Error("--preset '" + name + "': unknown (short, full)");
}

LabPreset WithDuration(LabPreset p, double duration_s) {
  p.duration_s = duration_s;
  std::vector<FloodEpisode> kept;
  for (FloodEpisode e : p.episodes) {
    if (e.start_s >= duration_s) continue;
    e.duration_s = std::min(e.duration_s, duration_s - e.start_s);
    kept.push_back(e);
  }
  p.episodes = std::move(kept);
  return p;
}

}  // namespace lab
