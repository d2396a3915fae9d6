// The real captures in testdata/real-sip, checked against tshark as the oracle.
#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "capture/packet_source.h"
#include "capture/testing_util.h"

namespace capture {
namespace {

using capture::testing::RunCommand;

class RealSipTest : public ::testing::TestWithParam<const char*> {};

TEST_P(RealSipTest, Port5060DatagramsMatchTshark) {
  std::string path = std::string(SIPDDOS_TESTDATA "/real-sip/") + GetParam();
  // One tshark run: per UDP/TCP frame its ports, and whether it is an ICMP error quoting one.
  std::string fields = RunCommand("tshark -r " + path +
                                  " -Y 'udp || tcp' -T fields -E separator=';' -e udp.srcport"
                                  " -e udp.dstport -e tcp.srcport -e tcp.dstport -e icmp.type"
                                  " -e icmpv6.type 2>/dev/null");
  // As -Y 'udp.port==5060 || tcp.port==5060' counts (the real captures hold no ICMP errors).
  int expected = 0, expected_udp = 0;
  std::istringstream lines(fields);
  for (std::string line; std::getline(lines, line);) {
    std::vector<std::string> f;
    std::istringstream cols(line);
    for (std::string c; std::getline(cols, c, ';');) f.push_back(c);
    f.resize(6);
    if (!f[4].empty() || !f[5].empty()) continue;  // an ICMP error quoting a header: no datagram
    if (f[0] == "5060" || f[1] == "5060" || f[2] == "5060" || f[3] == "5060") ++expected;
    if (!f[0].empty()) ++expected_udp;
  }
  ASSERT_GT(expected, 0);
  ASSERT_GT(expected_udp, 0);

  auto src = OpenFile(path);
  ASSERT_TRUE(src.ok()) << src.status().message();
  Datagram d;
  int port5060 = 0, sip_requests_or_responses = 0, udp = 0;
  for (;;) {
    auto more = (*src)->Next(&d);
    ASSERT_TRUE(more.ok()) << more.status().message();
    if (!*more) break;
    udp += d.transport == Transport::kUdp;
    if (d.sport != 5060 && d.dport != 5060) continue;
    ++port5060;
    std::string_view text(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
    if (text.find(" SIP/2.0\r\n") != std::string_view::npos || text.starts_with("SIP/2.0 "))
      ++sip_requests_or_responses;
  }
  EXPECT_EQ(port5060, expected);
  EXPECT_EQ(udp, expected_udp);
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
