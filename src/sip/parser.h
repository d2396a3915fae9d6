// Parses one SIP message (RFC 3261), request or response, from one UDP datagram or one framed
// stream message, into a zero-copy sip::Message (sip/message.h). docs/sip-parser.md says what
// is rejected and what is only flagged.
#pragma once

#include <cstdint>
#include <string_view>

#include "sip/message.h"
#include "util/status.h"

namespace sip {

// Fills *out (reset first) and returns OK, or an error "sip: byte N: ..." when `data` has no
// valid start line. Work is linear in data.size(); nothing is allocated on success and
// nothing outside `data` is read. Anomalies of an accepted message are bits in out->flags.
util::Status Parse(std::string_view data, Message* out);

// The detection path's parse: the same start line checks and errors as Parse, then only the
// fields features::EventFromMessage reads, each exactly as Parse sets it: is_request, method,
// request_line, request_uri, status_code, reason, top_via.raw, from.raw, to.raw, call_id,
// cseq_raw, contact_raw, user_agent (flags: only the start line's bits). Stops reading after
// the first line of each of those seven headers was seen (docs/sip-parser.md).
// Only those fields are reset, which keeps this cheap per datagram: every other field keeps its
// reset value as long as *out is default-constructed or was last filled by Parse (which it then
// resets whole) or ParseEventFields; a field the caller wrote by hand is not reset.
util::Status ParseEventFields(std::string_view data, Message* out);

// Bit of a header in the masks below.
constexpr uint32_t HeaderBit(HeaderId id) { return 1u << static_cast<unsigned>(id); }
// The seven headers ParseEventFields reads: Via, From, To, Call-ID, CSeq, Contact, User-Agent.
inline constexpr uint32_t kEventHeaders =
    HeaderBit(HeaderId::kVia) | HeaderBit(HeaderId::kFrom) | HeaderBit(HeaderId::kTo) |
    HeaderBit(HeaderId::kCallId) | HeaderBit(HeaderId::kCSeq) | HeaderBit(HeaderId::kContact) |
    HeaderBit(HeaderId::kUserAgent);

// As above, but once the start line is parsed, `wanted(*out)` says which of the seven headers
// this message needs (a subset of kEventHeaders): only those are looked for, the others stay
// empty, and the walk stops as soon as each wanted one was seen (0: right after the start
// line). The detection path passes features::DetectionHeaders: a 180 Ringing needs none.
util::Status ParseEventFields(std::string_view data, Message* out,
                              uint32_t (*wanted)(const Message& start));

}  // namespace sip
