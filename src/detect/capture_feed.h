// The detection path's hot loop, one copy for every caller (`sipddos detect`,
// `bench --pcap`, `calibrate`, eval's detection delays): capture datagrams ->
// SIP parse of only the headers the detector reads -> features::SipEvent ->
// Detector.
//
//   detect::DatagramFeed feed(detector);
//   auto end = detect::ReplayCapture(*source, feed, [&](const
//   capture::Datagram& d) {
//     feed.Feed(d);  // or: filter, count, pace, then Feed
//   });
//   if (!end.status.ok()) ...  // the detector has been Finish()ed at end.last
//   either way
#pragma once

#include <algorithm>
#include <string_view>

#include "capture/datagram.h"
#include "capture/packet_source.h"
#include "detect/detector.h"
#include "features/message_event.h"
#include "sip/parser.h"

namespace detect {

// Parses datagrams into a reused sip::Message and SipEvent and feeds the SIP
// ones to a detector.
class DatagramFeed {
 public:
  explicit DatagramFeed(Detector& detector) : detector_(detector) {}

  // Parses d's payload and, when it is SIP, feeds it to the detector. False
  // when not SIP (or empty). Only the headers the detector reads for this kind
  // of message are parsed (sip::ParseEventFields with
  // features::DetectionHeaders: the same start line checks as a full
  // sip::Parse, tested in sip/event_fields_test.cc, and bit-identical features,
  // tested in features/detection_headers_test.cc); of the rest of message(),
  // is_request, method and status_code are set.
  bool Feed(const capture::Datagram& d) {
    std::string_view bytes(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
    if (!sip::ParseEventFields(bytes, &m_, features::DetectionHeaders).ok()) return false;
    features::EventFromMessage(m_, d.ts, d.src, d.sport, d.dst, d.dport, &ev_);
    detector_.Consume(ev_);
    return true;
  }

  // The last message Feed parsed, and its event (views into the datagram: valid
  // until the source's next Next()).
  const sip::Message& message() const { return m_; }
  const features::SipEvent& event() const { return ev_; }
  Detector& detector() { return detector_; }

 private:
  Detector& detector_;
  sip::Message m_;
  features::SipEvent ev_;
};

struct ReplayEnd {
  util::Micros last = 0;  // latest datagram time seen (the time Finish was given)
  util::Status status;    // the source's read error, if one ended the loop
};

// Reads `source` until its end, a read error, or stop() true before a read (a
// stop signal that arrived while no read was blocked); calls visit(datagram)
// for each datagram, then feed.detector().Finish(latest time). `visit` usually
// calls feed.Feed(d); callers that filter, pace or count do it around that
// call. A template so the loop stays one inlined function.
template <typename Visit, typename Stop>
ReplayEnd ReplayCapture(capture::PacketSource& source, DatagramFeed& feed, Visit&& visit,
                        Stop&& stop) {
  ReplayEnd end;
  capture::Datagram d;
  for (;;) {
    if (stop()) break;
    auto more = source.Next(&d);
    if (!more.ok()) {
      end.status = more.status();
      break;
    }
    if (!*more) break;
    end.last = std::max(end.last, d.ts);
    visit(d);
  }
  feed.detector().Finish(end.last);
  return end;
}

// The same without a stop condition.
template <typename Visit>
ReplayEnd ReplayCapture(capture::PacketSource& source, DatagramFeed& feed, Visit&& visit) {
  return ReplayCapture(source, feed, visit, [] { return false; });
}

// The plain replay: every datagram fed.
inline ReplayEnd ReplayCapture(capture::PacketSource& source, DatagramFeed& feed) {
  return ReplayCapture(source, feed, [&feed](const capture::Datagram& d) { feed.Feed(d); });
}

}  // namespace detect
