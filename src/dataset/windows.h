// The window rule of the paper (Eq. 1, §4.1), in one place for training,
// evaluation, detection and the simulator: windows of W messages taken every p
// messages over a split's INVITE rows in file order; a window is malicious when
// it holds at least k malicious messages.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace dataset {

struct WindowParams {
  int window = 10;        // W
  int step = 2;           // p
  int min_malicious = 2;  // k
};

// Checks 1 <= W <= 64 (a window's labels fit a 64-bit pattern), p >= 1, 1 <= k
// <= W.
util::Status Validate(const WindowParams& p);

// floor((n - W) / p) + 1 when n >= W, else 0.
int64_t WindowCount(int64_t n, const WindowParams& p);
// Index of the first message of window i.
inline int64_t WindowStart(int64_t i, const WindowParams& p) {
  return i * p.step;
}
// 1 when at least p.min_malicious of labels are 1 (labels are 0/1).
int WindowLabel(std::span<const int8_t> labels, const WindowParams& p);

// A window's 0/1 label vector, message j of the window in bit j.
using Pattern = uint64_t;
Pattern WindowPattern(std::span<const int8_t> labels);
// "(1, 1, 0, 0, 0, 0, 0, 0, 0, 0)" as in the paper's Table 4.
std::string PatternString(Pattern bits, int window);
std::optional<Pattern> ParsePattern(std::string_view text, int window);
bool IsMixed(Pattern bits, int window);  // holds both classes

struct WindowStats {
  int64_t legitimate = 0, malicious = 0;
  int64_t total() const { return legitimate + malicious; }
  double malicious_share() const {
    return total() ? double(malicious) / double(total()) : 0;
  }
  // Counts of the window patterns that hold both classes, most frequent first
  // (ties: by pattern).
  std::vector<std::pair<Pattern, int64_t>> mixed_patterns;
  // Count of one pattern (0 when it never occurs).
  int64_t CountOf(Pattern p) const;
};

// Counts windows by label and their mixed patterns over labels (0/1, file
// order).
WindowStats CountWindows(std::span<const int8_t> labels, const WindowParams& p);

// Table 4's six patterns (window 10): (1,0,...), (1,1,0,...), (1,1,1,0,...),
// (1,1,1,1,0,...), (0,...,0,1,0), (0,...,0,1,1).
std::vector<Pattern> Table4Patterns();

}  // namespace dataset
