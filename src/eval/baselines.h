// Rule-based baselines run on the same INVITE rows and windows as the models
// (docs/evaluation.md):
//  - pike: Kamailio's pike module as configured in Kamailio's stock
//  kamailio.cfg
//    (sampling_time_unit 2 s, reqs_density_per_unit 16): per source, INVITEs
//    are counted in fixed intervals of 2 s; an INVITE is flagged when it is
//    past the 16th of its source in the current interval.
//  - et: the Emerging Threats SIP INVITE flood rule (threshold type both, track
//    by_src, count 100, seconds 60), with Suricata's threshold tracking: a
//    source's 60 s period starts at its first INVITE (and again at the first
//    INVITE after the period ended); an INVITE is flagged when it is the 100th
//    or later of its source in the period.
//  - global: all INVITEs counted in fixed 1 s intervals; flagged past a limit
//  (calibrated by
//    the caller, e.g. the busiest legitimate-only second of the train split).
// A window is flagged when the baseline flags any of its messages.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dataset/windows.h"
#include "eval/split_rows.h"

namespace eval {

struct BaselineRule {
  std::string name;         // "pike", "et", "global"
  std::string description;  // one line for the report
  bool per_source = true;
  bool fixed_intervals = true;  // false: Suricata-style period from the source's first INVITE
  util::Micros interval = 2'000'000;
  int64_t limit = 16;  // flagged when the count in the interval (this INVITE
                       // included) > limit
};

BaselineRule PikeRule();
BaselineRule EtRule();
BaselineRule GlobalRule(int64_t limit);

// Per INVITE row: 1 when the rule fires on it.
std::vector<int8_t> FlagMessages(const SplitRows &rows, const BaselineRule &rule);

// The most INVITEs seen in one fixed interval holding no malicious INVITE (0
// when none).
int64_t PeakLegitimateCount(const SplitRows &rows, util::Micros interval);

// Per window (dataset's window rule): 1 when any of its messages is flagged.
std::vector<int8_t> FlagWindows(const std::vector<int8_t> &message_flags,
                                const dataset::WindowParams &p);

}  // namespace eval
