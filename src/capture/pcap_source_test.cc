#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture/frame_testing.h"
#include "capture/link_type.h"
#include "capture/packet_source.h"
#include "capture/pcap_writer.h"
#include "capture/testing_util.h"

namespace capture {
namespace {

using namespace capture::testing;  // NOLINT

constexpr char kInvite[] = "INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: a@b\r\n\r\n";

void WriteFrames(const std::string& path, int link, const std::vector<Bytes>& frames,
                 int snaplen = 262144) {
  auto w = PcapWriter::Create(path, link, snaplen);
  ASSERT_TRUE(w.ok()) << w.status().message();
  util::Micros ts = 1'700'000'000'000'000;
  for (const Bytes& f : frames) ASSERT_TRUE(w->WriteFrame(ts += 1000, f).ok());
  ASSERT_TRUE(w->Close().ok());
}

struct Read {
  std::vector<Datagram> datagrams;
  std::vector<std::string> payloads;
  Stats stats;
  util::Status status;
};

Read ReadAll(PacketSource* src) {
  Read r;
  Datagram d;
  for (;;) {
    auto more = src->Next(&d);
    if (!more.ok()) {
      r.status = more.status();
      break;
    }
    if (!*more) break;
    r.datagrams.push_back(d);
    r.payloads.emplace_back(d.payload.begin(), d.payload.end());
  }
  r.stats = src->stats();
  return r;
}

Read ReadFile(const std::string& path) {
  auto src = OpenFile(path);
  EXPECT_TRUE(src.ok()) << src.status().message();
  if (!src.ok()) return {};
  return ReadAll(src->get());
}

TEST(PcapSourceTest, EveryLinkTypeFromAFile) {
  TempDir dir;
  Bytes v4 = IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite);
  Bytes v6 = IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, kInvite);
  struct Case {
    const char* name;
    int link;
    std::vector<Bytes> frames;
  } cases[] = {
      {"ethernet",
       kLinkEthernet,
       {Ethernet(v4), Ethernet(v6, {0x8100}), Ethernet(v4, {0x88a8, 0x8100})}},
      {"sll", kLinkLinuxSll, {Sll(v4), Sll(v6)}},
      {"sll2", kLinkLinuxSll2, {Sll2(v4), Sll2(v6)}},
      {"raw", kLinkRaw, {v4, v6}},
      {"ipv4", kLinkIpv4, {v4}},
      {"ipv6", kLinkIpv6, {v6}},
      {"null", kLinkNull, {NullHeader(2, true, v4), NullHeader(30, true, v6)}},
      {"loop", kLinkLoop, {NullHeader(2, false, v4), NullHeader(24, false, v6)}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string path = dir.File(std::string(c.name) + ".pcap");
    WriteFrames(path, c.link, c.frames);
    auto src = OpenFile(path);
    ASSERT_TRUE(src.ok()) << src.status().message();
    EXPECT_EQ((*src)->link_type(), c.link);
    Read r = ReadAll(src->get());
    ASSERT_TRUE(r.status.ok()) << r.status.message();
    ASSERT_EQ(r.datagrams.size(), c.frames.size());
    for (size_t i = 0; i < r.datagrams.size(); ++i) {
      EXPECT_EQ(r.payloads[i], kInvite);
      EXPECT_EQ(r.datagrams[i].dport, 5060);
      EXPECT_EQ(r.datagrams[i].ts, 1'700'000'000'000'000 + 1000 * util::Micros(i + 1));
    }
    EXPECT_EQ(r.stats.packets, c.frames.size());
  }
}

TEST(PcapSourceTest, FragmentsTcpAndJunkInOneFile) {
  TempDir dir;
  std::string big(4000, 'z');
  big.replace(0, 7, "INVITE ");
  auto v4frags = FragmentV4(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, big), 1480);
  auto v6frags = FragmentV6(IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, big), 1448);
  ASSERT_EQ(v4frags.size(), 3u);
  ASSERT_EQ(v6frags.size(), 3u);
  Bytes arp = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06};
  arp.resize(42);
  Bytes cut = Ethernet(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite));
  cut.resize(30);  // an IPv4 header cut short, recorded as if the wire had only 30 bytes
  std::vector<Bytes> frames = {Ethernet(v4frags[2]),
                               arp,
                               Ethernet(v6frags[1]),
                               Ethernet(IpTcp("192.0.2.7", 41000, "192.0.2.2", 5060, kInvite)),
                               Ethernet(IpTcp("192.0.2.7", 41000, "192.0.2.2", 5060, "")),
                               Ethernet(v4frags[0]),
                               cut,
                               Ethernet(v6frags[0]),
                               Ethernet(v4frags[1]),
                               Ethernet(v6frags[2])};
  std::string path = dir.File("mixed.pcap");
  WriteFrames(path, kLinkEthernet, frames);
  Read r = ReadFile(path);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.datagrams.size(), 3u);
  EXPECT_EQ(r.datagrams[0].transport, Transport::kTcp);
  EXPECT_EQ(r.payloads[0], kInvite);
  EXPECT_EQ(r.datagrams[1].src.ToString(), "192.0.2.1");
  EXPECT_TRUE(r.payloads[1] == big);
  EXPECT_EQ(r.datagrams[2].src.ToString(), "2001:db8::1");
  EXPECT_TRUE(r.payloads[2] == big);
  EXPECT_EQ(r.stats.packets, frames.size());
  EXPECT_EQ(r.stats.fragments, 6u);
  EXPECT_EQ(r.stats.reassembled, 2u);
  EXPECT_EQ(r.stats.non_ip, 1u);
  EXPECT_EQ(r.stats.tcp_no_payload, 1u);
  EXPECT_EQ(r.stats.malformed, 1u);
  EXPECT_EQ(r.stats.fragment_timeouts, 0u);
}

TEST(PcapSourceTest, SnapLengthTruncationIsCountedNotFatal) {
  TempDir dir;
  std::string path = dir.File("snap.pcap");
  Bytes full = Ethernet(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite));
  Bytes small = Ethernet(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, "hi"));
  WriteFrames(path, kLinkEthernet, {full, small, full}, /*snaplen=*/60);
  Read r = ReadFile(path);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.datagrams.size(), 1u);
  EXPECT_EQ(r.payloads[0], "hi");
  EXPECT_EQ(r.stats.truncated, 2u);
}

TEST(PcapSourceTest, FileCutShortMidPacket) {
  TempDir dir;
  std::string path = dir.File("cut.pcap");
  Bytes f = Ethernet(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite));
  WriteFrames(path, kLinkEthernet, {f, f, f});
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 10);
  auto src = OpenFile(path);
  ASSERT_TRUE(src.ok());
  Read r = ReadAll(src->get());
  EXPECT_EQ(r.datagrams.size(), 2u);  // everything complete is delivered first
  ASSERT_FALSE(r.status.ok());
  EXPECT_NE(r.status.message().find(path + ": cut short in the middle of a packet"),
            std::string::npos)
      << r.status.message();
  EXPECT_EQ(r.stats.truncated, 1u);
  Datagram d;
  EXPECT_FALSE((*src)->Next(&d).value());  // and stays at the end
}

TEST(PcapSourceTest, OpenErrorsNameTheFile) {
  TempDir dir;
  auto expect_error = [](const std::string& path, const std::string& what) {
    auto src = OpenFile(path);
    ASSERT_FALSE(src.ok()) << path;
    const std::string& m = src.status().message();
    EXPECT_EQ(m.rfind(path + ": ", 0), 0u) << m;
    EXPECT_NE(m.find(what), std::string::npos) << m;
  };
  expect_error(dir.File("missing.pcap"), "No such file");
  std::ofstream(dir.File("empty.pcap")).close();
  expect_error(dir.File("empty.pcap"), "empty");
  std::ofstream(dir.File("text.pcap")) << "INVITE sip:bob@example.com SIP/2.0\r\n\r\n";
  expect_error(dir.File("text.pcap"), "not a pcap or pcapng capture");
  std::string good = dir.File("good.pcap");
  WriteFrames(good, kLinkEthernet, {Ethernet(IpUdp("192.0.2.1", 1, "192.0.2.2", 2, "x"))});
  std::filesystem::copy_file(good, dir.File("header.pcap"));
  std::filesystem::resize_file(dir.File("header.pcap"), 10);
  expect_error(dir.File("header.pcap"), "truncated file header");
  expect_error(dir.path(), "directory");
  auto w = PcapWriter::Create(dir.File("wifi.pcap"), 105);  // DLT_IEEE802_11
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE(w->Close().ok());
  expect_error(dir.File("wifi.pcap"), "unsupported link type 105");
}

TEST(PcapSourceTest, PcapngFixture) {
  // testdata/pcap/sll2-v4-v6-frag.pcapng: see testdata/README.md for how it was made.
  Read r = ReadFile(SIPDDOS_TESTDATA "/pcap/sll2-v4-v6-frag.pcapng");
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(r.datagrams.size(), 3u);
  EXPECT_EQ(r.datagrams[0].src.ToString(), "192.0.2.1");
  EXPECT_EQ(r.payloads[0], kInvite);
  EXPECT_EQ(r.datagrams[1].src.ToString(), "2001:db8::1");
  EXPECT_EQ(r.payloads[1], kInvite);
  EXPECT_EQ(r.datagrams[2].src.ToString(), "192.0.2.1");
  EXPECT_EQ(r.payloads[2].size(), 3000u);
  EXPECT_EQ(r.stats.reassembled, 1u);
}

TEST(PcapSourceTest, NanosecondPcapIsReadInMicroseconds) {
  TempDir dir;
  std::string path = dir.File("us.pcap"), ns = dir.File("ns.pcap");
  WriteFrames(path, kLinkEthernet,
              {Ethernet(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite))});
  RunCommand("editcap -F nsecpcap " + path + " " + ns + " 2>&1");
  ASSERT_EQ(RunCommand("capinfos -t " + ns + " | grep -c nanosecond"), "1\n");
  Read r = ReadFile(ns);
  ASSERT_EQ(r.datagrams.size(), 1u);
  EXPECT_EQ(r.datagrams[0].ts, 1'700'000'000'001'000);
}

TEST(PcapSourceTest, StandardInput) {
  TempDir dir;
  std::string path = dir.File("stdin.pcap");
  WriteFrames(path, kLinkRaw, {IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite)});
  int saved = dup(0);
  int fd = open(path.c_str(), O_RDONLY);
  ASSERT_GE(fd, 0);
  dup2(fd, 0);
  close(fd);
  Read r;
  {
    auto src = OpenFile("-");
    ASSERT_TRUE(src.ok()) << src.status().message();
    r = ReadAll(src->get());
  }
  dup2(saved, 0);
  close(saved);
  clearerr(stdin);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.payloads.size(), 1u);
  EXPECT_EQ(r.payloads[0], kInvite);
}

}  // namespace
}  // namespace capture
