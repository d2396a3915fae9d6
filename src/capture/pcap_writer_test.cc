#include "capture/pcap_writer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "capture/frame_testing.h"
#include "capture/packet_source.h"
#include "capture/testing_util.h"

namespace capture {
namespace {

using namespace capture::testing;  // NOLINT

std::string Sip(const std::string& method, int n) {
  return method +
         " sip:service@10.0.0.1:5060 SIP/2.0\r\nVia: SIP/2.0/UDP "
         "10.0.0.9:5060\r\n" +
         "From: <sip:user" + std::to_string(n) + "@example.com>;tag=1\r\n" +
         "To: <sip:service@10.0.0.1>\r\nCall-ID: call" + std::to_string(n) +
         "@example.com\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
}

TEST(PcapWriterTest, TsharkSeesSipWithAddressesAndGoodChecksums) {
  TempDir dir;
  std::string path = dir.File("out.pcap");
  auto w = PcapWriter::Create(path);
  ASSERT_TRUE(w.ok()) << w.status().message();
  std::vector<std::string> msgs;
  for (int i = 0; i < 4; ++i) msgs.push_back(Sip(i % 2 ? "REGISTER" : "INVITE", i));
  std::string odd = Sip("OPTIONS", 9) + "x";  // odd length: exercises the checksum's last byte
  ASSERT_TRUE(w->WriteUdp(1'700'000'000'000'001, Ip("10.0.0.9"), 5062, Ip("10.0.0.1"), 5060,
                          AsBytes(msgs[0]))
                  .ok());
  ASSERT_TRUE(w->WriteUdp(1'700'000'000'500'000, Ip("203.0.113.7"), 40000, Ip("10.0.0.1"), 5060,
                          AsBytes(msgs[1]))
                  .ok());
  ASSERT_TRUE(w->WriteUdp(1'700'000'001'000'000, Ip("2001:db8::9"), 5062, Ip("2001:db8::1"), 5060,
                          AsBytes(msgs[2]))
                  .ok());
  ASSERT_TRUE(
      w->WriteUdp(1'700'000'002'000'000, Ip("10.0.0.9"), 5062, Ip("10.0.0.1"), 5060, AsBytes(odd))
          .ok());
  EXPECT_EQ(w->packets(), 4u);
  EXPECT_FALSE(std::filesystem::exists(path));  // only the temporary until Close
  ASSERT_TRUE(w->Close().ok());
  ASSERT_TRUE(std::filesystem::exists(path));

  std::string out =
      RunCommand("tshark -r " + path +
                 " -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -Y sip -T fields"
                 " -e frame.time_epoch -e ip.src -e ipv6.src -e ip.dst -e ipv6.dst"
                 " -e udp.srcport -e sip.Method -e ip.checksum.status"
                 " -e udp.checksum.status 2>/dev/null");
  EXPECT_EQ(out,
            "1700000000.000001000\t10.0.0.9\t\t10.0.0.1\t\t5062\tINVITE\t1\t1\n"
            "1700000000.500000000\t203.0.113.7\t\t10.0.0.1\t\t40000\tREGISTER\t1\t1\n"
            "1700000001.000000000\t\t2001:db8::9\t\t2001:db8::1\t5062\tINVITE\t\t1\n"
            "1700000002.000000000\t10.0.0.9\t\t10.0.0.1\t\t5062\tOPTIONS\t1\t1\n");
  // (checksum status 1 is tshark's "Good", 0 "Bad", 2 "Unverified")
  EXPECT_EQ(RunCommand("tshark -r " + path +
                       " -Y 'sip.Call-ID == \"call3@example.com\"' -T fields "
                       "-e sip.Method 2>/dev/null"),
            "");  // msgs[3] was not written
}

TEST(PcapWriterTest, ReadsBackThroughOpenFile) {
  TempDir dir;
  std::string path = dir.File("rt.pcap");
  auto w = PcapWriter::Create(path);
  ASSERT_TRUE(w.ok());
  std::string a = Sip("INVITE", 1), b = Sip("BYE", 2);
  ASSERT_TRUE(
      w->WriteUdp(5'000'123, Ip("192.0.2.1"), 5070, Ip("192.0.2.2"), 5060, AsBytes(a)).ok());
  ASSERT_TRUE(
      w->WriteUdp(6'000'000, Ip("2001:db8::1"), 5070, Ip("2001:db8::2"), 5060, AsBytes(b)).ok());
  ASSERT_TRUE(w->Close().ok());
  auto src = OpenFile(path);
  ASSERT_TRUE(src.ok()) << src.status().message();
  Datagram d;
  ASSERT_TRUE((*src)->Next(&d).value());
  EXPECT_EQ(d.ts, 5'000'123);
  EXPECT_EQ(d.src.ToString(), "192.0.2.1");
  EXPECT_EQ(d.sport, 5070);
  EXPECT_EQ(std::string(d.payload.begin(), d.payload.end()), a);
  ASSERT_TRUE((*src)->Next(&d).value());
  EXPECT_EQ(d.dst.ToString(), "2001:db8::2");
  EXPECT_EQ(std::string(d.payload.begin(), d.payload.end()), b);
  EXPECT_FALSE((*src)->Next(&d).value());
  EXPECT_EQ((*src)->stats().datagrams, 2u);
}

TEST(PcapWriterTest, WithoutCloseLeavesNothing) {
  TempDir dir;
  std::string path = dir.File("abandoned.pcap");
  {
    auto w = PcapWriter::Create(path);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE(w->WriteUdp(1, Ip("10.0.0.1"), 1, Ip("10.0.0.2"), 2, AsBytes("x")).ok());
    PcapWriter moved = std::move(*w);  // ownership of the temporary moves too
    ASSERT_TRUE(moved.WriteUdp(2, Ip("10.0.0.1"), 1, Ip("10.0.0.2"), 2, AsBytes("y")).ok());
  }
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(PcapWriterTest, Errors) {
  TempDir dir;
  auto bad_dir = PcapWriter::Create(dir.File("no/such/dir.pcap"));
  ASSERT_FALSE(bad_dir.ok());
  EXPECT_NE(bad_dir.status().message().find("no/such/dir.pcap"), std::string::npos);

  auto w = PcapWriter::Create(dir.File("e.pcap"));
  ASSERT_TRUE(w.ok());
  util::Status mixed = w->WriteUdp(1, Ip("10.0.0.1"), 1, Ip("2001:db8::1"), 2, AsBytes("x"));
  EXPECT_FALSE(mixed.ok());
  std::string huge(70000, 'a');
  EXPECT_FALSE(w->WriteUdp(1, Ip("10.0.0.1"), 1, Ip("10.0.0.2"), 2, AsBytes(huge)).ok());
  EXPECT_EQ(w->packets(), 0u);
  ASSERT_TRUE(w->Close().ok());
  EXPECT_FALSE(w->Close().ok());  // closed already
  EXPECT_FALSE(w->WriteUdp(1, Ip("10.0.0.1"), 1, Ip("10.0.0.2"), 2, AsBytes("x")).ok());

  auto raw = PcapWriter::Create(dir.File("raw.pcap"), kLinkRaw);
  ASSERT_TRUE(raw.ok());
  EXPECT_FALSE(raw->WriteUdp(1, Ip("10.0.0.1"), 1, Ip("10.0.0.2"), 2, AsBytes("x")).ok());
}

}  // namespace
}  // namespace capture
