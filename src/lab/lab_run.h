// `sipddos lab`: one run of the lab (docs/lab.md). Builds the namespaces (lab/lab_network.h),
// starts the capture in the server's namespace, SIPp's UAS there and one SIPp UAC per phone in
// the clients' namespace, plays the preset's flood episodes from the attackers' namespace with
// forged sources, then writes DIR/capture.pcap, DIR/messages.csv (labelled from the flood's
// ground truth), DIR/manifest.json (episodes, nominal and measured rates) and DIR/logs/ (SIPp's
// logs and statistics). Everything it started is stopped and every namespace removed on return,
// whether the run succeeded, failed or was stopped.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "lab/flood.h"
#include "lab/lab_dataset.h"
#include "lab/lab_preset.h"
#include "util/status.h"

namespace lab {

struct LabOptions {
  LabPreset preset;
  std::string out_dir;  // created when missing
  std::string lab_dir;  // the project's lab/ folder: uac.xml, uas.xml, users.csv
  uint64_t seed = 1;    // the floods' seeds derive from it
  // Progress lines (no newline); may be empty.
  std::function<void(const std::string&)> log;
};

struct EpisodeResult {
  FloodEpisode episode;
  FloodOptions flood;
  FloodStats stats;
  EpisodeMeasure measured;
};

struct LabResult {
  std::vector<EpisodeResult> episodes;
  LabDatasetStats dataset;
  uint64_t captured_packets = 0, kernel_drops = 0;
};

// Checks first: root, `sipp` in PATH, the lab files, a preset that fits. Errors name the step.
// *stop (may be null) turning true ends the run early: everything is cleaned up and an error
// saying so is returned, with no capture, CSV or manifest left behind.
util::Result<LabResult> RunLab(const LabOptions& o, const std::atomic<bool>* stop);

}  // namespace lab
