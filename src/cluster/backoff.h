// Reconnect delays: doubling from min to max, back to min after a success.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <mutex>

namespace cluster {

class Backoff {
 public:
  Backoff(int min_ms, int max_ms) : min_ms_(min_ms), max_ms_(max_ms), next_ms_(min_ms) {}
  int Next() {
    int d = next_ms_;
    next_ms_ = std::min(max_ms_, next_ms_ * 2);
    return d;
  }
  void Reset() { next_ms_ = min_ms_; }

 private:
  int min_ms_, max_ms_, next_ms_;
};

// A sleep that Stop() cuts short.
class StopSignal {
 public:
  void Stop() {
    std::lock_guard<std::mutex> l(mu_);
    stopped_ = true;
    cv_.notify_all();
  }
  bool stopped() {
    std::lock_guard<std::mutex> l(mu_);
    return stopped_;
  }
  // False when stopped.
  bool SleepFor(int ms) {
    std::unique_lock<std::mutex> l(mu_);
    return !cv_.wait_for(l, std::chrono::milliseconds(ms), [&] { return stopped_; });
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopped_ = false;
};

}  // namespace cluster
