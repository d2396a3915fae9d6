#include "dataset/windows.h"

#include <algorithm>
#include <bit>
#include <unordered_map>

namespace dataset {

util::Status Validate(const WindowParams& p) {
  if (p.window < 1 || p.window > 64)
    return util::Status::Error(
        "window must be between 1 and 64 messages, got " +
        std::to_string(p.window));
  if (p.step < 1)
    return util::Status::Error("step must be at least 1, got " +
                               std::to_string(p.step));
  if (p.min_malicious < 1 || p.min_malicious > p.window)
    return util::Status::Error(
        "min-malicious must be between 1 and the window (" +
        std::to_string(p.window) + "), got " + std::to_string(p.min_malicious));
  return util::Status::Ok();
}

int64_t WindowCount(int64_t n, const WindowParams& p) {
  if (n < p.window) return 0;
  return (n - p.window) / p.step + 1;
}

int WindowLabel(std::span<const int8_t> labels, const WindowParams& p) {
  int m = 0;
  for (int8_t l : labels) m += l == 1;
  return m >= p.min_malicious ? 1 : 0;
}

Pattern WindowPattern(std::span<const int8_t> labels) {
  Pattern bits = 0;
  for (size_t j = 0; j < labels.size() && j < 64; ++j)
    if (labels[j] == 1) bits |= Pattern(1) << j;
  return bits;
}

std::string PatternString(Pattern bits, int window) {
  std::string s = "(";
  for (int j = 0; j < window; ++j) {
    if (j) s += ", ";
    s += (bits >> j & 1) ? '1' : '0';
  }
  return s + ")";
}

std::optional<Pattern> ParsePattern(std::string_view text, int window) {
  Pattern bits = 0;
  int j = 0;
  for (char c : text) {
    if (c == '0' || c == '1') {
      if (j >= window) return std::nullopt;
      if (c == '1') bits |= Pattern(1) << j;
      ++j;
    } else if (c != '(' && c != ')' && c != ',' && c != ' ') {
      return std::nullopt;
    }
  }
  if (j != window) return std::nullopt;
  return bits;
}

bool IsMixed(Pattern bits, int window) {
  Pattern all = window >= 64 ? ~Pattern(0) : (Pattern(1) << window) - 1;
  return bits != 0 && (bits & all) != all;
}

int64_t WindowStats::CountOf(Pattern p) const {
  for (const auto& [bits, n] : mixed_patterns)
    if (bits == p) return n;
  return 0;
}

WindowStats CountWindows(std::span<const int8_t> labels,
                         const WindowParams& p) {
  WindowStats st;
  int64_t n = WindowCount(int64_t(labels.size()), p);
  std::unordered_map<Pattern, int64_t> mixed;
  for (int64_t i = 0; i < n; ++i) {
    auto w = labels.subspan(size_t(WindowStart(i, p)), size_t(p.window));
    Pattern bits = WindowPattern(w);
    int m = std::popcount(bits);
    if (m >= p.min_malicious)
      ++st.malicious;
    else
      ++st.legitimate;
    if (IsMixed(bits, p.window)) ++mixed[bits];
  }
  st.mixed_patterns.assign(mixed.begin(), mixed.end());
  std::sort(st.mixed_patterns.begin(), st.mixed_patterns.end(),
            [](const auto& a, const auto& b) {
              return a.second != b.second ? a.second > b.second
                                          : a.first < b.first;
            });
  return st;
}

std::vector<Pattern> Table4Patterns() {
  std::vector<Pattern> out;
  for (const char* s : {"(1,0,0,0,0,0,0,0,0,0)", "(1,1,0,0,0,0,0,0,0,0)",
                        "(1,1,1,0,0,0,0,0,0,0)", "(1,1,1,1,0,0,0,0,0,0)",
                        "(0,0,0,0,0,0,0,0,1,0)", "(0,0,0,0,0,0,0,0,1,1)"})
    out.push_back(*ParsePattern(s, 10));
  return out;
}

}  // namespace dataset
