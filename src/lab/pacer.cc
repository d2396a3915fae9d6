#include "lab/pacer.h"

#include <time.h>

#include <cerrno>

namespace lab {

util::Micros MonotonicMicros() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return util::Micros(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

int64_t Pacer::DueBy(util::Micros now) const {
  if (now < start_) return 0;
  // Estimate, then correct for rounding in Due() so that Due(n - 1) <= now <
  // Due(n).
  int64_t n = int64_t(double(now - start_) * rate_ / 1e6) + 1;
  while (n > 0 && Due(n - 1) > now) --n;
  while (Due(n) <= now) ++n;
  return n;
}

bool SleepUntil(util::Micros t, const std::atomic<bool>* stop) {
  timespec ts{time_t(t / 1000000), long(t % 1000000) * 1000};
  while (true) {
    if (stop && stop->load(std::memory_order_relaxed)) return false;
    int rc = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, nullptr);
    if (rc == 0) return true;
    if (rc != EINTR) return MonotonicMicros() >= t;
  }
}

}  // namespace lab
