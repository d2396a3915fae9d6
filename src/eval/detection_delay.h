// Detection delay: detect::Detector (the streaming path of `sipddos detect`)
// runs over a split's pcap; each attack episode (eval::FindEpisodes over the
// split's CSV) is detected at the first moment an alert is active during it:
//   detected = max(first malicious INVITE, alert's `started`) for the earliest
//   alert whose
//              active span [started, last_malicious] overlaps [first, last
//              malicious INVITE].
// delay_ms = detected - first malicious INVITE; invites = the episode's
// malicious INVITEs up to and including `detected`. An episode no alert
// overlaps is missed.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "eval/split_rows.h"
#include "nn/model_file.h"
#include "util/status.h"

namespace eval {

struct EpisodeDelay {
  Episode episode;
  bool detected = false;
  double delay_ms = 0;
  int64_t invites = 0;  // malicious INVITEs of the episode until detection
};

struct AlertSpan {
  util::Micros started = 0, last_malicious = 0;
};

struct DelayRun {
  std::vector<EpisodeDelay> episodes;
  std::vector<AlertSpan> alerts;  // every attack the detector reported
  int64_t invites_scored = 0;
};

// step_override > 0 scores a window every step_override INVITEs instead of the
// model's step.
util::Result<DelayRun> MeasureDelays(const nn::ModelFile &model, const std::string &pcap_path,
                                     const SplitRows &rows, float threshold, int step_override);

// Pure part, for tests: matches episodes to alert spans.
std::vector<EpisodeDelay> MatchEpisodes(const SplitRows &rows, const std::vector<Episode> &eps,
                                        const std::vector<AlertSpan> &alerts);

struct IntensityDelay {
  std::string intensity;
  int64_t episodes = 0, missed = 0;
  std::optional<double> median_ms, p90_ms, median_invites, p90_invites;
};
// One entry per intensity present, in the order VL L M H VH VH++ (others
// after).
std::vector<IntensityDelay> AggregateByIntensity(const std::vector<EpisodeDelay> &d);

}  // namespace eval
