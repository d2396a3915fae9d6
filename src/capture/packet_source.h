// Where datagrams come from: a libpcap capture file (pcap or pcapng, "-" for stdin) or a live
// interface. Each source owns a Decoder, so what it delivers is already link/IP/UDP-decoded.
//
//   auto src = capture::OpenFile("calls.pcap");
//   if (!src.ok()) return src.status();
//   capture::Datagram d;
//   for (;;) {
//     auto more = (*src)->Next(&d);
//     if (!more.ok()) return more.status();  // read error, or a file cut short mid-packet
//     if (!*more) break;                      // end of file (or Interrupt())
//     Use(d);                                 // d.payload is valid until the next Next()
//   }
#pragma once

#include <memory>
#include <string>

#include "capture/datagram.h"
#include "capture/reassembler.h"
#include "util/status.h"

namespace capture {

class PacketSource {
 public:
  virtual ~PacketSource();
  // Ok(true) and fills *d with the next datagram; Ok(false) at the end of the file or after
  // Interrupt(). An error only for a fatal read error (for files: after every complete packet
  // has been delivered, e.g. "x.pcap: cut short in the middle of a packet at byte offset N").
  virtual util::Result<bool> Next(Datagram* d) = 0;
  // Counters so far; for live sources this also refreshes kernel_drops from pcap_stats.
  virtual const Stats& stats() const = 0;
  // Makes a blocked or later Next() return Ok(false). Async-signal-safe: call it from a handler.
  virtual void Interrupt();
  // Link type of the capture (capture/link_type.h).
  virtual int link_type() const = 0;
};

// Opens a pcap or pcapng file ("-": standard input). Errors name the file: missing, unreadable,
// empty, not a capture file, truncated file header, unsupported link type. A record stamp's
// seconds are clamped to +-kMaxStampSeconds (pcapng's 64-bit stamps could overflow Micros).
inline constexpr int64_t kMaxStampSeconds = 9'000'000'000'000;
util::Result<std::unique_ptr<PacketSource>> OpenFile(const std::string& path,
                                                     const ReassemblyLimits& limits = {});

inline constexpr char kDefaultBpf[] = "udp port 5060 or tcp port 5060";

struct LiveOptions {
  int timeout_ms = 100;         // how long a read waits for more packets before returning them
  int snaplen = 65535;          // bytes captured per packet
  bool promiscuous = false;     // for a mirror/SPAN port
  int buffer_bytes = 32 << 20;  // kernel ring: deep enough for a flood's bursts
  // When a read times out, Next() returns Ok(true) with an empty payload and ts = wall-clock
  // now: a clock tick for consumers whose timers must run while no traffic arrives.
  bool wake_on_timeout = false;
  ReassemblyLimits limits;
};

// Opens live capture on `iface` ("any" for all) with BPF filter `bpf` ("" captures everything).
// Needs CAP_NET_RAW. Errors name the interface, or the filter and why it did not compile.
util::Result<std::unique_ptr<PacketSource>> OpenLive(const std::string& iface,
                                                     const std::string& bpf = kDefaultBpf,
                                                     const LiveOptions& options = {});
inline util::Result<std::unique_ptr<PacketSource>> OpenLive(const std::string& iface,
                                                            const std::string& bpf,
                                                            int timeout_ms) {
  LiveOptions options;
  options.timeout_ms = timeout_ms;
  return OpenLive(iface, bpf, options);
}

}  // namespace capture
