// Character classes of RFC 3261's grammar as one 256-entry table: the parser's inner loops
// test a byte with one load instead of a chain of comparisons.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sip::internal {

enum CharClass : uint8_t {
  kToken = 1 << 0,   // token: alphanum - . ! % * _ + ` ' ~
  kLws = 1 << 1,     // SP HTAB CR LF: whitespace inside a (possibly folded) header value
  kDigit = 1 << 2,   // 0-9
  kHex = 1 << 3,     // 0-9 a-f A-F
  kAlpha = 1 << 4,   // a-z A-Z
  kHost = 1 << 5,    // hostname / IPv4: alphanum - . (and _ seen in the wild)
  kIpv6 = 1 << 6,    // inside [ ]: hex : . (IPv4-mapped tails included)
  kScheme = 1 << 7,  // scheme tail: alphanum + - .
};

struct CharTable {
  uint8_t bits[256] = {};
  constexpr CharTable() {
    for (int c = 0; c < 256; ++c) {
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      const bool digit = c >= '0' && c <= '9';
      const bool hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      uint8_t b = 0;
      if (alpha || digit) b |= kToken | kHost | kScheme;
      if (alpha) b |= kAlpha;
      if (digit) b |= kDigit;
      if (hex) b |= kHex | kIpv6;
      switch (c) {
        case '-': case '.': case '!': case '%': case '*': case '_':
        case '+': case '`': case '\'': case '~':
          b |= kToken;
          break;
        default:
          break;
      }
      if (c == '-' || c == '.' || c == '_') b |= kHost;
      if (c == '+' || c == '-' || c == '.') b |= kScheme;
      if (c == ':' || c == '.') b |= kIpv6;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') b |= kLws;
      bits[c] = b;
    }
  }
};

inline constexpr CharTable kCharTable{};

inline bool Is(char c, uint8_t cls) { return kCharTable.bits[static_cast<uint8_t>(c)] & cls; }
inline bool IsToken(char c) { return Is(c, kToken); }
inline bool IsLws(char c) { return Is(c, kLws); }
inline bool IsDigit(char c) { return Is(c, kDigit); }
inline bool IsWsp(char c) { return c == ' ' || c == '\t'; }

inline char ToLowerAscii(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

inline bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (ToLowerAscii(a[i]) != ToLowerAscii(b[i])) return false;
  }
  return true;
}

inline bool AllOf(std::string_view s, uint8_t cls) {
  for (char c : s) {
    if (!Is(c, cls)) return false;
  }
  return true;
}

// Trims SP, HTAB, CR and LF (folded continuation lines) from both ends.
inline std::string_view TrimLws(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && IsLws(s[b])) ++b;
  while (e > b && IsLws(s[e - 1])) --e;
  return s.substr(b, e - b);
}

inline size_t SkipLws(std::string_view s, size_t i) {
  while (i < s.size() && IsLws(s[i])) ++i;
  return i;
}

// Index just past the closing quote of the quoted-string opening at s[i] == '"', honouring
// backslash escapes; npos when unterminated.
inline size_t SkipQuoted(std::string_view s, size_t i) {
  for (++i; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '"') {
      return i + 1;
    }
  }
  return std::string_view::npos;
}

// Parses s, all decimal digits, into *v; false when empty, not all digits, or longer than
// max_digits once leading zeros are dropped (max_digits <= 19 cannot overflow).
inline bool ParseDecimal(std::string_view s, size_t max_digits, uint64_t* v) {
  if (s.empty()) return false;
  size_t z = 0;
  while (z + 1 < s.size() && s[z] == '0') ++z;
  s.remove_prefix(z);
  if (s.size() > max_digits) return false;
  uint64_t r = 0;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    r = r * 10 + static_cast<uint64_t>(c - '0');
  }
  *v = r;
  return true;
}

}  // namespace sip::internal
