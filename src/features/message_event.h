// A parsed SIP message from a capture (sip::Message plus the datagram's time
// and addresses) as an encoder event. Header values are the same raw, trimmed
// values dataset::RecordFromMessage puts in the CSV, so a pcap and its CSV give
// the same INVITE features.
#pragma once

#include <cstdint>

#include "features/sip_event.h"
#include "sip/message.h"
#include "util/ip_address.h"

namespace features {

// Views in *e point into m's buffer.
void EventFromMessage(const sip::Message& m, util::Micros time, const util::IpAddress& src,
                      uint16_t sport, const util::IpAddress& dst, uint16_t dport, SipEvent* e);

// The headers (sip::HeaderBit mask) whose values the encoder and the detector read for a
// message with this start line: INVITE: Via, From, Call-ID, Contact; a final response:
// CSeq, Call-ID, To; ACK and BYE: Call-ID, To; anything else (provisional responses,
// CANCEL, OPTIONS, ...): none. For sip::ParseEventFields on the detection path; a new feature
// or detector field that reads another header must add it here (message_event_test checks
// the encoder's output is the same as with every header parsed).
uint32_t DetectionHeaders(const sip::Message& start);

}  // namespace features
