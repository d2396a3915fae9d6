// PacketSource over libpcap: offline files (pcap, pcapng, stdin) and live interfaces.
#include <pcap/pcap.h>
#include <poll.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

#include "capture/block_pcap_reader.h"
#include "capture/decoder.h"
#include "capture/packet_source.h"

namespace capture {
namespace {

bool Contains(std::string_view hay, std::string_view needle) {
  return hay.find(needle) != std::string_view::npos;
}

// pcapng stamps are 64-bit: seconds are clamped to +-kMaxStampSeconds (285,000 years) so that
// a crafted one cannot overflow the microsecond count (found by fuzzing).
util::Micros StampMicros(const timeval& tv) {
  return std::clamp<util::Micros>(tv.tv_sec, -kMaxStampSeconds, kMaxStampSeconds) * 1'000'000 +
         tv.tv_usec;
}

std::string LinkTypeName(int dlt) {
  const char* name = pcap_datalink_val_to_name(dlt);
  return std::to_string(dlt) + (name ? std::string(" (") + name + ")" : "");
}

class PcapSource final : public PacketSource {
 public:
  PcapSource(pcap_t* p, std::string name, bool live, const ReassemblyLimits& limits,
             int tick_ms = 0)
      : p_(p),
        name_(std::move(name)),
        live_(live),
        tick_ms_(tick_ms),
        link_(pcap_datalink(p)),
        decoder_(limits) {}
  ~PcapSource() override { pcap_close(p_); }

  // Reads a plain pcap file in blocks (block_pcap_reader.h) up to its first unusual record.
  void UseBlockReader() {
    FILE* f = pcap_file(p_);
    if (!f) return;
    fast_ = std::make_unique<BlockPcapReader>(fileno(f), uint32_t(pcap_snapshot(p_)));
    if (!fast_->ok()) fast_.reset();
  }

  util::Result<bool> Next(Datagram* d) override {
    if (fast_ && !done_) {
      BlockPcapReader::Record r;
      while (!interrupted_.load(std::memory_order_relaxed) && fast_->Next(&r)) {
        if (decoder_.Decode(link_, r.ts, r.data, d, r.wire_len)) return true;
      }
      if (interrupted_.load(std::memory_order_relaxed)) {
        Finish();
        return false;
      }
      // libpcap goes on from the record the block reader left (it reports a cut-short one as before).
      if (std::fseek(pcap_file(p_), long(fast_->fallback_offset()), SEEK_SET) != 0)
        return Fail(std::string("cannot seek: ") + std::strerror(errno));
      fast_.reset();
    }
    while (!done_) {
      if (interrupted_.load(std::memory_order_relaxed)) break;
      pcap_pkthdr* h;
      const u_char* data;
      int rc = pcap_next_ex(p_, &h, &data);
      if (rc == 1) {
        const util::Micros ts = StampMicros(h->ts);
        if (decoder_.Decode(link_, ts, {data, h->caplen}, d, h->len)) return true;
      } else if (rc == 0) {
        if (tick_ms_ > 0) {
          pollfd pfd{pcap_get_selectable_fd(p_), POLLIN, 0};
          if (poll(&pfd, 1, tick_ms_) == 0) {
            *d = Datagram{};
            d->ts = util::NowMicros();
            return true;
          }
        }
        continue;  // live read timeout: look at the interrupt flag, wait again
      } else if (rc == PCAP_ERROR_BREAK) {
        break;  // end of file, or pcap_breakloop
      } else {
        return Fail(pcap_geterr(p_));
      }
    }
    Finish();
    return false;
  }

  const Stats& stats() const override {
    stats_ = decoder_.stats();
    if (live_) {
      pcap_stat ps{};
      if (pcap_stats(p_, &ps) == 0) {
        stats_.kernel_drops = ps.ps_drop;
        stats_.interface_drops = ps.ps_ifdrop;
      }
    }
    return stats_;
  }

  void Interrupt() override {
    interrupted_.store(true, std::memory_order_relaxed);
    pcap_breakloop(p_);
  }

  int link_type() const override { return link_; }

 private:
  void Finish() {
    if (!done_) decoder_.Finish();
    done_ = true;
  }

  util::Status Fail(const std::string& why) {
    Finish();
    if (!live_ && Contains(why, "truncated dump file")) {
      ++decoder_.mutable_stats().truncated;
      FILE* f = pcap_file(p_);
      long off = f ? std::ftell(f) : -1;
      return util::Status::Error(name_ + ": cut short in the middle of a packet" +
                                 (off >= 0 ? " at byte offset " + std::to_string(off) : "") + " (" +
                                 why + ")");
    }
    return util::Status::Error(name_ + ": read error: " + why);
  }

  pcap_t* p_;
  std::string name_;
  bool live_;
  int tick_ms_;  // > 0: live, non-blocking, a tick after this long without packets
  int link_;
  Decoder decoder_;
  mutable Stats stats_;
  bool done_ = false;
  std::atomic<bool> interrupted_{false};
  std::unique_ptr<BlockPcapReader> fast_;  // the fast reader, while it goes on
};

}  // namespace

PacketSource::~PacketSource() = default;
void PacketSource::Interrupt() {}

util::Result<std::unique_ptr<PacketSource>> OpenFile(const std::string& path,
                                                     const ReassemblyLimits& limits) {
  if (path.empty()) return util::Status::Error("empty capture file name");
  const std::string name = path == "-" ? "<stdin>" : path;
  if (path != "-") {
    struct stat st;
    if (stat(path.c_str(), &st) != 0)
      return util::Status::Error(path + ": cannot open: " + std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return util::Status::Error(path + ": is a directory");
    if (S_ISREG(st.st_mode) && st.st_size == 0)
      return util::Status::Error(path + ": empty file, not a pcap or pcapng capture");
  }
  char err[PCAP_ERRBUF_SIZE] = "";
  pcap_t* p =
      pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO, err);
  if (!p) {
    std::string why = err;
    if (Contains(why, "unknown file format"))
      return util::Status::Error(name + ": not a pcap or pcapng capture (" + why + ")");
    if (Contains(why, "file header bytes, only got 0"))
      return util::Status::Error(name + ": empty input, not a pcap or pcapng capture");
    if (Contains(why, "truncated"))
      return util::Status::Error(name + ": truncated file header (" + why + ")");
    return util::Status::Error(name + ": cannot open capture: " + why);
  }
  int link = pcap_datalink(p);
  if (!Decoder::SupportsLinkType(link)) {
    pcap_close(p);
    return util::Status::Error(name + ": unsupported link type " + LinkTypeName(link));
  }
  auto source = std::make_unique<PcapSource>(p, name, /*live=*/false, limits);
  if (path != "-") source->UseBlockReader();
  return std::unique_ptr<PacketSource>(std::move(source));
}

util::Result<std::unique_ptr<PacketSource>> OpenLive(const std::string& iface,
                                                     const std::string& bpf,
                                                     const LiveOptions& options) {
  char err[PCAP_ERRBUF_SIZE] = "";
  pcap_t* p = pcap_create(iface.c_str(), err);
  if (!p) return util::Status::Error(iface + ": cannot capture: " + err);
  pcap_set_snaplen(p, options.snaplen);
  pcap_set_promisc(p, options.promiscuous ? 1 : 0);
  pcap_set_timeout(p, options.timeout_ms);
  pcap_set_buffer_size(p, options.buffer_bytes);
  pcap_set_tstamp_precision(p, PCAP_TSTAMP_PRECISION_MICRO);
  int rc = pcap_activate(p);
  if (rc < 0) {
    std::string why = pcap_statustostr(rc);
    std::string detail = pcap_geterr(p);
    pcap_close(p);
    return util::Status::Error(iface + ": cannot capture: " + why +
                               (detail.empty() ? "" : " (" + detail + ")"));
  }
  bpf_program prog;
  if (pcap_compile(p, &prog, bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    std::string why = pcap_geterr(p);
    pcap_close(p);
    return util::Status::Error(iface + ": bad capture filter '" + bpf + "': " + why);
  }
  rc = pcap_setfilter(p, &prog);
  pcap_freecode(&prog);
  if (rc != 0) {
    std::string why = pcap_geterr(p);
    pcap_close(p);
    return util::Status::Error(iface + ": cannot set capture filter '" + bpf + "': " + why);
  }
  int link = pcap_datalink(p);
  if (!Decoder::SupportsLinkType(link)) {
    pcap_close(p);
    return util::Status::Error(iface + ": unsupported link type " + LinkTypeName(link));
  }
  // Linux's TPACKET_V3 read timeout only runs once a packet has arrived, so ticks come from
  // our own poll() on a non-blocking handle.
  int tick_ms = 0;
  if (options.wake_on_timeout) {
    if (pcap_setnonblock(p, 1, err) != 0 || pcap_get_selectable_fd(p) < 0) {
      pcap_close(p);
      return util::Status::Error(iface + ": cannot poll the capture: " + err);
    }
    tick_ms = std::max(1, options.timeout_ms);
  }
  return std::unique_ptr<PacketSource>(
      new PcapSource(p, iface, /*live=*/true, options.limits, tick_ms));
}

}  // namespace capture
