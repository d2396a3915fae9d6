// An absolute send schedule: message k is due at start + k / rate, so sleep
// overshoot and slow sends never accumulate. A sender that falls behind sends
// the overdue messages at once (only those the schedule says are due) and is
// back on schedule; it never sends ahead.
#pragma once

#include <atomic>
#include <cmath>
#include <cstdint>

#include "util/time_format.h"

namespace lab {

// CLOCK_MONOTONIC in microseconds: immune to wall-clock steps.
util::Micros MonotonicMicros();

class Pacer {
 public:
  // rate > 0 messages/s, duration_s > 0; the schedule starts at `start`
  // (monotonic micros).
  Pacer(double rate, double duration_s, util::Micros start)
      : rate_(rate), start_(start), end_(start + util::Micros(std::llround(duration_s * 1e6))) {}

  util::Micros start() const { return start_; }
  util::Micros end() const { return end_; }
  // When message k (0-based) is due; computed from k, not accumulated.
  util::Micros Due(int64_t k) const {
    return start_ + util::Micros(std::llround(double(k) * 1e6 / rate_));
  }
  // Whether message k belongs to the run: due before the end.
  bool InRun(int64_t k) const { return Due(k) < end_; }
  // Messages due at or before `now` (how many a sender that is on time has
  // sent).
  int64_t DueBy(util::Micros now) const;

 private:
  double rate_;
  util::Micros start_, end_;
};

// Sleeps until monotonic time `t`; returns early (false) when *stop becomes
// true, checked when a signal interrupts the sleep. True when `t` was reached.
bool SleepUntil(util::Micros t, const std::atomic<bool>* stop);

}  // namespace lab
