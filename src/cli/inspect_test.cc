// Differential test: `sipddos inspect` against tshark's SIP dissector on real captures.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli/test_support.h"
#include "dataset/csv_reader.h"
#include "sip/parser.h"

namespace cli {
namespace {

struct TsharkInvite {
  std::string time, src, call_id, from_user, from_tag, to, cseq, contact, branch;
};

std::vector<TsharkInvite> TsharkInvites(const std::string& pcap) {
  std::string cmd = "tshark -r '" + pcap +
                    "' -Y 'sip.Method == \"INVITE\"' -T fields -E occurrence=f -E separator='|' "
                    "-e frame.time_epoch -e ip.src -e ipv6.src -e sip.Call-ID -e sip.from.user "
                    "-e sip.from.tag -e sip.To -e sip.CSeq -e sip.Contact -e sip.Via.branch "
                    "2>/dev/null";
  std::vector<TsharkInvite> out;
  for (const std::string& line : Split(RunCommand(cmd).output, '\n')) {
    if (line.empty()) continue;
    auto f = Split(line, '|');
    f.resize(10);
    out.push_back({f[0], f[1].empty() ? f[2] : f[1], f[3], f[4], f[5], f[6], f[7], f[8], f[9]});
  }
  return out;
}

// tshark prints nanoseconds; pcap has microseconds.
std::string ToMicros(const std::string& t) {
  size_t dot = t.find('.');
  return dot == std::string::npos ? t + ".000000" : t.substr(0, std::min(t.size(), dot + 7));
}

// The From header's user and tag, parsed from the CSV cell as the parser sees a From value.
sip::NameAddr ParseFromCell(const std::string& value, std::string* storage) {
  *storage = "INVITE sip:x@y SIP/2.0\r\nFrom: " + value + "\r\n\r\n";
  sip::Message m;
  (void)sip::Parse(*storage, &m);
  return m.from;
}

class InspectVsTshark : public ::testing::TestWithParam<std::string> {};

TEST_P(InspectVsTshark, SameInvitesAndFields) {
  ASSERT_TRUE(HaveCommand("tshark")) << "tshark is a test dependency (scripts/install-deps.sh)";
  std::string pcap = std::string(SIPDDOS_TESTDATA) + "/real-sip/" + GetParam();
  TempDir dir;
  std::string csv = dir.path() + "/out.csv";
  auto r = RunSipddos({"inspect", pcap, "--out", csv});
  ASSERT_EQ(r.status, 0) << r.output;
  auto rows = dataset::ReadMessageCsv(csv);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  auto expected = TsharkInvites(pcap);
  ASSERT_FALSE(expected.empty());
  ASSERT_EQ(rows->size(), expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    const auto& row = (*rows)[i];
    const auto& t = expected[i];
    SCOPED_TRACE("INVITE #" + std::to_string(i + 1));
    EXPECT_EQ(util::FormatSeconds(row.time), ToMicros(t.time));
    EXPECT_EQ(row.source, t.src);
    EXPECT_EQ(row.call_id, t.call_id);
    std::string storage;
    sip::NameAddr from = ParseFromCell(row.from, &storage);
    EXPECT_EQ(from.uri.user, t.from_user);
    EXPECT_EQ(from.tag, t.from_tag);
    EXPECT_EQ(row.to, t.to);
    EXPECT_EQ(row.cseq, t.cseq);
    EXPECT_EQ(row.contact, t.contact);
    EXPECT_NE(row.via.find("branch=" + t.branch), std::string::npos) << row.via;
  }
}

INSTANTIATE_TEST_SUITE_P(RealCaptures, InspectVsTshark,
                         ::testing::Values("aaa.pcap", "SIP_DTMF2.pcap", "nb6-telephone.pcap",
                                           "sip-rtp-g722.pcap", "sip-rtp-opus.pcap"),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n)
                             if (!isalnum(static_cast<unsigned char>(c))) c = '_';
                           return n;
                         });

TEST(Inspect, AaaHasElevenInvites) {
  TempDir dir;
  std::string csv = dir.path() + "/aaa.csv";
  auto r = RunSipddos({"inspect", std::string(SIPDDOS_TESTDATA) + "/real-sip/aaa.pcap", "--out", csv});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("(11 INVITE)"), std::string::npos) << r.output;
  auto rows = dataset::ReadMessageCsv(csv);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 11u);
  EXPECT_EQ((*rows)[0].seq, 1u);
  EXPECT_EQ((*rows)[10].seq, 11u);
  EXPECT_EQ((*rows)[0].label, dataset::kLabelUnknown);
}

TEST(Inspect, BadInputsGiveOneLineErrorAndNoOutput) {
  TempDir dir;
  std::string csv = dir.path() + "/x.csv";
  std::string empty = dir.path() + "/empty.pcap";
  std::string corrupt = dir.path() + "/corrupt.pcap";
  WriteFile(empty, "");
  WriteFile(corrupt, "this is not a capture file at all, just text\n");
  for (const std::string& in : {dir.path() + "/missing.pcap", empty, corrupt}) {
    SCOPED_TRACE(in);
    auto r = RunSipddos({"inspect", in, "--out", csv});
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find(in), std::string::npos) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
    EXPECT_FALSE(std::filesystem::exists(csv));
  }
  // A capture cut short in the middle of a packet: error, and no CSV left behind.
  std::string cut = dir.path() + "/cut.pcap";
  std::string whole = ReadFile(std::string(SIPDDOS_TESTDATA) + "/real-sip/aaa.pcap");
  WriteFile(cut, whole.substr(0, whole.size() / 2 + 7));
  auto r = RunSipddos({"inspect", cut, "--out", csv});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("cut.pcap"), std::string::npos) << r.output;
  EXPECT_FALSE(std::filesystem::exists(csv));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()) ||
              !std::filesystem::exists(csv));
}

TEST(Inspect, HelpDescribesEveryOption) {
  auto r = RunSipddos({"inspect", "--help"});
  EXPECT_EQ(r.status, 0);
  for (const char* opt : {"--out", "--quiet", "capture"})
    EXPECT_NE(r.output.find(opt), std::string::npos) << opt;
  auto bad = RunSipddos({"inspect"});
  EXPECT_EQ(bad.status, 2) << bad.output;
}

}  // namespace
}  // namespace cli
