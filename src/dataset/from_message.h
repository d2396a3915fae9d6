// The one mapping from a parsed SIP request to a message CSV row, shared by the
// simulator and `sipddos inspect`, so that inspecting a simulated pcap
// reproduces the simulated CSV exactly.
#pragma once

#include "dataset/record.h"
#include "sip/message.h"
#include "util/ip_address.h"
#include "util/time_format.h"

namespace dataset {

// Fills *out with m's fields: the request line and the header values as sent,
// with surrounding spaces and tabs trimmed (Via: the top via-parm; Contact: the
// first Contact header's value). seq is left unchanged; labels become unknown.
// Reuses *out's string capacity.
void RecordFromMessage(const sip::Message& m, util::Micros time,
                       const util::IpAddress& source, MessageRecord* out);

}  // namespace dataset
