#include "features/message_event.h"

#include "sip/parser.h"

namespace features {
namespace {

// The same trimming as dataset::RecordFromMessage, so pcap and CSV values are
// identical.
std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

}  // namespace

void EventFromMessage(const sip::Message& m, util::Micros time, const util::IpAddress& src,
                      uint16_t sport, const util::IpAddress& dst, uint16_t dport, SipEvent* e) {
  e->time = time;
  e->kind = m.is_request ? KindFromMethod(m.method) : EventKind::kResponse;
  e->status_code = m.is_request ? 0 : m.status_code;
  e->src = src;
  e->dst = dst;
  e->sport = sport;
  e->dport = dport;
  e->from = Trim(m.from.raw);
  e->to = Trim(m.to.raw);
  e->contact = Trim(m.contact_raw);
  e->call_id = Trim(m.call_id);
  e->via = Trim(m.top_via.raw);
  e->cseq = Trim(m.cseq_raw);
  e->user_agent = Trim(m.user_agent);
}

uint32_t DetectionHeaders(const sip::Message& start) {
  using sip::HeaderBit;
  using sip::HeaderId;
  if (!start.is_request) {
    // Encoder::OnResponse ignores provisional responses.
    return start.status_code < 200 ? 0
                                   : HeaderBit(HeaderId::kCSeq) | HeaderBit(HeaderId::kCallId) |
                                         HeaderBit(HeaderId::kTo);
  }
  switch (KindFromMethod(start.method)) {
    case EventKind::kInvite:
      // User-Agent: no feature reads it, the alert evidence (top User-Agents) does.
      return HeaderBit(HeaderId::kVia) | HeaderBit(HeaderId::kFrom) |
             HeaderBit(HeaderId::kCallId) | HeaderBit(HeaderId::kContact) |
             HeaderBit(HeaderId::kUserAgent);
    case EventKind::kAck:
    case EventKind::kBye:
      return HeaderBit(HeaderId::kCallId) | HeaderBit(HeaderId::kTo);
    default:
      return 0;
  }
}

}  // namespace features
