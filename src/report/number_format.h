// Number formats of table columns ("format": {"accuracy": ".4f"}), a small printf-like subset:
//   "d"    integer (rounded half away from zero)      12345
//   ".Nf"  fixed, N decimals (0..12)                  0.9991
//   ".Ne"  exponent, N decimals                       1.25e-05
//   ".Ng"  N significant digits (1..17)               0.000125
//   ".N%"  value x 100, N decimals, and "%"           99.91%
// Without a format: integers as integers, other numbers with 6 significant digits.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "util/status.h"

namespace report {

struct NumberFormat {
  enum class Kind { kDefault, kInteger, kFixed, kExponent, kGeneral, kPercent };
  Kind kind = Kind::kDefault;
  int precision = 0;
};

util::Result<NumberFormat> ParseNumberFormat(std::string_view spec);
std::string FormatNumber(double value, const NumberFormat& format);
// A JSON number (integers keep every digit under "d" and the default format).
std::string FormatNumber(const nlohmann::json& number, const NumberFormat& format);
// A table cell: strings as they are, null as "-", numbers through format.
std::string FormatCell(const nlohmann::json& cell, const NumberFormat& format);

}  // namespace report
