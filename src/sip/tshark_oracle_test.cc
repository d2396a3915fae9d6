// Differential test against Wireshark's SIP dissector: for every SIP-over-UDP message of the
// real captures in testdata/real-sip/, tshark's method, status, Call-ID, From tag, top Via
// branch and CSeq number must equal ours. tshark is a project dependency
// (scripts/install-deps.sh).
#include <gtest/gtest.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "sip/parser.h"

namespace sip {
namespace {

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out(1);
  for (char c : s) {
    if (c == sep) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::string FromHex(const std::string& hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return out;
}

// One line per SIP/UDP frame: payload|method|status|call-id|from-tag|via-branches|cseq.
std::vector<std::string> TsharkLines(const std::string& pcap) {
  const std::string cmd = "tshark -r '" + pcap +
                          "' -Y 'sip && udp' -T fields -E separator='|' -e udp.payload "
                          "-e sip.Method -e sip.Status-Code -e sip.Call-ID -e sip.from.tag "
                          "-e sip.Via.branch -e sip.CSeq.seq 2>/dev/null";
  std::unique_ptr<FILE, int (*)(FILE*)> p(popen(cmd.c_str(), "r"), pclose);
  std::vector<std::string> lines;
  if (!p) return lines;
  std::string line;
  char buf[4096];
  while (fgets(buf, sizeof(buf), p.get()) != nullptr) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      lines.push_back(line);
      line.clear();
    }
  }
  return lines;
}

TEST(TsharkOracle, RealCapturesAgreeFieldByField) {
  int messages = 0;
  for (const char* name : {"aaa.pcap", "SIP_DTMF2.pcap", "nb6-telephone.pcap", "sip-rtp-g722.pcap",
                           "sip-rtp-opus.pcap"}) {
    const std::string path = std::string(SIPDDOS_TESTDATA) + "/real-sip/" + name;
    const std::vector<std::string> lines = TsharkLines(path);
    EXPECT_FALSE(lines.empty()) << "tshark gave nothing for " << path;
    for (const std::string& line : lines) {
      const std::vector<std::string> f = Split(line, '|');
      ASSERT_EQ(f.size(), 7u) << line;
      const std::string data = FromHex(f[0]);
      Message m;
      ASSERT_TRUE(Parse(data, &m).ok()) << name << ": " << data;
      ++messages;
      EXPECT_EQ(m.method, f[1]) << name;
      EXPECT_EQ(m.status_code, f[2].empty() ? 0 : std::stoi(f[2])) << name;
      EXPECT_EQ(m.call_id, f[3]) << name;
      EXPECT_EQ(m.from.tag, f[4]) << name;
      EXPECT_EQ(m.top_via.branch, Split(f[5], ',')[0]) << name;
      EXPECT_EQ(std::to_string(m.cseq_number), f[6]) << name;
      // Real, benign traffic: the only anomaly tolerated is an ACK without Max-Forwards.
      EXPECT_EQ(m.flags & ~kFlagMissingHeader, 0u) << name << ": " << FlagsToString(m.flags);
    }
  }
  EXPECT_EQ(messages, 129);
}

}  // namespace
}  // namespace sip
