// The detection path's per-datagram step, shared by `sipddos detect` and `sipddos bench --pcap`
// so the benchmark measures exactly what detection runs.
#pragma once

#include <string_view>

#include "capture/datagram.h"
#include "detect/detector.h"
#include "features/message_event.h"
#include "sip/parser.h"

namespace cli {

// Parses d's payload into *m and, when it is SIP, feeds it to the detector. False when not SIP.
// Only the headers the detector reads for this kind of message are parsed
// (sip::ParseEventFields with features::DetectionHeaders: the same start line checks as a full
// sip::Parse, tested in sip/event_fields_test.cc, and bit-identical features, tested in
// features/detection_headers_test.cc); of the rest of *m, is_request, method and status_code
// are set.
inline bool FeedDatagram(const capture::Datagram& d, detect::Detector& detector, sip::Message* m,
                         features::SipEvent* ev) {
  std::string_view bytes(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
  if (!sip::ParseEventFields(bytes, m, features::DetectionHeaders).ok()) return false;
  features::EventFromMessage(*m, d.ts, d.src, d.sport, d.dst, d.dport, ev);
  detector.Consume(*ev);
  return true;
}

}  // namespace cli
