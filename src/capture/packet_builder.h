// Builds IPv4/IPv6 + UDP packets with correct lengths and checksums into a caller's buffer (no
// allocation). Used by PcapWriter, and by tests to make fixtures.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "util/ip_address.h"
#include "util/status.h"

namespace capture {

// RFC 1071 one's-complement sum of `data` added to `sum`, folded to 16 bits, not complemented.
uint32_t ChecksumAdd(uint32_t sum, std::span<const uint8_t> data);
// Folds and complements a ChecksumAdd result into the 16-bit Internet checksum.
uint16_t ChecksumFinish(uint32_t sum);

inline constexpr size_t kIpv4HeaderSize = 20;
inline constexpr size_t kIpv6HeaderSize = 40;
inline constexpr size_t kUdpHeaderSize = 8;
// Largest UDP payload an unfragmented IPv4 packet can carry (65535 - 20 - 8); IPv6 allows 65527.
inline constexpr size_t kMaxUdpPayloadV4 = 65507;
inline constexpr size_t kMaxUdpPayloadV6 = 65527;

struct UdpPacket {
  util::IpAddress src, dst;  // same family
  uint16_t sport = 0, dport = 0;
  std::span<const uint8_t> payload;
  uint16_t ip_id = 0;  // IPv4 identification
  uint8_t ttl = 64;    // IPv4 TTL / IPv6 hop limit
};

// Size of the IP + UDP packet for `p` (0 if the addresses are unusable).
size_t IpUdpSize(const UdpPacket& p);
// Writes the IP header, UDP header and payload into `out` and returns the bytes written. Errors:
// address families differ or are empty, payload too large, `out` too small.
util::Result<size_t> BuildIpUdp(const UdpPacket& p, std::span<uint8_t> out);

// Big-endian stores and loads.
inline void Put16(uint8_t* p, uint16_t v) {
  p[0] = uint8_t(v >> 8);
  p[1] = uint8_t(v);
}
inline void Put32(uint8_t* p, uint32_t v) {
  Put16(p, uint16_t(v >> 16));
  Put16(p + 2, uint16_t(v));
}
inline uint16_t Load16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }
inline uint32_t Load32(const uint8_t* p) { return uint32_t(Load16(p)) << 16 | Load16(p + 2); }

}  // namespace capture
