#include "sip/parser.h"

#include <cstdint>
#include <cstring>
#include <string>

#include "sip/chars.h"
#include "sip/fields.h"
#include "sip/header_line.h"
#include "sip/header_reader.h"

namespace sip {
namespace {

using internal::EqualsIgnoreCase;
using internal::IsWsp;

util::Status Error(size_t offset, std::string_view what) {
  std::string m = "sip: byte ";
  m += std::to_string(offset);
  m += ": ";
  m += what;
  return util::Status::Error(std::move(m));
}

// Index past a run of SP/HTAB at line[i]; flags the start line when the run is not one SP.
size_t SkipSeparator(std::string_view line, size_t i, Message* out) {
  const size_t b = i;
  while (i < line.size() && IsWsp(line[i])) ++i;
  if (i - b != 1 || line[b] != ' ') out->flags |= kFlagStartLineWhitespace;
  return i;
}

size_t SpanNonWsp(std::string_view line, size_t i) { return internal::FindWsp(line, i); }

bool IsSipVersion(std::string_view v) { return EqualsIgnoreCase(v, "SIP/2.0"); }

// Request-Line = Method SP Request-URI SP SIP-Version; Status-Line = SIP-Version SP
// Status-Code SP Reason-Phrase. `base` is the line's offset in the datagram, for errors.
util::Status ParseStartLine(std::string_view line, size_t base, Message* out) {
  const size_t first_end = SpanNonWsp(line, 0);
  const std::string_view first = line.substr(0, first_end);
  if (first.empty()) return Error(base, "start line begins with whitespace");

  if (first.size() >= 4 && EqualsIgnoreCase(first.substr(0, 4), "SIP/")) {
    if (!IsSipVersion(first)) return Error(base, "unsupported SIP version in status line");
    out->is_request = false;
    if (first_end == line.size()) return Error(base + first_end, "status line has no code");
    size_t i = SkipSeparator(line, first_end, out);
    const size_t code_begin = i;
    while (i < line.size() && internal::IsDigit(line[i])) ++i;
    if (i - code_begin != 3 || (i < line.size() && !IsWsp(line[i]))) {
      return Error(base + code_begin, "status code is not 3 digits");
    }
    out->status_code = (line[code_begin] - '0') * 100 + (line[code_begin + 1] - '0') * 10 +
                       (line[code_begin + 2] - '0');
    if (out->status_code < 100) return Error(base + code_begin, "status code below 100");
    // Reason-Phrase may be empty (RFC 4475 noreason) and hold any UTF-8 (unreason).
    out->reason = i < line.size() ? line.substr(i + 1) : std::string_view();
    return util::Status::Ok();
  }

  out->is_request = true;
  for (size_t k = 0; k < first.size(); ++k) {
    if (!internal::IsToken(first[k])) return Error(base + k, "method is not a token");
  }
  out->method = first;
  if (first_end == line.size()) return Error(base + first_end, "request line has no Request-URI");
  const size_t uri_begin = SkipSeparator(line, first_end, out);
  const size_t uri_end = SpanNonWsp(line, uri_begin);
  if (uri_end == line.size()) return Error(base + uri_end, "request line has no SIP version");
  const size_t version_begin = SkipSeparator(line, uri_end, out);
  const size_t version_end = SpanNonWsp(line, version_begin);
  const std::string_view version = line.substr(version_begin, version_end - version_begin);
  if (!IsSipVersion(version)) return Error(base + version_begin, "unsupported SIP version");
  if (version_end < line.size()) {
    const size_t tail = SkipSeparator(line, version_end, out);
    out->flags |= kFlagStartLineWhitespace;  // trailing SP (RFC 4475 trws)
    if (tail < line.size()) return Error(base + tail, "extra element after SIP version");
  }
  const std::string_view uri = line.substr(uri_begin, uri_end - uri_begin);
  out->request_uri_raw = uri;
  if (!ParseUriFresh(uri, &out->request_uri)) {
    if (out->request_uri.scheme.empty()) {
      return Error(base + uri_begin, "Request-URI has no scheme");  // RFC 4475 ltgtruri
    }
    const size_t ctl = internal::FindCtlOrSpace(uri, 0);
    if (ctl < uri.size()) return Error(base + uri_begin + ctl, "control character in Request-URI");
    out->flags |= kFlagBadRequestUri;
  }
  // A Request-URI may not carry ?headers (RFC 3261 19.1.5; RFC 4475 escruri).
  if (!out->request_uri.headers.empty()) out->flags |= kFlagBadRequestUri;
  return util::Status::Ok();
}

constexpr uint32_t Bit(HeaderId id) { return 1u << static_cast<unsigned>(id); }

// Whether the n bytes at p spell `lower` (a header name in lower case), letters in either case.
bool SpellsLower(const char* p, std::string_view lower) {
  for (size_t i = 0; i < lower.size(); ++i) {
    const char c = internal::Is(lower[i], internal::kAlpha) ? static_cast<char>(p[i] | 0x20) : p[i];
    if (c != lower[i]) return false;
  }
  return true;
}

// ClassifyHeaderName's id for the names of the seven event headers (kEventHeaders), compact
// forms included; kUnknown for every other name. By length, then one letter.
HeaderId EventHeaderId(const char* p, size_t n) {
  if (n == 0) return HeaderId::kUnknown;
  const char first = static_cast<char>(p[0] | 0x20);
  switch (n) {
    case 1:
      switch (first) {  // | 0x20 maps exactly 'V' and 'v' to 'v', etc.
        case 'v':
          return HeaderId::kVia;
        case 'f':
          return HeaderId::kFrom;
        case 't':
          return HeaderId::kTo;
        case 'i':
          return HeaderId::kCallId;
        case 'm':
          return HeaderId::kContact;
        default:
          return HeaderId::kUnknown;
      }
    case 2:
      return SpellsLower(p, "to") ? HeaderId::kTo : HeaderId::kUnknown;
    case 3:
      return SpellsLower(p, "via") ? HeaderId::kVia : HeaderId::kUnknown;
    case 4:
      if (first == 'f') return SpellsLower(p, "from") ? HeaderId::kFrom : HeaderId::kUnknown;
      return SpellsLower(p, "cseq") ? HeaderId::kCSeq : HeaderId::kUnknown;
    case 7:
      if ((p[1] | 0x20) == 'a') {
        return SpellsLower(p, "call-id") ? HeaderId::kCallId : HeaderId::kUnknown;
      }
      return SpellsLower(p, "contact") ? HeaderId::kContact : HeaderId::kUnknown;
    case 10:
      return SpellsLower(p, "user-agent") ? HeaderId::kUserAgent : HeaderId::kUnknown;
    default:
      return HeaderId::kUnknown;
  }
}
static_assert(static_cast<unsigned>(HeaderId::kCount) <= 32);

// Headers RFC 3261 allows once; a repeat is flagged and ignored.
constexpr uint32_t kSingleValued =
    Bit(HeaderId::kFrom) | Bit(HeaderId::kTo) | Bit(HeaderId::kCallId) | Bit(HeaderId::kCSeq) |
    Bit(HeaderId::kMaxForwards) | Bit(HeaderId::kContentLength) | Bit(HeaderId::kContentType) |
    Bit(HeaderId::kSubject) | Bit(HeaderId::kUserAgent) | Bit(HeaderId::kDate);
constexpr uint32_t kRequiredInResponses = Bit(HeaderId::kVia) | Bit(HeaderId::kFrom) |
                                          Bit(HeaderId::kTo) | Bit(HeaderId::kCallId) |
                                          Bit(HeaderId::kCSeq);
constexpr uint32_t kRequiredInRequests = kRequiredInResponses | Bit(HeaderId::kMaxForwards);

void ParseCSeq(std::string_view v, Message* out) {
  out->cseq_raw = v;
  size_t i = 0;
  while (i < v.size() && internal::IsDigit(v[i])) ++i;
  uint64_t n = 0;
  // RFC 3261 8.1.1.5: the number must be below 2^31.
  if (!internal::ParseDecimal(v.substr(0, i), 10, &n) || n >= (1ull << 31)) {
    out->flags |= kFlagBadCSeq;
  } else {
    out->cseq_number = static_cast<uint32_t>(n);
  }
  const size_t m = internal::SkipLws(v, i);
  if (m == i) {
    out->flags |= kFlagBadCSeq;  // no LWS between number and method
  }
  out->cseq_method = v.substr(m);
  if (out->cseq_method.empty() || !internal::AllOf(out->cseq_method, internal::kToken)) {
    out->flags |= kFlagBadCSeq;
  }
}

void ParseHeader(const HeaderField& f, uint32_t* seen, Message* out) {
  const uint32_t bit = Bit(f.id);
  if ((*seen & bit) && (kSingleValued & bit)) {
    out->flags |= kFlagDuplicateHeader;
    if (f.id == HeaderId::kContentLength) {
      out->flags |= kFlagBadContentLength;  // RFC 4475 mcl01: no way to know which is right
      out->content_length = -1;
    }
    return;
  }
  const bool first = (*seen & bit) == 0;
  *seen |= bit;
  const std::string_view v = f.value;
  switch (f.id) {
    case HeaderId::kVia:
      // Optimistic: parse the whole value as one via-parm. That succeeds only when no comma
      // separates values (one would end the parameters), so lists take the slow path.
      if (!first) {
        out->via_count += CountElements(v);
      } else if (ParseViaFresh(v, &out->top_via)) {
        out->via_count += 1;
      } else if (internal::FindChar(v, 0, ',') == v.size()) {
        out->via_count += 1;
        out->flags |= kFlagBadVia;
      } else {
        out->via_count += CountElements(v);
        if (!ParseVia(FirstElement(v), &out->top_via)) out->flags |= kFlagBadVia;
      }
      break;
    case HeaderId::kFrom:
      if (!ParseNameAddrFresh(v, &out->from)) out->flags |= kFlagBadFrom;
      break;
    case HeaderId::kTo:
      if (!ParseNameAddrFresh(v, &out->to)) out->flags |= kFlagBadTo;
      break;
    case HeaderId::kCallId: {
      out->call_id = v;
      if (v.empty() || internal::FindCtlOrSpace(v, 0) != v.size()) out->flags |= kFlagBadCallId;
      break;
    }
    case HeaderId::kCSeq:
      ParseCSeq(v, out);
      break;
    case HeaderId::kContact:
      if (first) {
        out->contact_raw = v;
        // Optimistic as for Via: a second value makes the whole-value parse fail.
        if (!ParseNameAddrFresh(v, &out->contact) &&
            (internal::FindChar(v, 0, ',') == v.size() ||
             !ParseNameAddr(FirstElement(v), &out->contact))) {
          out->flags |= kFlagBadContact;
        }
      }
      break;
    case HeaderId::kMaxForwards: {
      uint64_t n = 0;
      if (internal::ParseDecimal(v, 3, &n) && n <= 255) {
        out->max_forwards = static_cast<int>(n);
      } else {
        out->flags |= kFlagBadMaxForwards;
      }
      break;
    }
    case HeaderId::kContentLength: {
      uint64_t n = 0;
      if (internal::ParseDecimal(v, 18, &n)) {
        out->content_length = static_cast<int64_t>(n);
      } else {
        out->flags |= kFlagBadContentLength;  // RFC 4475 ncl: "-999"
      }
      break;
    }
    case HeaderId::kSubject:
      out->subject = v;
      break;
    case HeaderId::kContentType:
      out->content_type = v;
      break;
    case HeaderId::kUserAgent:
      out->user_agent = v;
      break;
    case HeaderId::kDate:
      if (v.size() < 3 || v.substr(v.size() - 3) != "GMT") out->flags |= kFlagBadDate;
      break;
    case HeaderId::kMalformed:
      out->flags |= kFlagMalformedHeaderLine;
      break;
    default:
      break;
  }
}

bool AllLws(std::string_view s) {
  for (char c : s) {
    if (!internal::IsLws(c)) return false;
  }
  return true;
}

const Message kEmpty;

// What ParseEventFields sets, reset; the rest is left alone (see ParseEventFields).
void ResetEventFields(Message* out) {
  if (out->raw.data() != nullptr) {  // last filled by Parse, which sets raw on success
    *out = kEmpty;
    return;
  }
  out->request_line = {};
  out->is_request = false;
  out->method = {};
  out->request_uri_raw = {};
  // ParseUriFresh sets raw first, so a Uri with raw unset was never written.
  if (out->request_uri.raw.data() != nullptr) {
    Uri& u = out->request_uri;  // field by field: a struct copy is a slow rep stos here
    u.raw = u.scheme = u.user = u.password = u.host = u.params = u.headers = {};
    u.port = -1;
  }
  out->status_code = 0;
  out->reason = {};
  out->top_via.raw = {};
  out->from.raw = {};
  out->to.raw = {};
  out->call_id = {};
  out->cseq_raw = {};
  out->contact_raw = {};
  out->user_agent = {};
  out->flags = 0;
}

// Resets *out (all of it, or with event_only what ParseEventFields sets), skips leading line
// breaks and parses the start line; *pos_out is the start line's offset and
// *headers_begin_out the first header line's.
util::Status ParseStart(std::string_view data, Message* out, bool event_only, size_t* pos_out,
                        size_t* headers_begin_out) {
  if (event_only) {
    ResetEventFields(out);
  } else {
    *out = kEmpty;  // a copy of it is cheaper than building a new one
  }
  const size_t n = data.size();
  const char* d = data.data();
  if (n == 0) return Error(0, "empty message");
  // Line breaks before the start line are keep-alives / stream padding (RFC 3261 7.5).
  size_t pos = 0;
  while (pos < n && (d[pos] == '\r' || d[pos] == '\n')) ++pos;
  if (pos == n) return Error(0, "only line breaks, no start line");

  const size_t lf_at = internal::FindLf(data, pos);
  const bool lf = lf_at < n;
  size_t line_end = lf_at;
  const size_t headers_begin = lf ? line_end + 1 : n;
  if (lf && line_end > pos && d[line_end - 1] == '\r') {
    --line_end;
  } else if (lf) {
    out->flags |= kFlagBareLf;
  } else if (line_end > pos && d[line_end - 1] == '\r') {
    --line_end;
  }
  out->request_line = data.substr(pos, line_end - pos);
  *pos_out = pos;
  *headers_begin_out = headers_begin;
  return ParseStartLine(out->request_line, pos, out);
}

}  // namespace

util::Status Parse(std::string_view data, Message* out) {
  const size_t n = data.size();
  const char* d = data.data();
  size_t pos = 0, headers_begin = 0;
  SIPDDOS_RETURN_IF_ERROR(ParseStart(data, out, false, &pos, &headers_begin));

  HeaderReader reader(data.substr(headers_begin));
  HeaderField f;
  uint32_t seen = 0;
  while (reader.Next(&f)) {
    if (out->header_count >= kMaxHeaders) {
      // Keep walking to find the body (linear), but read no more of the lines.
      out->flags |= kFlagTooManyHeaders;
      out->header_count = kMaxHeaders + 1;
      continue;
    }
    ++out->header_count;
    if (f.bare_lf) out->flags |= kFlagBareLf;
    ParseHeader(f, &seen, out);
  }

  size_t body_begin = n;
  if (reader.terminated()) {
    body_begin = headers_begin + reader.end();
    if (reader.terminator_bare_lf()) out->flags |= kFlagBareLf;
    const size_t blank = reader.terminator_bare_lf() ? 1 : 2;
    out->headers = data.substr(headers_begin, reader.end() - blank);
  } else {
    out->flags |= kFlagHeadersUnterminated;
    out->headers = data.substr(headers_begin);
  }

  // One scan for NUL over the start line and headers (body bytes may be binary).
  if (std::memchr(d + pos, '\0', body_begin - pos) != nullptr) out->flags |= kFlagNulByte;

  const uint32_t required = out->is_request ? kRequiredInRequests : kRequiredInResponses;
  if ((seen & required) != required) out->flags |= kFlagMissingHeader;
  if (out->is_request && (seen & Bit(HeaderId::kCSeq)) && out->cseq_method != out->method) {
    out->flags |= kFlagCSeqMethodMismatch;  // RFC 4475 mismatch01/02
  }

  size_t body_end = n;
  if (!(seen & Bit(HeaderId::kContentLength))) out->flags |= kFlagNoContentLength;
  const size_t available = n - body_begin;
  if (out->content_length >= 0 && !out->has(kFlagBadContentLength)) {
    if (static_cast<uint64_t>(out->content_length) > available) {
      out->flags |= kFlagBodyTruncated;  // RFC 4475 clerr
    } else {
      body_end = body_begin + static_cast<size_t>(out->content_length);
      out->trailing = data.substr(body_end);
      // Only the first message of a datagram counts (RFC 4475 dblreq).
      if (!AllLws(out->trailing)) out->flags |= kFlagTrailingData;
    }
  }
  out->body = data.substr(body_begin, body_end - body_begin);
  out->raw = data.substr(pos, body_end - pos);
  return util::Status::Ok();
}

util::Status ParseEventFields(std::string_view data, Message* out) {
  return ParseEventFields(data, out, nullptr);
}

util::Status ParseEventFields(std::string_view data, Message* out,
                              uint32_t (*wanted)(const Message& start)) {
  size_t pos = 0, headers_begin = 0;
  SIPDDOS_RETURN_IF_ERROR(ParseStart(data, out, true, &pos, &headers_begin));
  // Parse keeps the first of each of these and reads no more than kMaxHeaders lines, and
  // nothing after the start line can reject a message: stop once all wanted ones are seen.
  const uint32_t want = wanted ? wanted(*out) & kEventHeaders : kEventHeaders;
  if (want == 0) return util::Status::Ok();
  const char* d = data.data();
  const size_t n = data.size();
  size_t at = headers_begin;
  uint32_t seen = 0;
  // HeaderReader::Next's walk: the same logical lines (internal::ScanHeaderLine) and the same
  // trimmed values, but only names that can be one of the seven are classified and only wanted
  // values are trimmed.
  for (int lines = 0; lines < kMaxHeaders && seen != want; ++lines) {
    if (at >= n || d[at] == '\n' || (d[at] == '\r' && (at + 1 == n || d[at + 1] == '\n'))) {
      break;  // end of the data, the empty line, or a lone CR at the very end
    }
    const size_t start = at;
    const internal::HeaderLine l = internal::ScanHeaderLine(data, start);
    const size_t colon = l.colon, line_end = l.end;
    at = l.next;
    if (colon >= line_end) continue;  // no "name:": malformed
    size_t name_end = colon;
    while (name_end > start && IsWsp(d[name_end - 1])) --name_end;
    const HeaderId id = EventHeaderId(d + start, name_end - start);
    const uint32_t bit = Bit(id);
    if (!(want & bit) || (seen & bit)) continue;
    seen |= bit;
    const std::string_view v =
        internal::TrimLws(std::string_view(d + colon + 1, line_end - colon - 1));
    switch (id) {
      case HeaderId::kVia:
        out->top_via.raw = v;
        // Parse's rule: a value with a comma that does not parse whole is a list, and the
        // top via-parm is its first element.
        if (internal::FindChar(v, 0, ',') != v.size()) {
          Via whole;
          if (!ParseViaFresh(v, &whole)) out->top_via.raw = FirstElement(v);
        }
        break;
      case HeaderId::kFrom:
        out->from.raw = v;
        break;
      case HeaderId::kTo:
        out->to.raw = v;
        break;
      case HeaderId::kCallId:
        out->call_id = v;
        break;
      case HeaderId::kCSeq:
        out->cseq_raw = v;
        break;
      case HeaderId::kContact:
        out->contact_raw = v;
        break;
      case HeaderId::kUserAgent:  // alert evidence only (detect's top User-Agents)
        out->user_agent = v;
        break;
      default:
        break;
    }
  }
  return util::Status::Ok();
}

}  // namespace sip
