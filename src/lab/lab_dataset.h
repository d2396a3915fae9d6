// From the lab's capture to the message CSV (docs/formats.md), labelled by ground truth: the
// lab knows every INVITE its flood sent (the flood's messages are deterministic in its options,
// lab/flood.h LabFloodSources), so an INVITE is malicious exactly when its Call-ID is one the
// flood sent, and legitimate otherwise (SIPp's calls, their retransmissions included).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "lab/flood.h"
#include "lab/lab_preset.h"
#include "util/status.h"

namespace lab {

class FloodGroundTruth {
 public:
  // Records the Call-IDs of the first `count` messages of flood `o` (a lab flood) as episode
  // `episode`.
  util::Status AddFlood(const FloodOptions& o, int64_t count, int episode);
  // The episode whose flood sent `call_id`, or -1.
  int EpisodeOf(std::string_view call_id) const;
  size_t size() const { return ids_.size(); }

 private:
  std::unordered_map<std::string, int> ids_;
};

// The flood's INVITEs of one episode as seen in the capture.
struct EpisodeMeasure {
  int64_t invites = 0;
  util::Micros first = 0, last = 0;  // capture times of the first and last
  // (invites - 1) / (last - first): the intervals over their span (docs/flood.md).
  double rate() const {
    return invites > 1 && last > first ? double(invites - 1) * 1e6 / double(last - first) : 0;
  }
};

struct LabDatasetStats {
  int64_t rows = 0, legitimate = 0, malicious = 0;
  int64_t datagrams = 0, not_sip = 0;
  std::vector<EpisodeMeasure> episodes;  // by episode index
};

// Reads `pcap`, writes `csv` (through util::AtomicFile) with one row per INVITE in capture
// order, labelled from `truth`; episode e's rows get the Attack and Intensity of episodes[e].
util::Result<LabDatasetStats> WriteLabCsv(const std::string& pcap, const std::string& csv,
                                          const FloodGroundTruth& truth,
                                          const std::vector<FloodEpisode>& episodes);

}  // namespace lab
