// A parsed SIP message (RFC 3261) as a zero-copy view: every string_view points into the
// caller's buffer, which must outlive the Message. Filled by sip::Parse (sip/parser.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sip {

// Most header lines a message may have before the rest are skipped (kFlagTooManyHeaders).
inline constexpr int kMaxHeaders = 1024;

// Anomaly bits of Message::flags. The message still parsed; these say what was odd about it.
enum Flag : uint32_t {
  kFlagBadContentLength = 1u << 0,      // not 1*DIGIT, too large for int64, or repeated
  kFlagNoContentLength = 1u << 1,       // absent: the body is the rest of the datagram
  kFlagBodyTruncated = 1u << 2,         // Content-Length larger than the bytes that follow
  kFlagTrailingData = 1u << 3,          // non-blank bytes after the body (a second message?)
  kFlagDuplicateHeader = 1u << 4,       // a single-valued header repeated; the first is used
  kFlagMissingHeader = 1u << 5,         // Via, From, To, Call-ID, CSeq or (requests) Max-Forwards
  kFlagCSeqMethodMismatch = 1u << 6,    // request whose CSeq method differs from its method
  kFlagBadCSeq = 1u << 7,               // not "number method" or number >= 2^31
  kFlagBadMaxForwards = 1u << 8,        // not a number 0..255
  kFlagBadVia = 1u << 9,                // top Via not "SIP/2.0/transport host[:port];params"
  kFlagBadFrom = 1u << 10,              // From not a valid name-addr / addr-spec
  kFlagBadTo = 1u << 11,                // To not a valid name-addr / addr-spec
  kFlagBadContact = 1u << 12,           // first Contact value not valid
  kFlagBadRequestUri = 1u << 13,        // Request-URI host/port invalid or carries ?headers
  kFlagStartLineWhitespace = 1u << 14,  // extra SP/HTAB between or after start-line elements
  kFlagMalformedHeaderLine = 1u << 15,  // a line without "name:"; it is skipped
  kFlagTooManyHeaders = 1u << 16,       // more than kMaxHeaders lines; the rest are skipped
  kFlagHeadersUnterminated = 1u << 17,  // no empty line: the data ends inside the headers
  kFlagNulByte = 1u << 18,              // a NUL byte in the start line or header section
  kFlagBadCallId = 1u << 19,            // empty or containing whitespace
  kFlagBadDate = 1u << 20,              // Date header not ending in "GMT" (RFC 3261 20.17)
  kFlagBareLf = 1u << 21,               // lines end in LF without CR (e.g. Mr.SIP's output)
};
inline constexpr int kFlagCount = 22;

// "bad-content-length" etc. for one bit; "" for an unknown bit.
std::string_view FlagName(uint32_t bit);
// Names of the set bits joined by ',' ("" when none).
std::string FlagsToString(uint32_t flags);

struct Uri {
  std::string_view raw;     // the whole URI as written
  std::string_view scheme;  // "sip", "sips", "tel", ... (case as written)
  std::string_view user;    // sip/sips: user part before '@' (escapes kept), without password
  std::string_view password;
  std::string_view host;     // sip/sips: host; IPv6 without the brackets
  std::string_view params;   // sip/sips: "lr;transport=udp" (after the first ';', before '?')
  std::string_view headers;  // sip/sips: after '?'
  int port = -1;             // -1 when absent
};

struct NameAddr {
  std::string_view raw;           // this value, trimmed
  std::string_view display_name;  // quotes removed, backslash escapes kept (see Unquote)
  std::string_view tag;           // the tag header parameter
  std::string_view params;        // header parameters after the URI, without the leading ';'
  Uri uri;
  bool star = false;  // Contact: *
};

struct Via {
  std::string_view raw;        // the top via-parm (first value of the first Via header)
  std::string_view transport;  // "UDP", "TCP", ...
  std::string_view host;       // sent-by host; IPv6 without the brackets
  std::string_view params;     // after sent-by, without the leading ';'
  std::string_view branch;
  std::string_view received;  // IPv6 without brackets (both spellings of RFC 5118 4.5)
  int port = -1;
  bool rport = false;  // rport present (with or without a value)
};

// Known header names; compact forms map to the same id (RFC 3261 7.3.3 and later RFCs).
enum class HeaderId : uint8_t {
  kUnknown = 0,  // a well-formed extension header
  kMalformed,    // a line that is not "name: value"
  kVia,
  kFrom,
  kTo,
  kCallId,
  kCSeq,
  kContact,
  kMaxForwards,
  kSubject,
  kContentType,
  kContentLength,
  kUserAgent,
  kDate,
  // Known only so that their compact forms resolve: a c d e ... y.
  kAcceptContact,
  kReferredBy,
  kRequestDisposition,
  kContentEncoding,
  kRejectContact,
  kSupported,
  kIdentityInfo,
  kEvent,
  kReferTo,
  kAllowEvents,
  kSessionExpires,
  kIdentity,
  kCount
};

struct Message {
  std::string_view raw;           // the message: start line through body (excludes trailing)
  std::string_view request_line;  // the whole start line, request or status, without CRLF
  bool is_request = false;

  // Requests.
  std::string_view method;  // from the start line, case-sensitive (RFC 3261 7.1)
  std::string_view request_uri_raw;
  Uri request_uri;
  // Responses.
  int status_code = 0;
  std::string_view reason;

  std::string_view headers;  // header section: first header line to the last one
  int header_count = 0;      // header lines seen (capped at kMaxHeaders + 1)

  Via top_via;
  int via_count = 0;  // via-parms over all Via headers (comma-separated included)
  NameAddr from, to;  // .raw is the header value
  std::string_view call_id;
  uint32_t cseq_number = 0;
  std::string_view cseq_method, cseq_raw;
  std::string_view contact_raw;  // value of the first Contact header (all its values)
  NameAddr contact;              // its first value
  int max_forwards = -1;         // -1 when absent or invalid
  std::string_view subject, content_type, user_agent;
  int64_t content_length = -1;  // -1 when absent or invalid
  std::string_view body;
  std::string_view trailing;  // bytes after a body delimited by a valid Content-Length
  uint32_t flags = 0;

  bool has(uint32_t flag) const { return (flags & flag) != 0; }
  bool is_invite() const { return is_request && method == "INVITE"; }
};

// The contents of a quoted-string with its backslash escapes resolved (display names).
std::string Unquote(std::string_view escaped);

}  // namespace sip
