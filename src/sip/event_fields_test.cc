// ParseEventFields (the detection path's parse) against Parse: on every fixture
// and on thousands of mutations of them, the same status and the same views
// (same bytes of the same buffer) for every field the detector's events are
// built from.
#include <gtest/gtest.h>

#include <cctype>
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

// The walk classifies only the seven names itself: every spelling of them, in any case, is read
// as Parse reads it, and so is every name one byte away from one of them (all 256 values at each
// position: '\r' for '-', '_', letters of the other case, NUL...).
TEST(ParseEventFields, EventHeaderNamesAndEveryOneByteNearMiss) {
  const char* names[] = {"Via", "v",  "From", "f",       "To", "t",
                         "Call-ID", "i", "CSeq", "Contact", "m",  "User-Agent"};
  const std::string rest =
      ": first\r\nVia: SIP/2.0/UDP h\r\nFrom: <sip:f@h>\r\nTo: <sip:t@h>\r\nCall-ID: c\r\n"
      "CSeq: 1 INVITE\r\nContact: <sip:x@y>\r\nUser-Agent: ua\r\n\r\n";
  int messages = 0, first_taken = 0;
  for (const std::string name : names) {
    std::vector<std::string> spellings = {name};
    std::string upper = name, lower = name;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    spellings.push_back(upper);
    spellings.push_back(lower);
    spellings.push_back(name + " \t");  // whitespace before the colon
    spellings.push_back(name + "x");
    spellings.push_back(name.substr(1));
    for (size_t at = 0; at < name.size(); ++at) {
      for (int b = 0; b < 256; ++b) {
        std::string near = name;
        near[at] = static_cast<char>(b);
        spellings.push_back(near);
      }
    }
    for (const std::string& spelling : spellings) {
      for (const char* start : {"INVITE sip:a@b SIP/2.0\r\n", "SIP/2.0 200 OK\r\n"}) {
        const std::string d = start + spelling + rest;
        ASSERT_TRUE(ExpectSameEventFields(d));
        Message m;
        ASSERT_TRUE(ParseEventFields(d, &m).ok());
        first_taken += m.top_via.raw == "first" || m.from.raw == "first" || m.to.raw == "first" ||
                       m.call_id == "first" || m.cseq_raw == "first" ||
                       m.contact_raw == "first" || m.user_agent == "first";
        ++messages;
      }
    }
  }
  EXPECT_GT(messages, 20000);
  // The exact spellings, the case variants, the whitespace and the identical-byte "near misses"
  // (and the other-case letters among them) name the header: a few hundred of the messages.
  EXPECT_GT(first_taken, 12 * 2 * 4);
  EXPECT_LT(first_taken, messages / 10);
}

// Every field of two Messages, views compared by position as well as bytes.
void ExpectSameMessage(const Message& a, const Message& b, const std::string& data) {
  auto same = [&](std::string_view x, std::string_view y, const char* what) {
    EXPECT_EQ(x.data(), y.data()) << what << " in:\n" << data;
    EXPECT_EQ(x.size(), y.size()) << what << " in:\n" << data;
  };
  auto same_uri = [&](const Uri& x, const Uri& y, const char* what) {
    same(x.raw, y.raw, what);
    same(x.scheme, y.scheme, what);
    same(x.user, y.user, what);
    same(x.password, y.password, what);
    same(x.host, y.host, what);
    same(x.params, y.params, what);
    same(x.headers, y.headers, what);
    EXPECT_EQ(x.port, y.port) << what << " in:\n" << data;
  };
  auto same_name_addr = [&](const NameAddr& x, const NameAddr& y, const char* what) {
    same(x.raw, y.raw, what);
    same(x.display_name, y.display_name, what);
    same(x.tag, y.tag, what);
    same(x.params, y.params, what);
    same_uri(x.uri, y.uri, what);
    EXPECT_EQ(x.star, y.star) << what << " in:\n" << data;
  };
  same(a.raw, b.raw, "raw");
  same(a.request_line, b.request_line, "request_line");
  EXPECT_EQ(a.is_request, b.is_request) << data;
  same(a.method, b.method, "method");
  same(a.request_uri_raw, b.request_uri_raw, "request_uri_raw");
  same_uri(a.request_uri, b.request_uri, "request_uri");
  EXPECT_EQ(a.status_code, b.status_code) << data;
  same(a.reason, b.reason, "reason");
  same(a.headers, b.headers, "headers");
  EXPECT_EQ(a.header_count, b.header_count) << data;
  same(a.top_via.raw, b.top_via.raw, "top_via.raw");
  same(a.top_via.transport, b.top_via.transport, "top_via.transport");
  same(a.top_via.host, b.top_via.host, "top_via.host");
  same(a.top_via.params, b.top_via.params, "top_via.params");
  same(a.top_via.branch, b.top_via.branch, "top_via.branch");
  same(a.top_via.received, b.top_via.received, "top_via.received");
  EXPECT_EQ(a.top_via.port, b.top_via.port) << data;
  EXPECT_EQ(a.top_via.rport, b.top_via.rport) << data;
  EXPECT_EQ(a.via_count, b.via_count) << data;
  same_name_addr(a.from, b.from, "from");
  same_name_addr(a.to, b.to, "to");
  same(a.call_id, b.call_id, "call_id");
  EXPECT_EQ(a.cseq_number, b.cseq_number) << data;
  same(a.cseq_method, b.cseq_method, "cseq_method");
  same(a.cseq_raw, b.cseq_raw, "cseq_raw");
  same(a.contact_raw, b.contact_raw, "contact_raw");
  same_name_addr(a.contact, b.contact, "contact");
  EXPECT_EQ(a.max_forwards, b.max_forwards) << data;
  same(a.subject, b.subject, "subject");
  same(a.content_type, b.content_type, "content_type");
  same(a.user_agent, b.user_agent, "user_agent");
  EXPECT_EQ(a.content_length, b.content_length) << data;
  same(a.body, b.body, "body");
  same(a.trailing, b.trailing, "trailing");
  EXPECT_EQ(a.flags, b.flags) << data;
}

// ParseEventFields resets only what it sets: a Message reused across messages, and across
// Parse calls (accepted or rejected) in between, ends up exactly like a fresh one.
TEST(ParseEventFields, AReusedMessageEqualsAFreshOne) {
  std::vector<std::string> corpus = Corpus();
  corpus.push_back("INVITE sip:a@b SIP/3.0\r\nVia: SIP/2.0/UDP h\r\n\r\n");  // rejected
  corpus.push_back("INVITE <sip:a@b> SIP/2.0\r\n\r\n");                     // rejected
  Message reused;
  int compared = 0;
  for (size_t k = 0; k < 3 * corpus.size(); ++k) {
    const std::string& d = corpus[(k * 7) % corpus.size()];
    if (k % 3 == 0) {
      (void)Parse(d, &reused);  // fills fields ParseEventFields never touches
      continue;
    }
    Message fresh;
    auto* const mask = k % 2 ? nullptr : &RequestsWantFromAndContact;
    const util::Status a = ParseEventFields(d, &reused, mask);
    const util::Status b = ParseEventFields(d, &fresh, mask);
    EXPECT_EQ(a.message(), b.message());
    ExpectSameMessage(reused, fresh, d);
    ++compared;
  }
  EXPECT_GT(compared, 100);
}

}  // namespace
}  // namespace sip
