#include "sip/message.h"

namespace sip {
namespace {

constexpr std::string_view kFlagNames[kFlagCount] = {
    "bad-content-length",
    "no-content-length",
    "body-truncated",
    "trailing-data",
    "duplicate-header",
    "missing-header",
    "cseq-method-mismatch",
    "bad-cseq",
    "bad-max-forwards",
    "bad-via",
    "bad-from",
    "bad-to",
    "bad-contact",
    "bad-request-uri",
    "start-line-whitespace",
    "malformed-header-line",
    "too-many-headers",
    "headers-unterminated",
    "nul-byte",
    "bad-call-id",
    "bad-date",
    "bare-lf",
};

}  // namespace

std::string_view FlagName(uint32_t bit) {
  for (int i = 0; i < kFlagCount; ++i) {
    if (bit == (1u << i)) return kFlagNames[i];
  }
  return {};
}

std::string FlagsToString(uint32_t flags) {
  std::string s;
  for (int i = 0; i < kFlagCount; ++i) {
    if (flags & (1u << i)) {
      if (!s.empty()) s += ',';
      s += kFlagNames[i];
    }
  }
  return s;
}

std::string Unquote(std::string_view escaped) {
  std::string s;
  s.reserve(escaped.size());
  for (size_t i = 0; i < escaped.size(); ++i) {
    if (escaped[i] == '\\' && i + 1 < escaped.size()) ++i;
    s += escaped[i];
  }
  return s;
}

}  // namespace sip
