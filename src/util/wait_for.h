// Polling for tests: waits until a condition holds (a log line, a file, a port) or a timeout.
#pragma once

#include <chrono>
#include <thread>

namespace util {

// Polls `pred` every 5 ms until it holds; false when it still does not after timeout_ms.
template <typename Pred>
bool WaitFor(Pred pred, int timeout_ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < end) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return pred();
}

}  // namespace util
