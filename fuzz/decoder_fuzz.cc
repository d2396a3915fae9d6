// libFuzzer target: frames through capture::Decoder (link layer, IPv4/IPv6, extension headers,
// fragment reassembly with tight bounds, UDP/TCP). Input: one byte choosing the link type, then
// frames, each a 2-byte big-endian length and that many bytes; one fuzz input is one capture, so
// fragments of one datagram can arrive in several frames.
#include <cstddef>
#include <cstdint>
#include <span>

#include "capture/datagram.h"
#include "capture/decoder.h"
#include "capture/link_type.h"

namespace {

constexpr int kLinkTypes[] = {capture::kLinkNull,
                              capture::kLinkEthernet,
                              capture::kLinkRaw,
                              capture::kLinkRawOpenBsd,
                              capture::kLinkTypeRaw,
                              capture::kLinkLoop,
                              capture::kLinkLinuxSll,
                              capture::kLinkIpv4,
                              capture::kLinkIpv6,
                              capture::kLinkLinuxSll2,
                              147 /* unsupported */};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const int link = kLinkTypes[data[0] % std::size(kLinkTypes)];
  // Small limits so that eviction and the byte bound are reached within one input.
  capture::ReassemblyLimits limits;
  limits.max_datagrams = 4;
  limits.max_bytes = 64 << 10;
  limits.timeout = 1000;
  capture::Decoder decoder(limits);

  size_t pos = 1;
  util::Micros ts = 0;
  uint64_t sum = 0;
  while (pos + 2 <= size) {
    size_t len = (size_t{data[pos]} << 8) | data[pos + 1];
    pos += 2;
    if (len > size - pos) len = size - pos;
    // The wire length is sometimes larger than the captured bytes (snap length cut).
    uint32_t wire = (len & 1) ? static_cast<uint32_t>(len + 100) : 0;
    capture::Datagram d;
    ts += 300;
    if (decoder.Decode(link, ts, std::span<const uint8_t>(data + pos, len), &d, wire)) {
      for (uint8_t b : d.payload) sum += b;  // every delivered byte must be readable
    }
    pos += len;
  }
  decoder.Finish();
  const capture::Stats& s = decoder.stats();
  // The accounting invariant of capture/datagram.h.
  uint64_t ends = s.datagrams + s.truncated + s.malformed + s.unsupported_link + s.non_ip +
                  s.non_udp_tcp + s.tcp_no_payload;
  if (s.packets - s.fragments + s.reassembled != ends) __builtin_trap();
  return static_cast<int>(sum & 0);
}
