// Timestamps are microseconds since the Unix epoch (int64) everywhere in sipddos.
#pragma once

#include <cstdint>
#include <string>

namespace util {

using Micros = int64_t;

// "1700000000.123456": the message CSV's Temps column.
std::string FormatSeconds(Micros t);
// "2023-11-14T22:13:20.123456+0000": EVE's timestamp format.
std::string FormatIso8601(Micros t);
Micros NowMicros();

}  // namespace util
