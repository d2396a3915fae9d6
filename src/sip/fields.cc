#include "sip/fields.h"

#include <cstdint>
#include <cstring>

#include "sip/chars.h"

namespace sip {
namespace {

using internal::EqualsIgnoreCase;
using internal::Is;
using internal::IsLws;
using internal::IsToken;
using internal::SkipLws;
using internal::SkipQuoted;
constexpr size_t npos = std::string_view::npos;

// port = 1*5DIGIT <= 65535 at s[*i]; advances *i past all the digits.
bool ReadPort(std::string_view s, size_t* i, int* port) {
  const size_t b = *i;
  uint32_t v = 0;
  size_t k = b;
  for (; k < s.size(); ++k) {
    const uint32_t d = static_cast<unsigned char>(s[k]) - '0';
    if (d > 9) break;
    if (k - b < 6) v = v * 10 + d;
  }
  *i = k;
  if (k == b || k - b > 5 || v > 65535) return false;
  *port = static_cast<int>(v);
  return true;
}

using internal::Span;

// Header / via parameters: *( SWS ";" SWS name [ SWS "=" SWS value ] ) SWS. Calls
// on_param(name, value) for each; *params gets the text after the first ';'.
template <typename OnParam>
bool ScanParams(std::string_view s, std::string_view* params, OnParam&& on_param) {
  size_t i = SkipLws(s, 0);
  if (i == s.size()) return true;
  if (s[i] != ';') return false;
  *params = internal::TrimLws(s.substr(i + 1));
  while (i < s.size()) {  // here s[i] == ';'
    i = SkipLws(s, i + 1);
    const size_t name_begin = i;
    i = Span(s, i, internal::kToken);
    if (i == name_begin) return false;  // empty parameter (";;")
    const std::string_view name = s.substr(name_begin, i - name_begin);
    std::string_view value;
    i = SkipLws(s, i);
    if (i < s.size() && s[i] == '=') {
      i = SkipLws(s, i + 1);
      const size_t value_begin = i;
      if (i < s.size() && s[i] == '"') {
        i = SkipQuoted(s, i);
        if (i == npos) return false;
      } else {
        i = Span(s, i, internal::kParamValue);
      }
      if (i == value_begin) return false;
      value = s.substr(value_begin, i - value_begin);
    }
    on_param(name, value);
    i = SkipLws(s, i);
    if (i == s.size()) break;
    if (s[i] != ';') return false;
  }
  return true;
}

bool IsSipScheme(std::string_view s) {
  if (s.size() != 3 && s.size() != 4) return false;
  if ((s[0] | 0x20) != 's' || (s[1] | 0x20) != 'i' || (s[2] | 0x20) != 'p') return false;
  return s.size() == 3 || (s[3] | 0x20) == 's';
}

// host [":" port] at s[i...] for a sip URI (no whitespace allowed); returns index after it.
size_t ParseHostPort(std::string_view s, size_t i, std::string_view* host, int* port, bool* ok) {
  if (i < s.size() && s[i] == '[') {
    const size_t close = s.find(']', i + 1);
    if (close == npos) {
      *ok = false;
      return s.size();
    }
    *host = s.substr(i + 1, close - i - 1);
    if (host->empty() || !internal::AllOf(*host, internal::kIpv6)) *ok = false;
    i = close + 1;
  } else {
    const size_t b = i;
    i = Span(s, i, internal::kHost);
    *host = s.substr(b, i - b);
    if (host->empty()) *ok = false;
  }
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!ReadPort(s, &i, port)) *ok = false;
  }
  return i;
}

}  // namespace

// ParseUri without the reset: for callers whose *u is already default (saves the stores on
// the parser's hot path, where the whole Message was reset once).
bool ParseUriFresh(std::string_view s, Uri* u) {
  u->raw = s;
  if (s.empty() || !Is(s[0], internal::kAlpha)) return false;
  const size_t colon = Span(s, 1, internal::kScheme);
  if (colon >= s.size() || s[colon] != ':') return false;
  u->scheme = s.substr(0, colon);
  if (colon + 1 == s.size()) return false;
  if (!IsSipScheme(u->scheme)) return internal::FindCtlOrSpace(s, colon + 1) == s.size();

  // One pass up to the first '@' (the user part may hold ';', '?', '/': RFC 4475 semiuri,
  // intmeth), noting the first ':' (password) and rejecting CTL/SP/DEL on the way. Host and
  // port are checked by their own spans; the parameters get a CTL scan of their own below.
  const size_t n = s.size();
  size_t at = n;
  size_t first_colon = n;
  for (size_t k = colon + 1;; ++k) {
    k = internal::FindFirst(s, k, [](uint64_t x) {
      return internal::BytesBelow(x, 0x21) | internal::BytesEqual(x, 0x7f) |
             internal::BytesEqual(x, '@') | internal::BytesEqual(x, ':');
    });
    if (k == n) break;
    if (s[k] == '@') {
      at = k;
      break;
    }
    if (s[k] != ':') return false;
    if (first_colon == n) first_colon = k;
  }
  size_t i = colon + 1;
  if (at != n) {
    const size_t pw = first_colon < at ? first_colon : at;
    u->user = s.substr(i, pw - i);
    if (pw < at) u->password = s.substr(pw + 1, at - pw - 1);
    if (u->user.empty()) return false;
    i = at + 1;
  }
  bool ok = true;
  i = ParseHostPort(s, i, &u->host, &u->port, &ok);
  if (!ok) return false;
  if (i == n) return true;
  if (s[i] != ';' && s[i] != '?') return false;  // junk after host[:port]
  // Without '@' the scan above already covered the whole URI.
  if (at != n && internal::FindCtlOrSpace(s, i) != n) return false;
  const size_t q = internal::FindChar(s, i, '?');
  if (s[i] == ';') u->params = s.substr(i + 1, q - i - 1);
  if (q != s.size()) u->headers = s.substr(q + 1);
  return true;
}

bool ParseUri(std::string_view s, Uri* u) {
  *u = Uri{};
  return ParseUriFresh(s, u);
}

bool ParseNameAddrFresh(std::string_view v, NameAddr* out) {
  out->raw = v;
  if (v == "*") {
    out->star = true;
    return true;
  }
  if (v.empty()) return false;
  bool ok = true;
  size_t after_uri = 0;
  size_t lt = npos;
  if (v[0] == '"') {
    const size_t q = SkipQuoted(v, 0);
    if (q == npos) return false;  // unterminated (RFC 4475 quotbal)
    out->display_name = v.substr(1, q - 2);
    lt = SkipLws(v, q);
    if (lt >= v.size() || v[lt] != '<') return false;
  } else {
    lt = internal::FindChar(v, 0, '<');
    if (lt == v.size()) lt = npos;
    if (lt != npos) {
      out->display_name = internal::TrimLws(v.substr(0, lt));
      for (char c : out->display_name) {
        if (!IsToken(c) && !IsLws(c)) ok = false;  // RFC 4475 baddn: "Bell, Alexander"
      }
    }
  }
  size_t gt = lt == npos ? npos : internal::FindChar(v, lt + 1, '>');
  if (gt == v.size()) gt = npos;
  if (gt != npos) {
    // No trimming: "< sip:a@b >" is invalid (RFC 4475 badaspec) and ParseUri says so.
    if (!ParseUriFresh(v.substr(lt + 1, gt - lt - 1), &out->uri)) ok = false;
    after_uri = gt + 1;
  } else {
    // addr-spec; or "<sip:a@b;tag=1" with no '>' (Mr.SIP's INVITE template), read the same
    // way after the '<' and flagged.
    const size_t begin = lt == npos ? 0 : lt + 1;
    if (lt != npos) ok = false;
    const size_t end = internal::FindFirst(v, begin, [](uint64_t x) {
      return internal::BytesBelow(x, 0x21) | internal::BytesEqual(x, ';');
    });
    if (!ParseUriFresh(v.substr(begin, end - begin), &out->uri)) ok = false;
    // addr-spec cannot carry ?headers (RFC 4475 regbadct): that needs <>.
    if (!out->uri.headers.empty()) ok = false;
    after_uri = end;
  }
  const bool params_ok = ScanParams(v.substr(after_uri), &out->params,
                                    [out](std::string_view name, std::string_view value) {
                                      if (out->tag.empty() && EqualsIgnoreCase(name, "tag")) {
                                        out->tag = value;
                                      }
                                    });
  return ok && params_ok;
}

namespace {

// sent-by and via params (s starts at the host). `recover` allows one level of the bracketed
// form below (never more: "[[[[..." must not recurse per byte).
bool ParseSentByAndParams(std::string_view s, Via* out, bool recover) {
  bool ok = true;
  size_t i = 0;
  if (i < s.size() && s[i] == '[') {
    const size_t close = s.find(']');
    if (close == npos) return false;
    const std::string_view inside = s.substr(1, close - 1);
    if (inside.empty() || !internal::AllOf(inside, internal::kIpv6)) {
      // "[192.0.2.1:5060 ; branch=x]", as printed in the paper's Fig. 3: read what is inside,
      // and still call the Via malformed.
      if (recover) ParseSentByAndParams(inside, out, false);
      return false;
    }
    out->host = inside;
    i = close + 1;
  } else {
    const size_t b = i;
    i = Span(s, i, internal::kHost);
    out->host = s.substr(b, i - b);
    if (out->host.empty()) ok = false;
  }
  size_t j = SkipLws(s, i);
  if (j < s.size() && s[j] == ':') {  // COLON = SWS ":" SWS
    j = SkipLws(s, j + 1);
    if (!ReadPort(s, &j, &out->port)) ok = false;
    i = j;
  }
  const bool params_ok =
      ScanParams(s.substr(i), &out->params, [out](std::string_view name, std::string_view value) {
        if (EqualsIgnoreCase(name, "branch")) {
          if (out->branch.empty()) out->branch = value;
        } else if (EqualsIgnoreCase(name, "received")) {
          if (value.size() >= 2 && value.front() == '[' && value.back() == ']') {
            value = value.substr(1, value.size() - 2);  // RFC 5118 4.5: accept both
          }
          if (out->received.empty()) out->received = value;
        } else if (EqualsIgnoreCase(name, "rport")) {
          out->rport = true;
        }
      });
  return ok && params_ok;
}

}  // namespace

bool ParseNameAddr(std::string_view v, NameAddr* out) {
  *out = NameAddr{};
  return ParseNameAddrFresh(v, out);
}

bool ParseVia(std::string_view v, Via* out) {
  *out = Via{};
  return ParseViaFresh(v, out);
}

bool ParseViaFresh(std::string_view v, Via* out) {
  out->raw = v;
  // sent-protocol = name SLASH version SLASH transport, SLASH = SWS "/" SWS
  std::string_view parts[3];
  size_t i = 0;
  for (int k = 0; k < 3; ++k) {
    if (k > 0) {
      i = SkipLws(v, i);
      if (i >= v.size() || v[i] != '/') return false;
      i = SkipLws(v, i + 1);
    }
    const size_t b = i;
    i = Span(v, i, internal::kToken);
    if (i == b) return false;
    parts[k] = v.substr(b, i - b);
  }
  out->transport = parts[2];
  const bool protocol_ok = EqualsIgnoreCase(parts[0], "SIP") && parts[1] == "2.0";
  const size_t host_begin = SkipLws(v, i);
  if (host_begin == i) return false;  // LWS required before sent-by
  const bool rest_ok = ParseSentByAndParams(v.substr(host_begin), out, true);
  return protocol_ok && rest_ok;
}

std::string_view FirstElement(std::string_view v) {
  for (size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '"') {
      i = SkipQuoted(v, i);
      if (i == npos) break;
      --i;
    } else if (c == '<') {
      i = v.find('>', i);
      if (i == npos) break;
    } else if (c == ',') {
      return internal::TrimLws(v.substr(0, i));
    }
  }
  return internal::TrimLws(v);
}

int CountElements(std::string_view v) {
  int n = 1;
  for (size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == '"') {
      i = SkipQuoted(v, i);
      if (i == npos) break;
      --i;
    } else if (c == '<') {
      i = v.find('>', i);
      if (i == npos) break;
    } else if (c == ',') {
      ++n;
    }
  }
  return n;
}

}  // namespace sip
