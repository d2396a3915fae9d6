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

}  // namespace features
