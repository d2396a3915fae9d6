// One SIP message as the feature encoder sees it: time, addresses, kind, and
// the raw header values the features read. Views point into the caller's buffer
// and live only for one Encoder::Consume call. Built from a pcap message
// (message_event.h) or a CSV row (record_event.h).
#pragma once

#include <cstdint>
#include <string_view>

#include "util/ip_address.h"
#include "util/time_format.h"

namespace features {

enum class EventKind : uint8_t {
  kInvite,
  kAck,
  kBye,
  kCancel,
  kOtherRequest,
  kResponse,
};

struct SipEvent {
  util::Micros time = 0;
  EventKind kind = EventKind::kOtherRequest;
  int status_code = 0;  // responses only
  util::IpAddress src;  // packet source address
  util::IpAddress dst;  // empty when unknown (CSV input)
  uint16_t sport = 0, dport = 0;
  // Header values as sent (trimmed), e.g. from = "\"User1\"
  // <sip:SipPhone1@10.0.0.1>;tag=42".
  std::string_view from, to, contact, call_id, via, cseq;
  // User-Agent (empty when absent or from CSV input, which has no such column): alert evidence
  // only, no feature reads it.
  std::string_view user_agent;
};

// Kind of a request from its method name (case-sensitive, as RFC 3261 says).
EventKind KindFromMethod(std::string_view method);

}  // namespace features
