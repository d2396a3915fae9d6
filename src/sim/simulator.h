// `sipddos simulate`: runs each split's plan through the engine in its own
// thread and writes <split>.csv (one row per INVITE), <split>.pcap (every
// packet of the traffic) and manifest.json into the output folder. Nothing
// appears unless every file was written whole.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "dataset/windows.h"
#include "sim/preset.h"
#include "util/status.h"

namespace sim {

struct SimulateOptions {
  std::string out_dir;
  uint64_t seed = 1;
  bool csv = true;
  bool pcap = true;
  bool progress = false;            // a progress bar on stderr
  std::vector<std::string> splits;  // empty: all of the preset's
  // Every split with its legitimate users and server only (scenario a throughout, no attacker
  // sends a packet), the same number of rows: benign captures for `sipddos calibrate`.
  bool legitimate_only = false;
};

struct SplitSummary {
  std::string name;
  int network = 1;
  int64_t rows = 0, legitimate_rows = 0, malicious_rows = 0,
          retransmissions = 0;
  int64_t packets = 0;  // pcap frames (0 without pcap)
  std::map<std::string, int64_t> rows_by_attack, rows_by_intensity,
      rows_by_tool, rows_by_behaviour, rows_by_spoofing, rows_by_scenario,
      episodes_by_scenario;
  // Legitimate rows by caller kind (sim/caller_kind.h), malicious mimic rows
  // by the kind they copy.
  std::map<std::string, int64_t> legitimate_rows_by_kind, mimic_rows_by_kind;
  int64_t episodes = 0, attackers = 0;
  dataset::WindowStats windows;
  util::Micros first_time = 0, last_time = 0;
};

// Checks options (before anything is written) and runs the preset.
util::Result<std::vector<SplitSummary>> Simulate(const Preset& preset,
                                                 const SimulateOptions& o);

// Parses "csv", "pcap" or "csv,pcap" into the options' flags.
util::Status ParseFormats(const std::string& text, SimulateOptions* o);

}  // namespace sim
