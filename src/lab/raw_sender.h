// The lab flood's sender: one raw IPv4 socket (IPPROTO_RAW, so IP_HDRINCL)
// that writes whole UDP datagrams with any source address, so that a spoofed
// source needs no local address and no socket bound to it; nothing ever
// receives on a spoofed address. Only used inside a lab namespace
// (lab/lab_route.h), after the target was checked.
#pragma once

#include <cstdint>
#include <string_view>

#include "util/status.h"

namespace lab {

class RawUdpSender {
 public:
  RawUdpSender() = default;
  ~RawUdpSender();
  RawUdpSender(const RawUdpSender &) = delete;
  RawUdpSender &operator=(const RawUdpSender &) = delete;

  // Opens the socket in the calling thread's namespace; needs CAP_NET_RAW.
  util::Status Open();
  // Sends `payload` (at most kMaxPayload bytes) from src:sport to dst:dport
  // (IPv4 host order). True when the kernel took the whole datagram; on false,
  // errno says why. Allocation-free.
  bool Send(uint32_t src, uint16_t sport, uint32_t dst, uint16_t dport, std::string_view payload);

  static constexpr size_t kMaxPayload = 65507;

 private:
  int fd_ = -1;
  uint16_t ip_id_ = 1;
  unsigned char packet_[20 + 8 + kMaxPayload];
};

// The UDP checksum of RFC 768 over the IPv4 pseudo-header, the 8-byte header
// (checksum field zero) and the payload; 0 is sent as 0xffff. Exposed for
// tests.
uint16_t UdpChecksum(uint32_t src, uint32_t dst, const unsigned char *udp, size_t udp_len);

}  // namespace lab
