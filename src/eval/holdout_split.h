// Training data without one attack mode, for the hold-out tables: the preset's
// train and val plans are rebuilt (same seed, so the same timeline as `sipddos
// simulate`) and every attacker of the held-out mode is removed before the
// traffic is generated. An episode left without attackers becomes a
// legitimate-only one of the same length. Rows are never cut out of an existing
// split, so every window stays a real run of consecutive INVITEs and the pcap
// and CSV stay aligned.
#pragma once

#include <cstdint>
#include <string>

#include "sim/plan.h"
#include "sim/preset.h"
#include "util/status.h"

namespace eval {

// "mimic", "mrsip" (tools) or "random", "subnet", "list" (spoofing modes).
util::Status CheckHoldOut(const std::string &mode);

// Removes the held-out attackers from plan's episodes; returns how many were
// removed.
int64_t DropAttackers(const std::string &mode, sim::SplitPlan *plan);

// Writes <out_dir>/train.{csv,pcap} and <out_dir>/val.{csv,pcap} without
// `mode`'s attacks. *removed (optional) gets the number of attackers dropped
// from both.
util::Status WriteHoldOutSplits(const sim::Preset &preset, uint64_t seed, const std::string &mode,
                                const std::string &out_dir, int64_t *removed);

}  // namespace eval
