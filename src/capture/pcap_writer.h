// Writes classic pcap files (libpcap's pcap_dump_*) that tshark and Wireshark open. The file is
// written to "<path>.tmp.<pid>" and renamed into place by Close(), so a failed run leaves nothing
// half-written; destroying a writer without Close() removes the temporary. WriteUdp builds Ethernet
// + IPv4/IPv6 + UDP (lengths and checksums correct) in a reused buffer: no allocation per packet.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "capture/link_type.h"
#include "util/ip_address.h"
#include "util/status.h"
#include "util/time_format.h"

namespace capture {

class PcapWriter {
 public:
  // `linktype` is a DLT_ value (capture/link_type.h); WriteUdp needs kLinkEthernet, WriteFrame
  // takes frames of any type. "-" writes to standard output (Close just flushes).
  static util::Result<PcapWriter> Create(const std::string& path, int linktype = kLinkEthernet,
                                         int snaplen = 262144);

  PcapWriter(PcapWriter&&) noexcept;
  PcapWriter& operator=(PcapWriter&&) noexcept;
  ~PcapWriter();

  // One UDP datagram as an Ethernet frame. MAC addresses are made up from the IP addresses
  // (02:00:<last 4 address bytes>), the IPv4 identification counts up from 1.
  util::Status WriteUdp(util::Micros ts, const util::IpAddress& src, uint16_t sport,
                        const util::IpAddress& dst, uint16_t dport,
                        std::span<const uint8_t> payload);
  // One frame of the writer's link type, written as it is.
  util::Status WriteFrame(util::Micros ts, std::span<const uint8_t> frame);
  // Flushes, closes and renames the file into place. The writer is unusable afterwards.
  util::Status Close();

  uint64_t packets() const { return packets_; }
  const std::string& path() const { return path_; }

 private:
  struct Handles;
  PcapWriter() = default;
  void Abort();

  std::string path_, tmp_;
  std::unique_ptr<Handles> h_;
  std::vector<uint8_t> frame_;  // reused for every WriteUdp
  uint16_t ip_id_ = 0;
  uint64_t packets_ = 0;
  int snaplen_ = 0;
};

}  // namespace capture
