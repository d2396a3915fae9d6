#include "report/number_format.h"

#include <cmath>
#include <cstdio>
#include <string>

namespace report {
namespace {

std::string Printf(const char* spec, int precision, double value) {
  char buf[64];
  std::snprintf(buf, sizeof buf, spec, precision, value);
  std::string s = buf;
  // "-0.00" reads as a negative number that is not there.
  if (s[0] == '-' && s.find_first_of("123456789") == std::string::npos) s.erase(0, 1);
  return s;
}

}  // namespace

util::Result<NumberFormat> ParseNumberFormat(std::string_view spec) {
  auto bad = [&] {
    return util::Status::Error("unknown number format \"" + std::string(spec) +
                               "\" (expected d, .Nf, .Ne, .Ng or .N%)");
  };
  if (spec == "d") return NumberFormat{NumberFormat::Kind::kInteger, 0};
  if (spec.size() < 3 || spec.size() > 4 || spec[0] != '.') return bad();
  int precision = 0;
  for (std::size_t i = 1; i + 1 < spec.size(); ++i) {
    if (spec[i] < '0' || spec[i] > '9') return bad();
    precision = precision * 10 + (spec[i] - '0');
  }
  NumberFormat f;
  f.precision = precision;
  switch (spec.back()) {
    case 'f':
      f.kind = NumberFormat::Kind::kFixed;
      break;
    case 'e':
      f.kind = NumberFormat::Kind::kExponent;
      break;
    case 'g':
      f.kind = NumberFormat::Kind::kGeneral;
      break;
    case '%':
      f.kind = NumberFormat::Kind::kPercent;
      break;
    default:
      return bad();
  }
  int max = f.kind == NumberFormat::Kind::kGeneral ? 17 : 12;
  int min = f.kind == NumberFormat::Kind::kGeneral ? 1 : 0;
  if (precision < min || precision > max) return bad();
  return f;
}

std::string FormatNumber(double value, const NumberFormat& f) {
  if (!std::isfinite(value)) return "-";  // the layout never holds one; print nothing false
  switch (f.kind) {
    case NumberFormat::Kind::kInteger:
      return Printf("%.*f", 0, std::round(value));
    case NumberFormat::Kind::kFixed:
      return Printf("%.*f", f.precision, value);
    case NumberFormat::Kind::kExponent:
      return Printf("%.*e", f.precision, value);
    case NumberFormat::Kind::kGeneral:
      return Printf("%.*g", f.precision, value);
    case NumberFormat::Kind::kPercent:
      return Printf("%.*f", f.precision, value * 100) + "%";
    case NumberFormat::Kind::kDefault:
      if (value == std::trunc(value) && std::fabs(value) < 1e15) return Printf("%.*f", 0, value);
      return Printf("%.*g", 6, value);
  }
  return "-";
}

std::string FormatNumber(const nlohmann::json& number, const NumberFormat& f) {
  bool integer_kind =
      f.kind == NumberFormat::Kind::kDefault || f.kind == NumberFormat::Kind::kInteger;
  if (integer_kind && number.is_number_unsigned()) return std::to_string(number.get<uint64_t>());
  if (integer_kind && number.is_number_integer()) return std::to_string(number.get<int64_t>());
  return FormatNumber(number.get<double>(), f);
}

std::string FormatCell(const nlohmann::json& cell, const NumberFormat& format) {
  if (cell.is_string()) return cell.get<std::string>();
  if (cell.is_number()) return FormatNumber(cell, format);
  return "-";
}

}  // namespace report
