// Overload (docs/robustness.md): `sipddos detect` fed as fast as it reads, (1)
// from a capture of INVITEs from distinct spoofed sources, checking that peak
// RSS stays under a fixed bound however many sources there are, and (2) live on
// lo while `sipddos flood` sends at its top rate, checking that the process
// survives and reports kernel drops in the metrics. SIPDDOS_LONG_TESTS=1 runs
// the capture test with 1,000,000 sources (about 300 MB of pcap in $TMPDIR)
// instead of 200,000.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <regex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "capture/pcap_writer.h"
#include "cli/test_support.h"
#include "util/ip_address.h"
#include "util/test_if.h"

namespace cli {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// What `sipddos detect` may add to the binary's own footprint (the peak RSS of
// `sipddos version`: libtorch's shared libraries alone are ~160 MB when
// linked), whatever the number of sources: at most 16 protected servers
// (--max-servers), each with fixed tables (65,536 sources and dialogs, LRU), so
// memory must not grow with the flood. Measured: +72 MB with 16 servers.
constexpr long kDetectExtraRssBoundKb = 128 * 1024;

double Now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return double(ts.tv_sec) + ts.tv_nsec / 1e9;
}

// `n` INVITEs to 16 servers (10.0.0.1..16:5060, the detector's default
// --max-servers), each from its own spoofed address (11.0.0.1, 11.0.0.2, ...)
// with its own Call-ID and tag, 10 us apart (a 100,000/s flood).
void WriteSpoofedFlood(const std::string& path, int n) {
  auto w = capture::PcapWriter::Create(path);
  ASSERT_TRUE(w.ok()) << w.status().message();
  std::string msg;
  util::Micros t = 1'700'000'000'000'000;
  for (int i = 0; i < n; ++i) {
    const uint32_t src = 0x0b000001u + uint32_t(i);
    const std::string ip = util::IpAddress::V4(src).ToString(), id = std::to_string(i);
    msg = "INVITE sip:service@10.0.0.2:5060 SIP/2.0\r\nVia: SIP/2.0/UDP " + ip +
          ":5060;branch=z9hG4bK" + id + "\r\nFrom: <sip:" + id + "@" + ip + ">;tag=" + id +
          "\r\nTo: <sip:service@10.0.0.2:5060>\r\nCall-ID: " + id + "@" + ip +
          "\r\nCSeq: 1 INVITE\r\nContact: <sip:" + id + "@" + ip +
          ":5060>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    auto payload = std::span(reinterpret_cast<const uint8_t*>(msg.data()), msg.size());
    const util::IpAddress dst = util::IpAddress::V4(0x0a000001u + uint32_t(i % 16));
    ASSERT_TRUE(
        w->WriteUdp(t, util::IpAddress::V4(src), uint16_t(1024 + i % 60000), dst, 5060, payload)
            .ok());
    t += 10;
  }
  ASSERT_TRUE(w->Close().ok());
}

// Peak RSS of `sipddos version`: the binary and its shared libraries, no
// detection state.
long BaseRssKb(const std::string& dir) {
  Child version({SipddosPath(), "version"}, dir + "/version.log");
  std::optional<int> code = version.Wait(60'000);
  EXPECT_EQ(code, std::optional<int>(0)) << version.Log();
  return version.max_rss_kb();
}

TEST(Overload, DetectMemoryBoundedWithDistinctSpoofedSources) {
  const bool long_run = std::getenv("SIPDDOS_LONG_TESTS") != nullptr &&
                        std::string(std::getenv("SIPDDOS_LONG_TESTS")) == "1";
  // Under ASan everything is ~10x slower and RSS holds the sanitizer's shadow:
  // fewer packets, no bound (the plain build checks it).
  const int n = long_run ? 1'000'000 : kSanitized ? 50'000 : 200'000;
  TempDir dir;
  const std::string pcap = dir.path() + "/flood.pcap";
  double t0 = Now();
  WriteSpoofedFlood(pcap, n);
  std::printf("wrote %d INVITEs from %d distinct sources in %.1f s\n", n, n, Now() - t0);

  const std::string eve = dir.path() + "/eve.json";
  t0 = Now();
  Child detect({SipddosPath(), "detect", "--pcap", pcap, "-a", eve}, dir.path() + "/detect.log");
  std::optional<int> code = detect.Wait(600'000);
  const double wall = Now() - t0;
  ASSERT_TRUE(code.has_value()) << "detect still running after 600 s";
  ASSERT_EQ(*code, 0) << detect.Log();
  EXPECT_THAT(detect.Log(),
              HasSubstr(std::to_string(n) + " packets, " + std::to_string(n) + " INVITEs scored"));
  // The flood is seen: a start alert naming a spoofed source among the top
  // talkers.
  EXPECT_THAT(ReadFile(eve), ContainsRegex("\"phase\":\"start\""));
  const long base = BaseRssKb(dir.path());
  std::printf(
      "detect: %d INVITEs from %d sources to 16 servers in %.2f s wall (%.0f "
      "INVITE/s), "
      "peak RSS %.1f MB (binary alone %.1f MB)%s\n",
      n, n, wall, n / wall, detect.max_rss_kb() / 1024.0, base / 1024.0,
      kSanitized ? " (ASan)" : "");
  if (!kSanitized) {
    EXPECT_LT(detect.max_rss_kb() - base, kDetectExtraRssBoundKb);
  }
}

// Live capture on lo needs root (CAP_NET_RAW); curl reads the metrics.
TEST_IF(geteuid() == 0 && HaveCommand("curl"), Overload, LiveFloodOnLoopbackCountsDrops) {
  TempDir dir;
  // Ports of our own so that parallel tests do not see this flood: the target
  // nobody listens on.
  const int port = 40000 + getpid() % 10000, metrics_port = port + 1;
  const std::string target = "127.0.0.1:" + std::to_string(port);
  const std::string metrics = "127.0.0.1:" + std::to_string(metrics_port);
  Child detect(
      {SipddosPath(), "detect", "-i", "lo", "--bpf", "udp dst port " + std::to_string(port),
       "--metrics", metrics, "--stats-interval", "0.2", "-a", dir.path() + "/eve.json"},
      dir.path() + "/detect.log");
  bool ready = false;
  for (int i = 0; i < 500 && !ready; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ready = RunCommand("curl -sf http://" + metrics + "/metrics >/dev/null").status == 0;
  }
  ASSERT_TRUE(ready) << detect.Log();

  const double seconds = kSanitized ? 1 : 2;
  CommandResult flood = RunSipddos({"flood", "--target", target, "--rate", "100000", "--duration",
                                    std::to_string(seconds), "--sources", "256", "--spoof",
                                    "random", "--attack", "mrsip"});
  ASSERT_EQ(flood.status, 0) << flood.output;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // let detect drain and tick
  CommandResult scrape = RunCommand("curl -sf http://" + metrics + "/metrics");
  ASSERT_EQ(scrape.status, 0) << scrape.output;
  detect.Signal(SIGINT);
  std::optional<int> code = detect.Wait(20'000);
  ASSERT_TRUE(code.has_value()) << "detect did not stop on SIGINT\n" << detect.Log();
  EXPECT_EQ(*code, 0) << detect.Log();

  auto metric = [&](const std::string& name) -> double {
    for (const std::string& line : Split(scrape.output, '\n'))
      if (line.rfind(name + " ", 0) == 0) return std::atof(line.c_str() + name.size() + 1);
    ADD_FAILURE() << name << " missing from the metrics:\n" << scrape.output;
    return -1;
  };
  const double received = metric("sipddos_packets_total");
  const double dropped = metric("sipddos_packets_dropped_total");
  std::smatch m;
  std::regex sent_re("sent ([0-9]+) INVITEs");
  ASSERT_TRUE(std::regex_search(flood.output, m, sent_re)) << flood.output;
  const double sent = std::atof(m[1].str().c_str());
  std::printf(
      "live: flood sent %.0f INVITEs in %.0f s (%.0f/s); detect received %.0f, "
      "kernel "
      "dropped %.0f; detect peak RSS %.1f MB%s\n",
      sent, seconds, sent / seconds, received, dropped, detect.max_rss_kb() / 1024.0,
      kSanitized ? " (ASan)" : "");
  EXPECT_GT(received, 0);
  // Every packet the kernel saw for us was either handed to detect or counted
  // as dropped.
  EXPECT_LE(received, sent);
  EXPECT_GE(received + dropped, 0.9 * sent) << "packets lost without being counted";
  if (!kSanitized) {
    EXPECT_LT(detect.max_rss_kb() - BaseRssKb(dir.path()), kDetectExtraRssBoundKb);
  }
}

}  // namespace
}  // namespace cli
