#include "capture/packet_builder.h"

#include <cstring>

namespace capture {

uint32_t ChecksumAdd(uint32_t sum, std::span<const uint8_t> data) {
  size_t n = data.size();
  const uint8_t* p = data.data();
  for (; n >= 2; p += 2, n -= 2) sum += uint32_t(p[0] << 8 | p[1]);
  if (n) sum += uint32_t(p[0] << 8);
  // Fold early enough that the 32-bit sum cannot overflow on the next call (< 64 KiB each).
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return sum;
}

uint16_t ChecksumFinish(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return uint16_t(~sum);
}

size_t IpUdpSize(const UdpPacket& p) {
  if (p.src.family() != p.dst.family() || p.src.empty()) return 0;
  return (p.src.is_v4() ? kIpv4HeaderSize : kIpv6HeaderSize) + kUdpHeaderSize + p.payload.size();
}

util::Result<size_t> BuildIpUdp(const UdpPacket& p, std::span<uint8_t> out) {
  if (p.src.empty() || p.src.family() != p.dst.family())
    return util::Status::Error("UDP packet " + p.src.ToString() + " -> " + p.dst.ToString() +
                               ": source and destination must be both IPv4 or both IPv6");
  bool v4 = p.src.is_v4();
  if (p.payload.size() > (v4 ? kMaxUdpPayloadV4 : kMaxUdpPayloadV6))
    return util::Status::Error("UDP payload of " + std::to_string(p.payload.size()) +
                               " bytes is too large for one IP packet");
  size_t total = IpUdpSize(p);
  if (out.size() < total) return util::Status::Error("packet buffer too small");
  size_t ip_len = v4 ? kIpv4HeaderSize : kIpv6HeaderSize;
  uint16_t udp_len = uint16_t(kUdpHeaderSize + p.payload.size());
  uint8_t* ip = out.data();
  uint8_t* udp = ip + ip_len;
  size_t alen = p.src.size();

  // UDP pseudo-header: addresses, protocol, UDP length (RFC 768 / RFC 8200 8.1).
  uint32_t sum = ChecksumAdd(0, {p.src.bytes(), alen});
  sum = ChecksumAdd(sum, {p.dst.bytes(), alen});
  sum += 17 + udp_len;
  if (v4) {
    ip[0] = 0x45;
    ip[1] = 0;
    Put16(ip + 2, uint16_t(total));
    Put16(ip + 4, p.ip_id);
    Put16(ip + 6, 0);
    ip[8] = p.ttl;
    ip[9] = 17;
    Put16(ip + 10, 0);
    std::memcpy(ip + 12, p.src.bytes(), 4);
    std::memcpy(ip + 16, p.dst.bytes(), 4);
    Put16(ip + 10, ChecksumFinish(ChecksumAdd(0, {ip, kIpv4HeaderSize})));
  } else {
    Put32(ip, 6u << 28);
    Put16(ip + 4, udp_len);
    ip[6] = 17;
    ip[7] = p.ttl;
    std::memcpy(ip + 8, p.src.bytes(), 16);
    std::memcpy(ip + 24, p.dst.bytes(), 16);
  }
  Put16(udp, p.sport);
  Put16(udp + 2, p.dport);
  Put16(udp + 4, udp_len);
  Put16(udp + 6, 0);
  if (!p.payload.empty()) std::memcpy(udp + kUdpHeaderSize, p.payload.data(), p.payload.size());
  uint16_t c = ChecksumFinish(ChecksumAdd(sum, {udp, udp_len}));
  Put16(udp + 6, c == 0 ? 0xffff : c);  // 0 means "no checksum": sent as all ones instead
  return total;
}

}  // namespace capture
