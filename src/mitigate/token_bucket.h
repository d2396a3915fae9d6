// A token bucket on capture time: `rate` tokens per second up to `burst`.
// Starts full.
#pragma once

#include <algorithm>

#include "util/time_format.h"

namespace mitigate {

struct TokenBucket {
  double tokens = -1;  // < 0: not used yet (full)
  util::Micros last = 0;

  // Refills up to now, then reports whether a token is there (without taking
  // it).
  bool Available(util::Micros now, double rate, double burst) {
    if (tokens < 0) {
      tokens = burst;
    } else if (now > last) {
      tokens = std::min(burst, tokens + double(now - last) * 1e-6 * rate);
    }
    last = std::max(last, now);
    return tokens >= 1.0;
  }
  void Take() { tokens -= 1.0; }
  // Available + Take.
  bool TryTake(util::Micros now, double rate, double burst) {
    if (!Available(now, rate, burst)) return false;
    Take();
    return true;
  }
};

}  // namespace mitigate
