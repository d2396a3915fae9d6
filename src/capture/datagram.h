// What the capture stage hands to the rest of sipddos: one UDP datagram or one TCP segment's
// payload, with its addresses, and the counters that say what was skipped and why.
#pragma once

#include <cstdint>
#include <span>

#include "util/ip_address.h"
#include "util/time_format.h"

namespace capture {

enum class Transport : uint8_t { kUdp = 17, kTcp = 6 };

struct Datagram {
  util::Micros ts = 0;  // capture time; for a reassembled datagram, its last fragment's
  util::IpAddress src, dst;
  uint16_t sport = 0, dport = 0;
  Transport transport = Transport::kUdp;
  // UDP payload (trimmed to the UDP length) or TCP segment payload. Points into the source's
  // buffers: valid until the next Next()/Decode() call on the same object.
  std::span<const uint8_t> payload;
};

// Every frame not taken into reassembly (`fragments`) ends in exactly one of datagrams,
// truncated, malformed, unsupported_link, non_ip, non_udp_tcp, tcp_no_payload; so does every
// reassembled datagram:  packets - fragments + reassembled == the sum of those seven.
struct Stats {
  uint64_t packets = 0;             // frames read from the capture
  uint64_t datagrams = 0;           // datagrams delivered (including reassembled ones)
  uint64_t truncated = 0;           // cut short by the snap length (or a cut-short file)
  uint64_t malformed = 0;           // inconsistent headers or lengths
  uint64_t unsupported_link = 0;    // link type we do not decode
  uint64_t non_ip = 0;              // ARP, LLC, PPPoE, ... (not IPv4/IPv6)
  uint64_t non_udp_tcp = 0;         // ICMP, ESP, ... (IP but neither UDP nor TCP)
  uint64_t tcp_no_payload = 0;      // TCP segments without data (SYN, pure ACK, ...): not delivered
  uint64_t fragments = 0;           // IPv4/IPv6 fragments taken into reassembly
  uint64_t reassembled = 0;         // datagrams completed from fragments
  uint64_t fragment_evictions = 0;  // incomplete datagrams dropped to stay within the bounds
  uint64_t fragment_timeouts = 0;   // incomplete datagrams dropped: timed out or capture ended
  uint64_t fragment_errors = 0;     // datagrams dropped: overlapping, oversized or too many pieces
  uint64_t kernel_drops = 0;        // live only: pcap_stats ps_drop (buffer overflow)
  uint64_t interface_drops = 0;     // live only: pcap_stats ps_ifdrop
};

}  // namespace capture
