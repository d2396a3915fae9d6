// The real captures in testdata/real-sip, checked against tshark as the oracle.
#include <gtest/gtest.h>

#include <string>

#include "capture/packet_source.h"
#include "capture/testing_util.h"

namespace capture {
namespace {

using capture::testing::RunCommand;

class RealSipTest : public ::testing::TestWithParam<const char*> {};

TEST_P(RealSipTest, Port5060DatagramsMatchTshark) {
  std::string path = std::string(SIPDDOS_TESTDATA "/real-sip/") + GetParam();
  std::string tshark = RunCommand("tshark -r " + path +
                                  " -Y 'udp.port==5060 || tcp.port==5060' 2>/dev/null | wc -l");
  int expected = std::stoi(tshark);
  ASSERT_GT(expected, 0);

  auto src = OpenFile(path);
  ASSERT_TRUE(src.ok()) << src.status().message();
  Datagram d;
  int port5060 = 0, sip_requests_or_responses = 0;
  for (;;) {
    auto more = (*src)->Next(&d);
    ASSERT_TRUE(more.ok()) << more.status().message();
    if (!*more) break;
    if (d.sport != 5060 && d.dport != 5060) continue;
    ++port5060;
    std::string_view text(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
    if (text.find(" SIP/2.0\r\n") != std::string_view::npos || text.starts_with("SIP/2.0 "))
      ++sip_requests_or_responses;
  }
  EXPECT_EQ(port5060, expected);
  EXPECT_GT(sip_requests_or_responses, 0);
  const Stats& s = (*src)->stats();
  EXPECT_EQ(s.truncated + s.malformed + s.unsupported_link, 0u);
  EXPECT_EQ(s.packets, s.datagrams + s.non_ip + s.non_udp_tcp + s.tcp_no_payload);
}

TEST(RealSipCountsTest, AaaPcapBreakdown) {
  // aaa.pcap per `tshark -q -z io,phs`: 691 frames, 44 ARP, 590 UDP, 57 TCP (FTP, SMB).
  auto src = OpenFile(SIPDDOS_TESTDATA "/real-sip/aaa.pcap");
  ASSERT_TRUE(src.ok());
  Datagram d;
  int udp = 0, tcp = 0;
  while ((*src)->Next(&d).value()) (d.transport == Transport::kUdp ? udp : tcp)++;
  const Stats& s = (*src)->stats();
  EXPECT_EQ(s.packets, 691u);
  EXPECT_EQ(udp, 590);
  EXPECT_EQ(tcp + s.tcp_no_payload, 57u);
  EXPECT_EQ(s.non_ip, 44u);
}

INSTANTIATE_TEST_SUITE_P(Files, RealSipTest,
                         ::testing::Values("SIP_DTMF2.pcap", "aaa.pcap", "nb6-telephone.pcap",
                                           "sip-rtp-g722.pcap", "sip-rtp-opus.pcap"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

}  // namespace
}  // namespace capture
