// Character classes of RFC 3261's grammar as one 256-entry table: the parser's inner loops
// test a byte with one load instead of a chain of comparisons.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sip::internal {

enum CharClass : uint16_t {
  kToken = 1 << 0,       // token: alphanum - . ! % * _ + ` ' ~
  kLws = 1 << 1,         // SP HTAB CR LF: whitespace inside a (possibly folded) header value
  kDigit = 1 << 2,       // 0-9
  kHex = 1 << 3,         // 0-9 a-f A-F
  kAlpha = 1 << 4,       // a-z A-Z
  kHost = 1 << 5,        // hostname / IPv4: alphanum - . (and _ seen in the wild)
  kIpv6 = 1 << 6,        // inside [ ]: hex : . (IPv4-mapped tails included)
  kScheme = 1 << 7,      // scheme tail: alphanum + - .
  kNotUri = 1 << 8,      // never inside a URI: CTL, SP, DEL
  kParamValue = 1 << 9,  // gen-value without quotes: token, or host (':' '[' ']' for IPv6)
};

struct CharTable {
  uint16_t bits[256] = {};
  constexpr CharTable() {
    for (int c = 0; c < 256; ++c) {
      const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
      const bool digit = c >= '0' && c <= '9';
      const bool hex = digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      uint16_t b = 0;
      if (alpha || digit) b |= kToken | kHost | kScheme;
      if (alpha) b |= kAlpha;
      if (digit) b |= kDigit;
      if (hex) b |= kHex | kIpv6;
      switch (c) {
        case '-':
        case '.':
        case '!':
        case '%':
        case '*':
        case '_':
        case '+':
        case '`':
        case '\'':
        case '~':
          b |= kToken;
          break;
        default:
          break;
      }
      if (c == '-' || c == '.' || c == '_') b |= kHost;
      if (c == '+' || c == '-' || c == '.') b |= kScheme;
      if (c == ':' || c == '.') b |= kIpv6;
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') b |= kLws;
      if (c <= ' ' || c == 0x7f) b |= kNotUri;
      if ((b & kToken) || c == ':' || c == '[' || c == ']') b |= kParamValue;
      bits[c] = b;
    }
  }
};

inline constexpr CharTable kCharTable{};

inline bool Is(char c, uint16_t cls) { return kCharTable.bits[static_cast<uint8_t>(c)] & cls; }
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

// Index past the run of class-`cls` bytes starting at i (unrolled: hosts and tokens are the
// parser's commonest runs).
inline size_t Span(std::string_view s, size_t i, uint16_t cls) {
  const char* p = s.data();
  const size_t n = s.size();
  while (i + 4 <= n) {
    if (!Is(p[i], cls)) return i;
    if (!Is(p[i + 1], cls)) return i + 1;
    if (!Is(p[i + 2], cls)) return i + 2;
    if (!Is(p[i + 3], cls)) return i + 3;
    i += 4;
  }
  while (i < n && Is(p[i], cls)) ++i;
  return i;
}

inline bool AllOf(std::string_view s, uint16_t cls) {
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
  if (s.size() > max_digits) {  // rare: maybe leading zeros
    size_t z = 0;
    while (z + 1 < s.size() && s[z] == '0') ++z;
    s.remove_prefix(z);
    if (s.size() > max_digits) return false;
  }
  uint64_t r = 0;
  for (char c : s) {
    const unsigned d = static_cast<unsigned char>(c) - '0';
    if (d > 9) return false;
    r = r * 10 + d;
  }
  *v = r;
  return true;
}

// Word-at-a-time search (8 bytes per step). A matcher maps 8 bytes to a word with the high bit
// set in each byte that matches; the lowest set byte must be exact (higher ones may be false
// positives, as with the classic "has less than" trick), which FindFirst relies on.
static_assert(std::endian::native == std::endian::little, "FindFirst assumes little endian");
inline constexpr uint64_t kLowBits = 0x0101010101010101ull;
inline constexpr uint64_t kHighBits = 0x8080808080808080ull;

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}
// Bytes of x below n (n <= 0x80); bytes >= 0x80 never match.
inline constexpr uint64_t BytesBelow(uint64_t x, uint8_t n) {
  return (x - kLowBits * n) & ~x & kHighBits;
}
inline constexpr uint64_t BytesEqual(uint64_t x, char c) {
  return BytesBelow(x ^ (kLowBits * static_cast<uint8_t>(c)), 1);
}

// Index of the first byte at or after `from` that `match` flags, or s.size().
template <typename Match>
inline size_t FindFirst(std::string_view s, size_t from, Match match) {
  const char* p = s.data();
  const size_t n = s.size();
  size_t i = from;
  for (; i + 8 <= n; i += 8) {
    const uint64_t m = match(Load64(p + i));
    if (m != 0) return i + (std::countr_zero(m) >> 3);
  }
  if (i >= n) return n;
  uint64_t m;
  size_t base;
  if (n >= 8) {  // the last 8 bytes, minus those already searched
    base = n - 8;
    m = match(Load64(p + base)) & (~0ull << ((i - base) * 8));
  } else {
    char buf[8] = {};
    std::memcpy(buf, p + i, n - i);
    base = i;
    m = match(Load64(buf)) & ((1ull << ((n - i) * 8)) - 1);
  }
  return m != 0 ? base + (std::countr_zero(m) >> 3) : n;
}

// Index of the first c at or after `from`, or s.size() (inline: most runs here are short, where
// a call to memchr costs more than the search).
inline size_t FindChar(std::string_view s, size_t from, char c) {
  return FindFirst(s, from, [c](uint64_t x) { return BytesEqual(x, c); });
}

// First SP, HTAB, CR, LF or other CTL, or DEL: the end of a URI or token-ish run.
inline size_t FindCtlOrSpace(std::string_view s, size_t from) {
  return FindFirst(s, from, [](uint64_t x) { return BytesBelow(x, 0x21) | BytesEqual(x, 0x7f); });
}
inline size_t FindWsp(std::string_view s, size_t from) {
  return FindFirst(s, from, [](uint64_t x) { return BytesEqual(x, ' ') | BytesEqual(x, '\t'); });
}

// Header lines: 16 bytes per step with SSE2 (every x86-64 has it), words elsewhere. Inline,
// since a header line is tens of bytes: a call to memchr costs about as much as its search.
#if defined(__SSE2__)
// Bit k set where p[k] == c, for the 16 bytes at p.
inline uint32_t Mask16(const char* p, __m128i c) {
  return static_cast<uint32_t>(
      _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), c)));
}
// Runs `step(base, shift)` over [from, n) in 16-byte windows that stay inside [0, n): a window
// at `base` whose first `shift` bytes were already searched (the last one overlaps when n >= 16;
// under 16 bytes the caller's copy is searched instead). step returns true to stop.
template <typename Step>
inline void Scan16(const char* p, size_t n, size_t from, Step step) {
  size_t i = from;
  for (; i + 16 <= n; i += 16) {
    if (step(p + i, i, 0)) return;
  }
  if (i >= n) return;
  if (n >= 16) {
    step(p + n - 16, n - 16, static_cast<unsigned>(i - (n - 16)));
  } else {
    char buf[16] = {};  // NUL matches neither byte looked for
    std::memcpy(buf, p + i, n - i);
    step(buf, i, 0);
  }
}
#endif

// Portable versions of the two below (8 bytes per step), also what non-SSE2 builds run.
inline size_t FindLfWords(std::string_view s, size_t from) { return FindChar(s, from, '\n'); }
inline size_t FindLfNotingColonWords(std::string_view s, size_t from, size_t* colon) {
  const size_t at =
      FindFirst(s, from, [](uint64_t x) { return BytesEqual(x, ':') | BytesEqual(x, '\n'); });
  if (at == s.size() || s[at] == '\n') {
    *colon = s.size();
    return at;
  }
  *colon = at;
  return FindLfWords(s, at + 1);
}

// Index of the first LF at or after `from`, or s.size().
inline size_t FindLf(std::string_view s, size_t from) {
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n');
  size_t found = s.size();
  Scan16(s.data(), s.size(), from, [&](const char* w, size_t base, unsigned shift) {
    const uint32_t m = (Mask16(w, lf) >> shift) << shift;
    if (m == 0) return false;
    found = base + static_cast<size_t>(std::countr_zero(m));
    return true;
  });
  return found;
#else
  return FindLfWords(s, from);
#endif
}

// A physical line from `from`: returns the index of its LF (s.size() when none) and sets
// *colon to the first ':' before it (s.size() when none).
inline size_t FindLfNotingColon(std::string_view s, size_t from, size_t* colon) {
#if defined(__SSE2__)
  const size_t n = s.size();
  const __m128i lf = _mm_set1_epi8('\n'), co = _mm_set1_epi8(':');
  size_t found = n, first_colon = n;
  Scan16(s.data(), n, from, [&](const char* w, size_t base, unsigned shift) {
    const uint32_t ml = (Mask16(w, lf) >> shift) << shift;
    uint32_t mc = (Mask16(w, co) >> shift) << shift;
    if (ml != 0) mc &= (ml & -ml) - 1;  // colons before the line end only
    if (mc != 0 && first_colon == n) first_colon = base + static_cast<size_t>(std::countr_zero(mc));
    if (ml == 0) return false;
    found = base + static_cast<size_t>(std::countr_zero(ml));
    return true;
  });
  *colon = first_colon;
  return found;
#else
  return FindLfNotingColonWords(s, from, colon);
#endif
}

}  // namespace sip::internal
