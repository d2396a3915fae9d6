// ParseEventFields (the detection path's parse) against Parse: on every fixture
// and on thousands of mutations of them, the same status and the same views
// (same bytes of the same buffer) for every field the detector's events are
// built from.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "sip/parser.h"
#include "sip/sample_messages.h"
#include "sip/test_fixtures.h"

namespace sip {
namespace {

// Same position and length: the light parse must point at exactly Parse's
// bytes.
void ExpectSameView(std::string_view full, std::string_view light, const char* what,
                    const std::string& data) {
  EXPECT_EQ(full.data() - data.data(), light.data() - data.data()) << what << " in:\n" << data;
  EXPECT_EQ(full, light) << what << " in:\n" << data;
}

// Returns whether both accepted it.
bool ExpectSameEventFields(const std::string& data) {
  Message full, light;
  const util::Status a = Parse(data, &full);
  const util::Status b = ParseEventFields(data, &light);
  EXPECT_EQ(a.ok(), b.ok()) << data;
  EXPECT_EQ(a.message(), b.message()) << data;
  if (!a.ok() || !b.ok()) return false;
  EXPECT_EQ(full.is_request, light.is_request) << data;
  EXPECT_EQ(full.status_code, light.status_code) << data;
  ExpectSameView(full.method, light.method, "method", data);
  ExpectSameView(full.request_line, light.request_line, "request_line", data);
  ExpectSameView(full.request_uri.raw, light.request_uri.raw, "request_uri", data);
  ExpectSameView(full.reason, light.reason, "reason", data);
  ExpectSameView(full.top_via.raw, light.top_via.raw, "top_via.raw", data);
  ExpectSameView(full.from.raw, light.from.raw, "from.raw", data);
  ExpectSameView(full.to.raw, light.to.raw, "to.raw", data);
  ExpectSameView(full.call_id, light.call_id, "call_id", data);
  ExpectSameView(full.cseq_raw, light.cseq_raw, "cseq_raw", data);
  ExpectSameView(full.contact_raw, light.contact_raw, "contact_raw", data);
  ExpectSameView(full.user_agent, light.user_agent, "user_agent", data);
  return true;
}

std::vector<std::string> Corpus() {
  std::vector<std::string> out = {std::string(samples::kPaperFig3Invite),
                                  std::string(samples::kPaperFig3InviteWire),
                                  std::string(samples::kMrSipStyleInvite)};
  for (const char* dir : {"rfc4475", "rfc5118"}) {
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(SIPDDOS_TESTDATA) + "/" + dir)) {
      if (e.is_regular_file() && e.path().filename() != "README.md") {
        out.push_back(testing::ReadFixture(std::string(dir) + "/" + e.path().filename().string()));
      }
    }
  }
  return out;
}

TEST(ParseEventFields, SameAsParseOnEveryFixture) {
  int accepted = 0;
  const std::vector<std::string> corpus = Corpus();
  ASSERT_GT(corpus.size(), 50u);
  for (const std::string& d : corpus) accepted += ExpectSameEventFields(d);
  EXPECT_GT(accepted, 40);  // the torture tests are mostly accepted (with flags)
}

TEST(ParseEventFields, ResponsesAckAndByeAsTheSimulatorWritesThem) {
  const std::string ok200 =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP "
      "10.0.0.1:5060;branch=z9hG4bK-1;received=10.0.0.1\r\n"
      "From: \"a\" <sip:a@10.0.0.1>;tag=1\r\nTo: "
      "<sip:s@10.0.0.2>;tag=2\r\nCall-ID: 1-2@h\r\n"
      "CSeq: 1 INVITE\r\nContact: <sip:s@10.0.0.2:5060>\r\nContent-Length: "
      "0\r\n\r\n";
  Message m;
  ASSERT_TRUE(ParseEventFields(ok200, &m).ok());
  EXPECT_FALSE(m.is_request);
  EXPECT_EQ(m.status_code, 200);
  EXPECT_EQ(m.top_via.raw, "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1;received=10.0.0.1");
  EXPECT_EQ(m.from.raw, "\"a\" <sip:a@10.0.0.1>;tag=1");
  EXPECT_EQ(m.to.raw, "<sip:s@10.0.0.2>;tag=2");
  EXPECT_EQ(m.call_id, "1-2@h");
  EXPECT_EQ(m.cseq_raw, "1 INVITE");
  EXPECT_EQ(m.contact_raw, "<sip:s@10.0.0.2:5060>");
  // The structured fields are Parse's work, not this one's.
  EXPECT_TRUE(m.from.tag.empty());
  EXPECT_EQ(m.content_length, -1);
  ExpectSameEventFields(ok200);
  const std::string ack =
      "ACK sip:s@10.0.0.2 SIP/2.0\nv: SIP/2.0/UDP 10.0.0.1, SIP/2.0/UDP "
      "10.0.0.3\nf: <sip:a@h>\n"
      "t: <sip:s@h>\ni: 9\nCSeq: 1 ACK\nMax-Forwards: 70\n\n";
  ASSERT_TRUE(ExpectSameEventFields(ack));
  ASSERT_TRUE(ParseEventFields(ack, &m).ok());
  EXPECT_EQ(m.top_via.raw, "SIP/2.0/UDP 10.0.0.1");
  EXPECT_EQ(m.method, "ACK");
  EXPECT_TRUE(m.contact_raw.empty());
}

// The first of each header counts, also past duplicates, lists and more than
// kMaxHeaders lines.
TEST(ParseEventFields, DuplicatesListsAndTheHeaderCap) {
  ASSERT_TRUE(
      ExpectSameEventFields("BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP "
                            "h;x=\"a,b\"\r\nVia: SIP/2.0/UDP g\r\nFrom: a\r\n"
                            "From: b\r\nm: <sip:x@y>, <sip:z@w>\r\nContact: "
                            "c\r\nCall-ID: 1\r\ni: 2\r\n\r\n"));
  ASSERT_TRUE(ExpectSameEventFields("BYE sip:a@b SIP/2.0\r\nVia: bad, SIP/2.0/UDP g\r\n\r\n"));
  std::string many = "SIP/2.0 180 Ringing\r\n";
  for (int i = 0; i < kMaxHeaders - 1; ++i) many += "X-Pad: " + std::to_string(i) + "\r\n";
  many += "Call-ID: last-counted\r\nCSeq: 1 INVITE\r\n\r\n";  // line kMaxHeaders,
                                                              // then one more
  ASSERT_TRUE(ExpectSameEventFields(many));
  Message m;
  ASSERT_TRUE(ParseEventFields(many, &m).ok());
  EXPECT_EQ(m.call_id, "last-counted");
  EXPECT_TRUE(m.cseq_raw.empty());
}

// Random edits that hit the parser's decisions: separators, quotes, brackets,
// line breaks.
TEST(ParseEventFields, SameAsParseOnMutations) {
  const std::vector<std::string> corpus = Corpus();
  std::mt19937 rng(20261125);
  const std::string alphabet = ",;:<>\"\\\r\n \t=@/vftimVFTIM0";
  int accepted = 0, total = 0;
  for (int round = 0; round < 200; ++round) {
    for (const std::string& base : corpus) {
      std::string d = base;
      const int edits = 1 + static_cast<int>(rng() % 4);
      for (int e = 0; e < edits && !d.empty(); ++e) {
        const size_t at = rng() % d.size();
        switch (rng() % 4) {
          case 0:
            d[at] = alphabet[rng() % alphabet.size()];
            break;
          case 1:
            d.insert(at, 1, alphabet[rng() % alphabet.size()]);
            break;
          case 2:
            d.erase(at, 1 + rng() % 8);
            break;
          case 3: {  // repeat a line
            const size_t b = d.rfind('\n', at);
            const size_t begin = b == std::string::npos ? 0 : b + 1;
            const size_t end = d.find('\n', at);
            if (end != std::string::npos) d.insert(begin, d.substr(begin, end + 1 - begin));
            break;
          }
        }
      }
      accepted += ExpectSameEventFields(d);
      ++total;
    }
  }
  EXPECT_GT(accepted, total / 2);
}

// With a mask: the wanted headers exactly as Parse gives them, the others empty, the same
// start line and errors; the mask may depend on the start line.
uint32_t RequestsWantFromAndContact(const Message& start) {
  return start.is_request ? HeaderBit(HeaderId::kFrom) | HeaderBit(HeaderId::kContact) |
                                HeaderBit(HeaderId::kVia)
                          : HeaderBit(HeaderId::kCSeq) | HeaderBit(HeaderId::kTo) |
                                HeaderBit(HeaderId::kCallId);
}
uint32_t WantNothing(const Message&) { return 0; }

TEST(ParseEventFields, OnlyTheWantedHeadersWithAMask) {
  int accepted = 0, with_skipped = 0;
  for (const std::string& d : Corpus()) {
    for (auto* mask : {&RequestsWantFromAndContact, &WantNothing}) {
      Message full, light;
      const util::Status a = Parse(d, &full);
      const util::Status b = ParseEventFields(d, &light, mask);
      EXPECT_EQ(a.ok(), b.ok()) << d;
      EXPECT_EQ(a.message(), b.message()) << d;
      if (!a.ok() || !b.ok()) continue;
      ++accepted;
      EXPECT_EQ(full.is_request, light.is_request);
      EXPECT_EQ(full.status_code, light.status_code);
      ExpectSameView(full.method, light.method, "method", d);
      ExpectSameView(full.request_uri.raw, light.request_uri.raw, "request_uri", d);
      const uint32_t want = mask(light);
      auto check = [&](HeaderId id, std::string_view f, std::string_view l, const char* what) {
        if (want & HeaderBit(id)) {
          ExpectSameView(f, l, what, d);
        } else {
          EXPECT_TRUE(l.empty()) << what << " in:\n" << d;
          with_skipped += !f.empty();
        }
      };
      check(HeaderId::kVia, full.top_via.raw, light.top_via.raw, "top_via.raw");
      check(HeaderId::kFrom, full.from.raw, light.from.raw, "from.raw");
      check(HeaderId::kTo, full.to.raw, light.to.raw, "to.raw");
      check(HeaderId::kCallId, full.call_id, light.call_id, "call_id");
      check(HeaderId::kCSeq, full.cseq_raw, light.cseq_raw, "cseq_raw");
      check(HeaderId::kContact, full.contact_raw, light.contact_raw, "contact_raw");
    }
  }
  EXPECT_GT(accepted, 80);
  EXPECT_GT(with_skipped, 200);
}

}  // namespace
}  // namespace sip
