// Decodes one captured frame: link layer -> IPv4/IPv6 (extension headers skipped, fragments
// reassembled) -> UDP datagram or TCP segment payload. Works on plain byte buffers, so it is tested
// and fuzzed without libpcap. Never fails: a frame it cannot use is counted in stats() under the
// reason and skipped.
#pragma once

#include <cstdint>
#include <span>

#include "capture/datagram.h"
#include "capture/reassembler.h"
#include "util/time_format.h"

namespace capture {

class Decoder {
 public:
  explicit Decoder(const ReassemblyLimits& limits = {});
  Decoder(const Decoder&) = delete;
  Decoder& operator=(const Decoder&) = delete;

  // True when the link type (capture/link_type.h) is one Decode understands.
  static bool SupportsLinkType(int linktype);

  // Decodes `frame` (the captured bytes) of link type `linktype`. Returns true and fills *d when
  // the frame yields a datagram; d->payload points into `frame` or into the reassembler, valid
  // until the next Decode/Finish call. `wire_len` is the frame's length on the wire (0: same as
  // frame.size()); when it is larger, a short frame counts as truncated rather than malformed. TCP:
  // each segment with payload is delivered as it is (no stream reassembly).
  bool Decode(int linktype, util::Micros ts, std::span<const uint8_t> frame, Datagram* d,
              uint32_t wire_len = 0);
  // End of capture: datagrams still missing fragments are dropped (counted as timeouts).
  void Finish() { reassembler_.Finish(); }

  const Stats& stats() const { return stats_; }
  Stats& mutable_stats() { return stats_; }

 private:
  bool Ethertype(uint16_t type, const uint8_t* p, size_t n, Datagram* d);
  bool Ipv4(const uint8_t* p, size_t n, Datagram* d);
  bool Ipv6(const uint8_t* p, size_t n, Datagram* d);
  bool Transport(uint8_t proto, const uint8_t* p, size_t n, Datagram* d);
  bool Short();  // counts a frame too short for what its headers claim

  Stats stats_;
  Reassembler reassembler_;
  util::Micros ts_ = 0;   // the frame being decoded
  bool snapped_ = false;  // its capture was cut by the snap length
};

}  // namespace capture
