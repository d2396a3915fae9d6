// Capture stage throughput: decoding a pcap file of simulated SIP traffic (libpcap read + decode),
// decoding in-memory frames, IPv4 reassembly, and writing through PcapWriter.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "capture/decoder.h"
#include "capture/frame_testing.h"
#include "capture/link_type.h"
#include "capture/packet_source.h"
#include "capture/pcap_writer.h"

namespace {

using namespace capture::testing;  // NOLINT

constexpr int kPackets = 100000;

std::string Invite(int i) {
  std::string n = std::to_string(i);
  return "INVITE sip:service@10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP 10.1." +
         std::to_string(i / 250 % 250) + "." + std::to_string(i % 250) + ":5060;branch=z9hG4bK" +
         n + "\r\nFrom: <sip:user" + n + "@example.com>;tag=" + n +
         "\r\nTo: <sip:service@10.0.0.1>\r\nCall-ID: " + n +
         "@example.com\r\nCSeq: 1 INVITE\r\nContact: <sip:user" + n +
         "@10.1.0.1:5060>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
}

util::IpAddress Source(int i) { return util::IpAddress::V4(0x0a010000u | uint32_t(i % 60000 + 1)); }

// A pcap of kPackets simulated INVITEs from many sources, written once per process.
const std::string& SimulatedPcap() {
  static const std::string path = [] {
    std::string p = "/tmp/capture_bench." + std::to_string(getpid()) + ".pcap";
    auto w = capture::PcapWriter::Create(p);
    util::IpAddress server = Ip("10.0.0.1");
    for (int i = 0; i < kPackets; ++i) {
      std::string m = Invite(i);
      (void)w->WriteUdp(1'700'000'000'000'000 + i * 100, Source(i), 5060, server, 5060, AsBytes(m));
    }
    (void)w->Close();
    std::atexit([] { std::remove(SimulatedPcap().c_str()); });
    return p;
  }();
  return path;
}

void BM_ReadAndDecodeFile(benchmark::State& state) {
  const std::string& path = SimulatedPcap();
  int64_t packets = 0;
  for (auto _ : state) {
    auto src = capture::OpenFile(path);
    capture::Datagram d;
    while ((*src)->Next(&d).value()) benchmark::DoNotOptimize(d.payload.data());
    packets += int64_t((*src)->stats().packets);
  }
  state.SetItemsProcessed(packets);
  state.counters["packets/s"] = benchmark::Counter(double(packets), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReadAndDecodeFile)->Unit(benchmark::kMillisecond);

void BM_DecodeFrames(benchmark::State& state) {
  std::vector<Bytes> frames;
  for (int i = 0; i < 1000; ++i) {
    std::string m = Invite(i);
    std::string src = Source(i).ToString();
    Bytes ip = IpUdp(src, 5060, "10.0.0.1", 5060, m);
    frames.push_back(state.range(0) ? Ethernet(ip, {0x8100}) : Ethernet(ip));
  }
  capture::Decoder dec;
  capture::Datagram d;
  int64_t n = 0;
  for (auto _ : state) {
    for (const Bytes& f : frames)
      benchmark::DoNotOptimize(dec.Decode(capture::kLinkEthernet, n, f, &d));
    n += int64_t(frames.size());
  }
  state.SetItemsProcessed(n);
  state.counters["packets/s"] = benchmark::Counter(double(n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecodeFrames)->Arg(0)->Arg(1)->ArgName("vlan");

void BM_ReassembleIpv4(benchmark::State& state) {
  std::string big(3000, 'f');
  std::vector<Bytes> frags;
  for (int i = 0; i < 100; ++i)
    for (Bytes& f : FragmentV4(
             IpUdp("10.1.0." + std::to_string(i + 1), 5060, "10.0.0.1", 5060, big, uint16_t(i)),
             1480))
      frags.push_back(std::move(f));
  capture::Decoder dec;
  capture::Datagram d;
  int64_t n = 0;
  for (auto _ : state) {
    for (const Bytes& f : frags) benchmark::DoNotOptimize(dec.Decode(capture::kLinkRaw, n, f, &d));
    n += int64_t(frags.size());
  }
  if (dec.stats().reassembled * 3 != uint64_t(n)) state.SkipWithError("reassembly failed");
  state.SetItemsProcessed(n);
  state.counters["fragments/s"] = benchmark::Counter(double(n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReassembleIpv4);

void BM_PcapWriterWriteUdp(benchmark::State& state) {
  std::string path = "/tmp/capture_bench_w." + std::to_string(getpid()) + ".pcap";
  std::vector<std::string> msgs;
  for (int i = 0; i < 1000; ++i) msgs.push_back(Invite(i));
  util::IpAddress server = Ip("10.0.0.1");
  int64_t n = 0;
  for (auto _ : state) {
    auto w = capture::PcapWriter::Create(path);
    for (int i = 0; i < kPackets; ++i)
      (void)w->WriteUdp(i, Source(i), 5060, server, 5060, AsBytes(msgs[i % msgs.size()]));
    if (!w->Close().ok()) state.SkipWithError("close failed");
    n += kPackets;
  }
  std::remove(path.c_str());
  state.SetItemsProcessed(n);
  state.counters["packets/s"] = benchmark::Counter(double(n), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PcapWriterWriteUdp)->Unit(benchmark::kMillisecond);

}  // namespace
