#include "eval/baselines.h"

#include <algorithm>

namespace eval {

BaselineRule PikeRule() {
  return {"pike",
          "Kamailio pike, stock kamailio.cfg: > 16 requests per source per 2 s "
          "sampling interval",
          true,
          true,
          2'000'000,
          16};
}

BaselineRule EtRule() {
  return {"et",
          "Emerging Threats INVITE flood rule: >= 100 INVITEs from one source "
          "in 60 s (threshold "
          "type both, track by_src)",
          true,
          false,
          60'000'000,
          99};
}

BaselineRule GlobalRule(int64_t limit) {
  return {
      "global",
      "global INVITE rate: > " + std::to_string(limit) + " INVITEs per 1 s interval (all sources)",
      false,
      true,
      1'000'000,
      limit};
}

std::vector<int8_t> FlagMessages(const SplitRows &rows, const BaselineRule &rule) {
  std::vector<int8_t> flags(rows.size(), 0);
  // One slot per distinct source of the file (offline: the file bounds the
  // table).
  const size_t slots = rule.per_source ? rows.sources.size() : 1;
  std::vector<util::Micros> period(slots, INT64_MIN);
  std::vector<int64_t> count(slots, 0);
  for (size_t i = 0; i < rows.size(); ++i) {
    const size_t s = rule.per_source ? rows.source[i] : 0;
    const util::Micros t = rows.time[i];
    if (rule.fixed_intervals) {
      util::Micros k = t >= 0 ? t / rule.interval : (t - rule.interval + 1) / rule.interval;
      if (k != period[s]) {
        period[s] = k;
        count[s] = 0;
      }
    } else if (period[s] == INT64_MIN || t - period[s] >= rule.interval) {
      period[s] = t;
      count[s] = 0;
    }
    ++count[s];
    flags[i] = count[s] > rule.limit ? 1 : 0;
  }
  return flags;
}

int64_t PeakLegitimateCount(const SplitRows &rows, util::Micros interval) {
  int64_t best = 0, count = 0;
  bool malicious = false;
  util::Micros current = INT64_MIN;
  auto close = [&] {
    if (!malicious) best = std::max(best, count);
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    util::Micros k = rows.time[i] / interval;
    if (k != current) {
      if (current != INT64_MIN) close();
      current = k;
      count = 0;
      malicious = false;
    }
    ++count;
    malicious = malicious || rows.label[i];
  }
  if (current != INT64_MIN) close();
  return best;
}

std::vector<int8_t> FlagWindows(const std::vector<int8_t> &message_flags,
                                const dataset::WindowParams &p) {
  const int64_t n = dataset::WindowCount(int64_t(message_flags.size()), p);
  std::vector<int8_t> out(size_t(n), 0);
  // Prefix sums: flagged messages before row i.
  std::vector<int64_t> prefix(message_flags.size() + 1, 0);
  for (size_t i = 0; i < message_flags.size(); ++i)
    prefix[i + 1] = prefix[i] + (message_flags[i] ? 1 : 0);
  for (int64_t w = 0; w < n; ++w) {
    int64_t s = dataset::WindowStart(w, p);
    out[size_t(w)] = prefix[size_t(s + p.window)] - prefix[size_t(s)] > 0 ? 1 : 0;
  }
  return out;
}

}  // namespace eval
