// OpenFile's block reader (block_pcap_reader.h) against libpcap alone: the same file read
// through standard input (which never takes the block reader) must give the same datagrams,
// stamps, counters and errors, also for the records the block reader hands back to libpcap.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdio_ext.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "capture/block_pcap_reader.h"
#include "capture/frame_testing.h"
#include "capture/link_type.h"
#include "capture/packet_source.h"
#include "capture/testing_util.h"

namespace capture {
namespace {

using namespace capture::testing;  // NOLINT

constexpr char kInvite[] = "INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: a@b\r\n\r\n";

void Put32(Bytes* b, uint32_t v, bool swap) {
  if (swap) v = __builtin_bswap32(v);
  const auto* p = reinterpret_cast<const uint8_t*>(&v);
  b->insert(b->end(), p, p + 4);
}
void Put16(Bytes* b, uint16_t v, bool swap) {
  if (swap) v = __builtin_bswap16(v);
  const auto* p = reinterpret_cast<const uint8_t*>(&v);
  b->insert(b->end(), p, p + 2);
}

struct Rec {
  uint32_t sec, frac;
  Bytes frame;
  uint32_t caplen_override = 0;  // 0: frame size
};

// A classic pcap file, written by hand so that odd headers can be made.
Bytes PcapBytes(uint32_t magic, uint32_t snaplen, int link, const std::vector<Rec>& recs,
                bool swap = false) {
  Bytes b;
  Put32(&b, magic, swap);
  Put16(&b, 2, swap);
  Put16(&b, 4, swap);
  Put32(&b, 0, swap);
  Put32(&b, 0, swap);
  Put32(&b, snaplen, swap);
  Put32(&b, uint32_t(link), swap);
  for (const Rec& r : recs) {
    Put32(&b, r.sec, swap);
    Put32(&b, r.frac, swap);
    Put32(&b, r.caplen_override ? r.caplen_override : uint32_t(r.frame.size()), swap);
    Put32(&b, uint32_t(r.frame.size()), swap);
    b.insert(b.end(), r.frame.begin(), r.frame.end());
  }
  return b;
}

void WriteBytes(const std::string& path, const Bytes& b) {
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(b.data()), b.size());
}

struct Read {
  std::vector<util::Micros> ts;
  std::vector<std::string> payloads;
  Stats stats;
  bool ok = true;
  std::string error;
};

Read ReadAll(PacketSource* src) {
  Read r;
  Datagram d;
  for (;;) {
    auto more = src->Next(&d);
    if (!more.ok()) {
      r.ok = false;
      r.error = more.status().message();
      break;
    }
    if (!*more) break;
    r.ts.push_back(d.ts);
    r.payloads.emplace_back(d.payload.begin(), d.payload.end());
  }
  r.stats = src->stats();
  return r;
}

Read ReadPath(const std::string& path) {
  auto src = OpenFile(path);
  EXPECT_TRUE(src.ok()) << src.status().message();
  return src.ok() ? ReadAll(src->get()) : Read{};
}

// libpcap alone: the same bytes through standard input. libpcap may stop before the end (an
// error), so what stdio buffered is dropped before and after.
Read ReadStdin(const std::string& path) {
  __fpurge(stdin);
  int saved = dup(0);
  int fd = open(path.c_str(), O_RDONLY);
  EXPECT_GE(fd, 0);
  dup2(fd, 0);
  close(fd);
  Read r;
  {
    auto src = OpenFile("-");
    EXPECT_TRUE(src.ok()) << src.status().message();
    if (src.ok()) r = ReadAll(src->get());
  }
  dup2(saved, 0);
  close(saved);
  __fpurge(stdin);
  clearerr(stdin);
  return r;
}

void ExpectSame(const std::string& path, size_t want_datagrams) {
  const Read mapped = ReadPath(path), plain = ReadStdin(path);
  EXPECT_EQ(mapped.payloads.size(), want_datagrams);
  EXPECT_EQ(mapped.payloads, plain.payloads);
  EXPECT_EQ(mapped.ts, plain.ts);
  EXPECT_EQ(mapped.ok, plain.ok);
  EXPECT_EQ(mapped.stats.packets, plain.stats.packets);
  EXPECT_EQ(mapped.stats.truncated, plain.stats.truncated);
  EXPECT_EQ(mapped.stats.malformed, plain.stats.malformed);
  // The message names the file; past that, libpcap's own words.
  EXPECT_EQ(mapped.error.substr(mapped.error.find(": ") + 1),
            plain.error.substr(plain.error.find(": ") + 1));
}

Bytes Frame(const std::string& payload) {
  return Ethernet(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, payload));
}

TEST(PcapSourceMmapTest, MicroAndNanoStampsLikeLibpcap) {
  TempDir dir;
  const std::vector<Rec> recs = {{1'700'000'000, 999'999, Frame(kInvite)},
                                 {1'700'000'001, 5, Frame("x")},
                                 {1'700'000'002, 123'456, Frame(kInvite)}};
  WriteBytes(dir.File("us.pcap"), PcapBytes(0xa1b2c3d4, 65535, kLinkEthernet, recs));
  ExpectSame(dir.File("us.pcap"), 3);
  EXPECT_EQ(ReadPath(dir.File("us.pcap")).ts[0], 1'700'000'000'999'999);
  std::vector<Rec> nano = recs;
  nano[0].frac = 999'999'999;
  WriteBytes(dir.File("ns.pcap"), PcapBytes(0xa1b23c4d, 65535, kLinkEthernet, nano));
  ExpectSame(dir.File("ns.pcap"), 3);
  EXPECT_EQ(ReadPath(dir.File("ns.pcap")).ts[0], 1'700'000'000'999'999);
}

// libpcap reads the stamp fields as signed 32-bit: seconds past 2038 and a fraction with its top
// bit come out negative there. The block reader leaves such a record (and the rest) to libpcap
// rather than give another time (found by fuzz/pcap_file_fuzz.cc).
TEST(PcapSourceMmapTest, StampsWithTheTopBitAreLeftToLibpcap) {
  TempDir dir;
  const std::vector<Rec> recs = {{1'700'000'000, 1, Frame(kInvite)},
                                 {1'700'000'001, 0x8f002ee0, Frame("a")},
                                 {0x80000001, 2, Frame("b")},
                                 {1'700'000'003, 3, Frame("c")}};
  for (uint32_t magic : {0xa1b2c3d4u, 0xa1b23c4du}) {
    SCOPED_TRACE(magic);
    WriteBytes(dir.File("sign.pcap"), PcapBytes(magic, 65535, kLinkEthernet, recs));
    ExpectSame(dir.File("sign.pcap"), 4);
    int fd = open(dir.File("sign.pcap").c_str(), O_RDONLY);
    BlockPcapReader m(fd, 65535);
    close(fd);
    BlockPcapReader::Record r;
    ASSERT_TRUE(m.ok());
    EXPECT_TRUE(m.Next(&r));
    EXPECT_FALSE(m.Next(&r));
    EXPECT_EQ(m.fallback_offset(), 24 + 16 + Frame(kInvite).size());
  }
}

TEST(PcapSourceMmapTest, SwappedByteOrderIsLeftToLibpcap) {
  TempDir dir;
  const std::vector<Rec> recs = {{1'700'000'000, 1, Frame(kInvite)}, {1'700'000'000, 2, Frame("y")}};
  WriteBytes(dir.File("be.pcap"), PcapBytes(0xa1b2c3d4, 65535, kLinkEthernet, recs, true));
  ExpectSame(dir.File("be.pcap"), 2);
}

// A record longer than the snapshot length: libpcap's business from there on, the records
// before it come from the block reader.
TEST(PcapSourceMmapTest, OversizedRecordAndTheRestGoToLibpcap) {
  TempDir dir;
  const Bytes big = Frame(std::string(300, 'b'));
  const std::vector<Rec> recs = {{1'700'000'000, 1, Frame("a")},
                                 {1'700'000'000, 2, big},
                                 {1'700'000'000, 3, Frame("c")}};
  WriteBytes(dir.File("snap.pcap"), PcapBytes(0xa1b2c3d4, 200, kLinkEthernet, recs));
  ExpectSame(dir.File("snap.pcap"), 2);
  // Bigger than libpcap's maximum: an error after the good records.
  std::vector<Rec> huge = recs;
  huge[1].caplen_override = 0x7fffffff;
  WriteBytes(dir.File("huge.pcap"), PcapBytes(0xa1b2c3d4, 65535, kLinkEthernet, huge));
  const Read r = ReadPath(dir.File("huge.pcap"));
  EXPECT_FALSE(r.ok);
  EXPECT_EQ(r.payloads.size(), 1u);
  ExpectSame(dir.File("huge.pcap"), 1);
}

TEST(PcapSourceMmapTest, CutShortHeaderAndBodyLikeLibpcap) {
  TempDir dir;
  const std::vector<Rec> recs = {{1'700'000'000, 1, Frame(kInvite)}, {1'700'000'000, 2, Frame("z")}};
  const Bytes whole = PcapBytes(0xa1b2c3d4, 65535, kLinkEthernet, recs);
  for (size_t cut : {size_t(1), size_t(8), size_t(20), Frame("z").size() + 16 - 3}) {
    WriteBytes(dir.File("cut.pcap"), Bytes(whole.begin(), whole.end() - cut));
    SCOPED_TRACE(cut);
    ExpectSame(dir.File("cut.pcap"), 1);
    EXPECT_FALSE(ReadPath(dir.File("cut.pcap")).ok);
  }
}

// Which files the block reader takes, and where it stops.
TEST(PcapSourceMmapTest, TakesNativeClassicPcapOnly) {
  TempDir dir;
  const std::vector<Rec> recs = {{1'700'000'000, 7, Frame("a")}, {1'700'000'000, 8, Frame("bb")}};
  auto mapped = [&](const Bytes& b, uint32_t snaplen, int* records) {
    WriteBytes(dir.File("f.pcap"), b);
    int fd = open(dir.File("f.pcap").c_str(), O_RDONLY);
    BlockPcapReader m(fd, snaplen);
    close(fd);  // the reader holds its own descriptor
    *records = 0;
    BlockPcapReader::Record r;
    while (m.ok() && m.Next(&r)) ++*records;
    return m.ok() ? m.fallback_offset() : 0;
  };
  int n = 0;
  const Bytes native = PcapBytes(0xa1b2c3d4, 65535, kLinkEthernet, recs);
  EXPECT_EQ(mapped(native, 65535, &n), native.size());
  EXPECT_EQ(n, 2);
  EXPECT_EQ(mapped(PcapBytes(0xa1b2c3d4, 65535, kLinkEthernet, recs, true), 65535, &n), 0u);
  EXPECT_EQ(mapped(PcapBytes(0xa1b2cd34, 65535, kLinkEthernet, recs), 65535, &n), 0u);
  // Stops at a record over the snapshot length, or cut short.
  EXPECT_EQ(mapped(native, uint32_t(Frame("a").size()), &n), 24 + 16 + Frame("a").size());
  EXPECT_EQ(n, 1);
  EXPECT_EQ(mapped(Bytes(native.begin(), native.end() - 1), 65535, &n),
            24 + 16 + Frame("a").size());
  EXPECT_EQ(n, 1);
}

// A capture still being written: what was appended after OpenFile is read too.
TEST(PcapSourceMmapTest, RecordsAppendedAfterOpenAreRead) {
  TempDir dir;
  const std::string path = dir.File("grow.pcap");
  WriteBytes(path, PcapBytes(0xa1b2c3d4, 65535, kLinkEthernet, {{1'700'000'000, 1, Frame("1")}}));
  auto src = OpenFile(path);
  ASSERT_TRUE(src.ok()) << src.status().message();
  const Bytes more = PcapBytes(0xa1b2c3d4, 65535, kLinkEthernet, {{1'700'000'000, 2, Frame("2")}});
  std::ofstream(path, std::ios::binary | std::ios::app)
      .write(reinterpret_cast<const char*>(more.data()) + 24, more.size() - 24);
  const Read r = ReadAll(src->get());
  EXPECT_TRUE(r.ok) << r.error;
  EXPECT_EQ(r.payloads, (std::vector<std::string>{"1", "2"}));
}

}  // namespace
}  // namespace capture
