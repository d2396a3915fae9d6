// `detect --pcap FILE --replay-speed X`: holds each packet back until its capture timestamp is
// due on the wall clock, scaled by X (1 real time, 10 ten times faster), so a recorded attack
// plays out as it happened (e.g. on the live status page). While it waits it reports the capture
// time reached every tick (100 ms of wall time at most), so the detector can end quiet attacks and
// the status page can advance through gaps in the capture.
// Header-only: cli_tests test it without linking the subcommands.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <thread>

#include "util/time_format.h"

namespace cli {

// The wall clock the pacer reads and sleeps on; tests give it a fake one.
class PacerClock {
 public:
  virtual ~PacerClock() = default;
  virtual std::chrono::nanoseconds Now() = 0;  // monotonic
  virtual void SleepFor(std::chrono::nanoseconds d) = 0;
};
// The real one: steady_clock and sleep_for.
inline PacerClock& SteadyPacerClock() {
  struct Steady : PacerClock {
    std::chrono::nanoseconds Now() override {
      return std::chrono::steady_clock::now().time_since_epoch();
    }
    void SleepFor(std::chrono::nanoseconds d) override { std::this_thread::sleep_for(d); }
  };
  static Steady clock;
  return clock;
}

class ReplayPacer {
 public:
  using Idle = std::function<void(util::Micros capture_now)>;
  // speed <= 0: no pacing (Wait returns at once).
  explicit ReplayPacer(double speed, PacerClock& clock = SteadyPacerClock(),
                       std::chrono::nanoseconds tick = std::chrono::milliseconds(100))
      : speed_(speed), clock_(clock), tick_(tick) {}

  // Returns when capture time `ts` is due (at once for the first packet, for a timestamp
  // earlier than one already passed, and after Interrupt). Calls idle(capture time) after each
  // tick spent waiting.
  void Wait(util::Micros ts, const Idle& idle) {
    if (speed_ <= 0) return;
    if (!started_) {
      started_ = true;
      origin_ts_ = ts;
      origin_wall_ = clock_.Now();
      return;
    }
    using std::chrono::nanoseconds;
    // Wall time at which `ts` is due (in double: a hostile timestamp must not overflow); the
    // capture time reached at wall time w is the inverse. A gap of more than kMaxGap of wall time
    // (a capture paused for hours, or a forged timestamp) is cut: the pace restarts at `ts`.
    const double due_ns =
        double(origin_wall_.count()) + double(ts - origin_ts_) * 1000.0 / speed_;
    if (due_ns - double(clock_.Now().count()) > double(kMaxGap.count())) {
      origin_ts_ = ts;
      origin_wall_ = clock_.Now();
      return;
    }
    const nanoseconds due{static_cast<int64_t>(due_ns)};
    for (;;) {
      if (stop_.load(std::memory_order_relaxed)) return;
      nanoseconds now = clock_.Now();
      if (now >= due) return;
      clock_.SleepFor(std::min(tick_, due - now));
      now = clock_.Now();
      if (now >= due) return;
      if (idle)
        idle(origin_ts_ + util::Micros(double((now - origin_wall_).count()) * speed_ / 1000.0));
    }
  }
  static constexpr std::chrono::nanoseconds kMaxGap = std::chrono::seconds(60);
  // Async-signal-safe: the current and every later Wait return at once.
  void Interrupt() { stop_.store(true, std::memory_order_relaxed); }

 private:
  double speed_;
  PacerClock& clock_;
  std::chrono::nanoseconds tick_;
  bool started_ = false;
  util::Micros origin_ts_ = 0;
  std::chrono::nanoseconds origin_wall_{0};
  std::atomic<bool> stop_{false};
};

}  // namespace cli
