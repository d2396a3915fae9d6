#include "capture/pcap_writer.h"

#include <pcap/pcap.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "capture/packet_builder.h"

namespace capture {
namespace {

constexpr size_t kEthernetHeader = 14;
constexpr size_t kIoBuffer = 1 << 20;  // fewer write(2) calls when the simulator writes 1 M packets

void PutMac(uint8_t* mac, const util::IpAddress& a) {
  mac[0] = 0x02;  // locally administered, unicast
  mac[1] = 0x00;
  std::memcpy(mac + 2, a.bytes() + a.size() - 4, 4);
}

}  // namespace

struct PcapWriter::Handles {
  pcap_t* dead = nullptr;
  pcap_dumper_t* dumper = nullptr;
  bool to_stdout = false;
  ~Handles() {
    if (dumper && !to_stdout) pcap_dump_close(dumper);  // closing would fclose(stdout)
    if (dead) pcap_close(dead);
  }
};

util::Result<PcapWriter> PcapWriter::Create(const std::string& path, int linktype, int snaplen) {
  if (path.empty()) return util::Status::Error("empty pcap output path");
  PcapWriter w;
  w.path_ = path;
  w.snaplen_ = snaplen;
  w.h_ = std::make_unique<Handles>();
  w.h_->dead = pcap_open_dead_with_tstamp_precision(linktype, snaplen, PCAP_TSTAMP_PRECISION_MICRO);
  if (!w.h_->dead) return util::Status::Error(path + ": cannot create pcap writer");
  w.h_->to_stdout = path == "-";
  if (!w.h_->to_stdout) w.tmp_ = path + ".tmp." + std::to_string(getpid());
  w.h_->dumper = pcap_dump_open(w.h_->dead, w.h_->to_stdout ? "-" : w.tmp_.c_str());
  if (!w.h_->dumper) {
    std::string why = pcap_geterr(w.h_->dead);
    w.tmp_.clear();  // nothing was created
    return util::Status::Error(path + ": cannot create: " + why);
  }
  if (!w.h_->to_stdout) std::setvbuf(pcap_dump_file(w.h_->dumper), nullptr, _IOFBF, kIoBuffer);
  w.frame_.resize(kEthernetHeader + kIpv6HeaderSize + kUdpHeaderSize + kMaxUdpPayloadV6);
  return w;
}

PcapWriter::PcapWriter(PcapWriter&& o) noexcept { *this = std::move(o); }

PcapWriter& PcapWriter::operator=(PcapWriter&& o) noexcept {
  if (this != &o) {
    Abort();
    path_ = std::move(o.path_);
    tmp_ = std::exchange(o.tmp_, std::string());
    h_ = std::move(o.h_);
    frame_ = std::move(o.frame_);
    ip_id_ = o.ip_id_;
    packets_ = o.packets_;
    snaplen_ = o.snaplen_;
  }
  return *this;
}

PcapWriter::~PcapWriter() { Abort(); }

void PcapWriter::Abort() {
  h_.reset();
  if (!tmp_.empty()) {
    std::remove(tmp_.c_str());
    tmp_.clear();
  }
}

util::Status PcapWriter::WriteFrame(util::Micros ts, std::span<const uint8_t> frame) {
  if (!h_) return util::Status::Error(path_ + ": writer is closed");
  pcap_pkthdr hdr{};
  hdr.ts.tv_sec = ts / 1'000'000;
  hdr.ts.tv_usec = ts % 1'000'000;
  if (hdr.ts.tv_usec < 0) {  // before 1970: keep usec in [0, 1e6)
    hdr.ts.tv_usec += 1'000'000;
    --hdr.ts.tv_sec;
  }
  hdr.len = uint32_t(frame.size());
  hdr.caplen = uint32_t(std::min<size_t>(frame.size(), size_t(snaplen_)));
  pcap_dump(reinterpret_cast<u_char*>(h_->dumper), &hdr, frame.data());
  ++packets_;
  return util::Status::Ok();
}

util::Status PcapWriter::WriteUdp(util::Micros ts, const util::IpAddress& src, uint16_t sport,
                                  const util::IpAddress& dst, uint16_t dport,
                                  std::span<const uint8_t> payload) {
  if (!h_) return util::Status::Error(path_ + ": writer is closed");
  if (pcap_datalink(h_->dead) != kLinkEthernet)
    return util::Status::Error(path_ + ": WriteUdp needs an Ethernet pcap");
  UdpPacket pkt{src, dst, sport, dport, payload, ++ip_id_, 64};
  uint8_t* eth = frame_.data();
  auto n = BuildIpUdp(pkt, std::span<uint8_t>(frame_).subspan(kEthernetHeader));
  if (!n.ok()) return n.status().WithContext(path_);
  PutMac(eth, dst);
  PutMac(eth + 6, src);
  Put16(eth + 12, src.is_v4() ? 0x0800 : 0x86dd);
  return WriteFrame(ts, {eth, kEthernetHeader + *n});
}

util::Status PcapWriter::Close() {
  if (!h_) return util::Status::Error(path_ + ": writer is closed");
  FILE* f = pcap_dump_file(h_->dumper);
  bool bad = pcap_dump_flush(h_->dumper) != 0 || std::ferror(f);
  bool to_stdout = h_->to_stdout;
  if (!to_stdout) pcap_dump_close(h_->dumper);
  h_->dumper = nullptr;
  h_.reset();
  if (bad) {
    Abort();
    return util::Status::Error(path_ + ": write failed");
  }
  if (to_stdout) return util::Status::Ok();
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    std::string why = std::strerror(errno);
    Abort();
    return util::Status::Error(path_ + ": cannot rename into place: " + why);
  }
  tmp_.clear();
  return util::Status::Ok();
}

}  // namespace capture
