// What evaluation needs of a message CSV beyond the feature vectors: each
// INVITE row's time, source, label, attack label and intensity, in file order
// (row i = the i-th INVITE of the split's pcap). Strings are interned to small
// ids so a paper-size split stays compact.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"
#include "util/time_format.h"

namespace eval {

struct SplitRows {
  std::string path;
  std::vector<util::Micros> time;
  std::vector<uint32_t> source;    // index into sources
  std::vector<int8_t> label;       // 0/1
  std::vector<uint16_t> attack;    // index into attacks ("none" is 0)
  std::vector<uint8_t> intensity;  // index into intensities ("none" is 0)
  std::vector<std::string> sources, attacks = {"none"}, intensities = {"none"};
  size_t size() const { return time.size(); }
};

// Errors name file:line (an unlabelled row is an error: evaluation needs every
// label).
util::Result<SplitRows> ReadSplitRows(const std::string &csv_path);

// A maximal run of one attack (tool, behaviour and intensity equal; spoofing
// may differ, since an episode's attackers spoof differently) whose consecutive
// malicious rows are at most `max_gap` apart. Rebuilt from the labels, so it
// works for any labelled CSV, not only simulated ones.
struct Episode {
  int64_t first_row = 0, last_row = 0;  // first and last malicious row
  util::Micros first_time = 0, last_time = 0;
  int64_t malicious_rows = 0;
  std::string attack;     // the first row's label, e.g. "mrsip:abrupt:random"
  std::string intensity;  // "VL" ... "VH++"
};
std::vector<Episode> FindEpisodes(const SplitRows &rows, util::Micros max_gap = 5'000'000);

}  // namespace eval
