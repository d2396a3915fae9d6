#include "util/time_format.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <ctime>

namespace util {

std::string FormatSeconds(Micros t) {
  char buf[40];
  const char* sign = t < 0 ? "-" : "";
  uint64_t a = t < 0 ? uint64_t(-t) : uint64_t(t);
  std::snprintf(buf, sizeof buf, "%s%" PRIu64 ".%06" PRIu64, sign, a / 1000000, a % 1000000);
  return buf;
}

std::string FormatIso8601(Micros t) {
  time_t secs = time_t(t >= 0 ? t / 1000000 : (t - 999999) / 1000000);
  long usec = long(t - int64_t(secs) * 1000000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  size_t n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof buf - n, ".%06ld+0000", usec);
  return buf;
}

Micros NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace util
