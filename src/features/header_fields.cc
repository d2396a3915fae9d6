#include "features/header_fields.h"

#include <cstring>

namespace features {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// s.find_first_of(set) without libstdc++'s memchr call per byte of s (hot:
// every INVITE).
template <size_t N>
size_t FindAnyOf(std::string_view s, const char (&set)[N]) {
  for (size_t i = 0; i < s.size(); ++i) {
    for (size_t k = 0; k + 1 < N; ++k) {
      if (s[i] == set[k]) return i;
    }
  }
  return std::string_view::npos;
}

// Host[:port] -> host, brackets removed for IPv6 references.
std::string_view HostOnly(std::string_view hostport) {
  if (!hostport.empty() && hostport.front() == '[') {
    size_t close = hostport.find(']');
    if (close == std::string_view::npos) return {};
    return hostport.substr(1, close - 1);
  }
  return hostport.substr(0, hostport.find(':'));
}

// A dotted quad as inet_pton(AF_INET) reads it: four decimal octets <= 255, no
// leading zero.
bool ParseDottedQuad(std::string_view s, uint32_t* out) {
  uint32_t value = 0, octet = 0;
  int digits = 0, dots = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      if (digits == 1 && octet == 0) return false;  // leading zero
      octet = octet * 10 + uint32_t(c - '0');
      if (octet > 255) return false;
      ++digits;
    } else if (c == '.' && digits != 0 && dots < 3) {
      value = value << 8 | octet;
      octet = 0;
      digits = 0;
      ++dots;
    } else {
      return false;
    }
  }
  if (dots != 3 || digits == 0) return false;
  *out = value << 8 | octet;
  return true;
}

}  // namespace

UserHost ParseNameAddr(std::string_view value) {
  value = Trim(value);
  std::string_view uri;
  size_t lt = value.find('<');
  if (lt != std::string_view::npos) {
    size_t gt = value.find('>', lt);
    uri = value.substr(lt + 1, gt == std::string_view::npos ? std::string_view::npos : gt - lt - 1);
  } else {
    uri = value.substr(0, value.find(';'));  // addr-spec: params belong to the header
  }
  uri = Trim(uri);
  size_t colon = uri.find(':');
  // A scheme is letters before the first ':'; anything else means no scheme.
  if (colon != std::string_view::npos && colon > 0 && colon < 8) {
    bool alpha = true;
    for (size_t i = 0; i < colon; ++i) {
      char c = uri[i];
      alpha = alpha && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
    }
    if (alpha) uri.remove_prefix(colon + 1);
  }
  uri = uri.substr(0, FindAnyOf(uri, ";?"));  // URI params and headers
  UserHost out;
  size_t at = uri.rfind('@');
  std::string_view hostport = uri;
  if (at != std::string_view::npos) {
    out.user = uri.substr(0, at);
    size_t ucolon = out.user.find(':');  // user:password
    if (ucolon != std::string_view::npos) out.user = out.user.substr(0, ucolon);
    hostport = uri.substr(at + 1);
  }
  out.host = HostOnly(hostport);
  return out;
}

std::string_view CallIdHost(std::string_view call_id) {
  size_t at = call_id.find('@');
  if (at == std::string_view::npos) return {};
  return HostOnly(Trim(call_id.substr(at + 1)));
}

std::string_view ViaHost(std::string_view via) {
  via = Trim(via);
  // "SIP/2.0/UDP" then LWS then sent-by.
  size_t sp = FindAnyOf(via, " \t");
  if (sp == std::string_view::npos) return {};
  std::string_view sent_by = Trim(via.substr(sp));
  sent_by = sent_by.substr(0, FindAnyOf(sent_by, ";, \t"));
  return HostOnly(sent_by);
}

std::string_view HeaderTag(std::string_view value) {
  size_t gt = value.find('>');
  size_t pos = gt == std::string_view::npos ? 0 : gt;
  while ((pos = value.find(';', pos)) != std::string_view::npos) {
    std::string_view p = Trim(value.substr(pos + 1));
    if (p.size() >= 4 && (p[0] | 0x20) == 't' && (p[1] | 0x20) == 'a' && (p[2] | 0x20) == 'g' &&
        p[3] == '=') {
      p.remove_prefix(4);
      return Trim(p.substr(0, FindAnyOf(p, ";,")));
    }
    ++pos;
  }
  return {};
}

bool HostIsAddress(std::string_view host, const util::IpAddress& addr) {
  if (host.empty() || addr.empty() || host.size() > 45) return false;
  uint32_t v4 = 0;
  if (ParseDottedQuad(host, &v4)) return addr.is_v4() && addr.v4() == v4;
  // Not a dotted quad: only IPv6 text (or a bracketed address) can still parse,
  // and it has a
  // ':' or '['; a host name has neither.
  if (host.find_first_of(":[") == std::string_view::npos) return false;
  auto parsed = util::IpAddress::Parse(host);
  return parsed && *parsed == addr;
}

float DigitShare(std::string_view s) {
  if (s.empty()) return 0.0f;
  int digits = 0;
  for (char c : s) digits += (c >= '0' && c <= '9');
  return float(digits) / float(s.size());
}

TextShape ShapeWithoutAddresses(std::string_view s) {
  TextShape out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c < '0' || c > '9') {
      ++out.length;
      ++i;
      continue;
    }
    // A maximal run of digits and dots: an address when it reads d+.d+.d+.d+
    // exactly.
    size_t j = i;
    int dots = 0, digits = 0;
    bool empty_group = false, group_has_digit = false;
    while (j < s.size() && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.')) {
      if (s[j] == '.') {
        empty_group = empty_group || !group_has_digit;
        group_has_digit = false;
        ++dots;
      } else {
        group_has_digit = true;
        ++digits;
      }
      ++j;
    }
    if (dots == 3 && group_has_digit && !empty_group) {
      out.has_address = true;
    } else {
      out.length += int(j - i);
      out.digits += digits;
    }
    i = j;
  }
  return out;
}

uint64_t HashBytes(std::string_view s, uint64_t seed) {
  // 8 bytes per round, multiply-xorshift mixing (a simplified wyhash/murmur
  // finaliser).
  uint64_t h = seed ^ (s.size() * 0x9E3779B97F4A7C15ull);
  const char* p = s.data();
  size_t n = s.size();
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
    p += 8;
    n -= 8;
  }
  uint64_t w = 0;
  if (n != 0) std::memcpy(&w, p,
                          n);  // p may be null for an empty field (UB even with n == 0)
  h = (h ^ w) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  h *= 0xBF58476D1CE4E5B9ull;
  h ^= h >> 32;
  return h;
}

}  // namespace features
