// The paper's messages, attack-tool style messages and hostile edge cases.
#include "sip/parser.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "sip/header_reader.h"
#include "sip/sample_messages.h"
#include "sip/test_fixtures.h"

namespace sip {
namespace {

using testing::ExpectViewsInside;
using testing::ParseOk;

TEST(PaperFig3, NewInviteAsPrinted) {
  const std::string d(samples::kPaperFig3Invite);
  const Message m = ParseOk(d);
  // The figure's bracketed Via is not RFC 3261; its parts are still read.
  EXPECT_EQ(m.flags, kFlagBadVia) << FlagsToString(m.flags);
  EXPECT_TRUE(m.is_invite());
  EXPECT_EQ(m.request_line, "INVITE sip:service@192.168.56.101:5060 SIP/2.0");
  EXPECT_EQ(m.request_uri.user, "service");
  EXPECT_EQ(m.request_uri.host, "192.168.56.101");
  EXPECT_EQ(m.request_uri.port, 5060);
  EXPECT_EQ(m.top_via.raw, "SIP/2.0/UDP [192.168.56.106:5060 ; branch=z9hG4bK-572660336-0]");
  EXPECT_EQ(m.top_via.transport, "UDP");
  EXPECT_EQ(m.top_via.host, "192.168.56.106");
  EXPECT_EQ(m.top_via.port, 5060);
  EXPECT_EQ(m.top_via.branch, "z9hG4bK-572660336-0");
  EXPECT_EQ(m.from.display_name, "User5");
  EXPECT_EQ(m.from.uri.user, "SipPhone5_192.168.56.106");
  EXPECT_EQ(m.from.uri.host, "192.168.56.101");
  EXPECT_EQ(m.from.tag, "1159126505");
  EXPECT_EQ(m.to.display_name, "service");
  EXPECT_EQ(m.to.uri.user, "service");
  EXPECT_EQ(m.call_id, "10-1827336327@192.168.56.101");
  EXPECT_EQ(m.cseq_number, 1u);
  EXPECT_EQ(m.cseq_method, "INVITE");
  EXPECT_EQ(m.contact_raw, "sip:SipPhone5_192.168.56.106@192.168.56.101:5060");
  EXPECT_EQ(m.contact.uri.port, 5060);
  EXPECT_EQ(m.max_forwards, 70);
  EXPECT_EQ(m.subject, "Performance Test");
  EXPECT_EQ(m.content_type, "application/sdp");
  EXPECT_EQ(m.content_length, 134);
  EXPECT_EQ(m.body.size(), 134u);
  EXPECT_TRUE(m.trailing.empty());
}

TEST(PaperFig3, NewInviteAsSent) {
  const std::string d(samples::kPaperFig3InviteWire);
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.top_via.host, "192.168.56.106");
  EXPECT_EQ(m.top_via.port, 5060);
  EXPECT_EQ(m.top_via.branch, "z9hG4bK-572660336-0");
  EXPECT_EQ(m.top_via.params, "branch=z9hG4bK-572660336-0");
  EXPECT_EQ(m.from.tag, "1159126505");
  EXPECT_EQ(m.body.size(), 134u);
}

TEST(MrSipStyle, LfOnlyInviteWithUnclosedFrom) {
  const std::string d(samples::kMrSipStyleInvite);
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBareLf | kFlagBadFrom) << FlagsToString(m.flags);
  EXPECT_TRUE(m.is_invite());
  EXPECT_EQ(m.request_line, "INVITE sip:1000@10.0.0.1 SIP/2.0");
  EXPECT_EQ(m.top_via.host, "198.51.100.23");
  EXPECT_EQ(m.top_via.port, 41034);
  EXPECT_EQ(m.top_via.branch, "z9hG4bK-4820579136");
  EXPECT_EQ(m.from.uri.user, "2000");
  EXPECT_EQ(m.from.uri.host, "198.51.100.23");
  EXPECT_EQ(m.from.tag, "583021");
  EXPECT_EQ(m.to.uri.port, 5060);
  EXPECT_EQ(m.call_id, "q3k8z1m0x7c5v9b2n4a6s8d0f1g3h77215@198.51.100.23");
  EXPECT_EQ(m.user_agent, "Linphone/3.6.1 (eXosip2/3.6.0)");  // "User-agent", any case
  EXPECT_EQ(m.contact.uri.port, 41034);
  EXPECT_EQ(m.content_length, 0);
  EXPECT_TRUE(m.body.empty());
  EXPECT_EQ(m.headers.back(), '\n');
}

TEST(ParserEdge, EmptyAndBlankInputsAreRejected) {
  Message m;
  EXPECT_EQ(Parse("", &m).message(), "sip: byte 0: empty message");
  EXPECT_EQ(Parse("\r\n\r\n", &m).message(), "sip: byte 0: only line breaks, no start line");
  EXPECT_FALSE(Parse(" INVITE sip:a@b SIP/2.0\r\n\r\n", &m).ok());
  EXPECT_FALSE(Parse("INVITE\r\n\r\n", &m).ok());
  EXPECT_FALSE(Parse("INVITE sip:a@b\r\n\r\n", &m).ok());
  EXPECT_FALSE(Parse("INV@TE sip:a@b SIP/2.0\r\n\r\n", &m).ok());
  EXPECT_FALSE(Parse("SIP/2.0 20 OK\r\n\r\n", &m).ok());
  EXPECT_FALSE(Parse("SIP/2.0 2000 OK\r\n\r\n", &m).ok());
  EXPECT_FALSE(Parse("SIP/2.0 099 Low\r\n\r\n", &m).ok());
  EXPECT_FALSE(Parse("HTTP/1.1 200 OK\r\n\r\n", &m).ok());
  EXPECT_FALSE(Parse("GET / HTTP/1.1\r\n\r\n", &m).ok());
}

TEST(ParserEdge, KeepAliveLineBreaksBeforeStartLineAreSkipped) {
  const std::string d = "\r\n\r\nOPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n";
  const Message m = ParseOk(d);
  EXPECT_EQ(m.method, "OPTIONS");
  EXPECT_EQ(m.raw.substr(0, 7), "OPTIONS");
}

TEST(ParserEdge, OnlyAStartLine) {
  for (const std::string d :
       {"INVITE sip:a@b SIP/2.0", "INVITE sip:a@b SIP/2.0\r\n", "SIP/2.0 180 Ringing\n"}) {
    const Message m = ParseOk(d);
    EXPECT_TRUE(m.has(kFlagHeadersUnterminated)) << d;
    EXPECT_TRUE(m.has(kFlagMissingHeader)) << d;
    EXPECT_EQ(m.header_count, 0) << d;
    EXPECT_TRUE(m.body.empty()) << d;
  }
  const std::string bare = "INVITE sip:a@b SIP/2.0";
  const Message m = ParseOk(bare);
  EXPECT_EQ(m.request_line, "INVITE sip:a@b SIP/2.0");
  EXPECT_TRUE(m.is_invite());
}

TEST(ParserEdge, HeaderWithoutColonIsSkippedAndFlagged) {
  const std::string d =
      "INVITE sip:a@b SIP/2.0\r\nCall-ID: one\r\nThis line has no colon\r\n"
      "From: <sip:x@y>;tag=7\r\n\r\n";
  const Message m = ParseOk(d);
  EXPECT_TRUE(m.has(kFlagMalformedHeaderLine));
  EXPECT_EQ(m.call_id, "one");
  EXPECT_EQ(m.from.tag, "7");
  EXPECT_EQ(m.header_count, 3);
}

TEST(ParserEdge, NulBytesAreFlaggedNotFatal) {
  std::string d = "INVITE sip:a@b SIP/2.0\r\nCall-ID: ab";
  d += '\0';
  d += "cd\r\nSubject: s\r\n\r\nbo";
  d += '\0';
  d += "dy";
  const Message m = ParseOk(d);
  EXPECT_TRUE(m.has(kFlagNulByte));
  EXPECT_EQ(m.call_id, std::string_view("ab\0cd", 5));
  EXPECT_EQ(m.subject, "s");
  EXPECT_EQ(m.body, std::string_view("bo\0dy", 5));
  // In the method a NUL makes the start line invalid.
  std::string bad = "INV";
  bad += '\0';
  bad += "ITE sip:a@b SIP/2.0\r\n\r\n";
  Message n;
  EXPECT_EQ(Parse(bad, &n).message(), "sip: byte 3: method is not a token");
}

TEST(ParserEdge, HugeHeaderValue) {
  std::string d = "INVITE sip:a@b SIP/2.0\r\nSubject: ";
  d.append(64 * 1024, 'x');
  d += "\r\nCall-ID: after-the-big-one\r\n\r\n";
  const Message m = ParseOk(d);
  EXPECT_EQ(m.subject.size(), 64u * 1024);
  EXPECT_EQ(m.call_id, "after-the-big-one");
}

TEST(ParserEdge, TenThousandViaHeadersAreBounded) {
  std::string d = "INVITE sip:a@b SIP/2.0\r\n";
  for (int i = 0; i < 10000; ++i) {
    d += "Via: SIP/2.0/UDP 10.0.0." + std::to_string(i % 250) + ";branch=z9hG4bK" +
         std::to_string(i) + "\r\n";
  }
  d += "Call-ID: late\r\nContent-Length: 4\r\n\r\nbody";
  const Message m = ParseOk(d);
  EXPECT_TRUE(m.has(kFlagTooManyHeaders));
  EXPECT_EQ(m.header_count, kMaxHeaders + 1);
  EXPECT_EQ(m.via_count, kMaxHeaders);
  EXPECT_EQ(m.top_via.branch, "z9hG4bK0");
  EXPECT_TRUE(m.call_id.empty());  // past the cap: not read
  EXPECT_EQ(m.body, "body");       // but the body is still found (flagged: no Content-Length)
  EXPECT_TRUE(m.has(kFlagNoContentLength));
}

TEST(ParserEdge, CommaSeparatedViasCount) {
  const std::string d =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP a.example;branch=z9hG4bK1, SIP/2.0/TCP b.example\r\n"
      "v: SIP/2.0/UDP c.example;received=\"quoted, with comma\"\r\n\r\n";
  const Message m = ParseOk(d);
  EXPECT_EQ(m.via_count, 3);
  EXPECT_EQ(m.top_via.raw, "SIP/2.0/UDP a.example;branch=z9hG4bK1");
  EXPECT_EQ(m.top_via.host, "a.example");
}

TEST(ParserEdge, ContactListsUseTheFirstValue) {
  const std::string d =
      "REGISTER sip:r SIP/2.0\r\nContact: \"A, B\" <sip:a@b>;q=0.5, <sip:c@d>\r\n"
      "Contact: <sip:e@f>\r\n\r\n";
  const Message m = ParseOk(d);
  EXPECT_FALSE(m.has(kFlagBadContact));
  EXPECT_EQ(m.contact.display_name, "A, B");
  EXPECT_EQ(m.contact.uri.host, "b");
  EXPECT_EQ(m.contact.params, "q=0.5");
  EXPECT_EQ(m.contact_raw, "\"A, B\" <sip:a@b>;q=0.5, <sip:c@d>");
  const std::string bad = "REGISTER sip:r SIP/2.0\r\nContact: <sip:a@b>;;, <sip:c@d>\r\n\r\n";
  const Message n = ParseOk(bad);
  EXPECT_TRUE(n.has(kFlagBadContact));
  EXPECT_EQ(n.contact.uri.host, "b");
}

TEST(ParserEdge, CompactFormsAndCaseInsensitiveNames) {
  const std::string d =
      "INVITE sip:bob@example.com SIP/2.0\r\n"
      "v: SIP/2.0/UDP pc33.example.com;branch=z9hG4bK776asdhds\r\n"
      "f: Alice <sip:alice@example.com>;tag=1928301774\r\n"
      "T: Bob <sip:bob@example.com>\r\n"
      "i: a84b4c76e66710@pc33.example.com\r\n"
      "cSeQ: 314159 INVITE\r\n"
      "m: <sip:alice@pc33.example.com>\r\n"
      "MAX-FORWARDS: 70\r\n"
      "s: Lunch\r\n"
      "c: application/sdp\r\n"
      "k: timer\r\n"
      "u: talk\r\n"
      "o: presence\r\n"
      "l: 4\r\n"
      "\r\n"
      "v=0\r\n";
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);  // the "\n" left after l: 4 is blank
  EXPECT_EQ(m.top_via.branch, "z9hG4bK776asdhds");
  EXPECT_EQ(m.from.tag, "1928301774");
  EXPECT_EQ(m.to.display_name, "Bob");
  EXPECT_EQ(m.call_id, "a84b4c76e66710@pc33.example.com");
  EXPECT_EQ(m.cseq_number, 314159u);
  EXPECT_EQ(m.contact.uri.host, "pc33.example.com");
  EXPECT_EQ(m.max_forwards, 70);
  EXPECT_EQ(m.subject, "Lunch");
  EXPECT_EQ(m.content_type, "application/sdp");
  EXPECT_EQ(m.body, "v=0\r");
  std::string_view v;
  ASSERT_TRUE(FindHeader(m, "Supported", &v));
  EXPECT_EQ(v, "timer");
  ASSERT_TRUE(FindHeader(m, "allow-events", &v));
  EXPECT_EQ(v, "talk");
  ASSERT_TRUE(FindHeader(m, "EVENT", &v));
  EXPECT_EQ(v, "presence");
  ASSERT_TRUE(FindHeader(m, "Content-Type", &v));
  EXPECT_EQ(v, "application/sdp");
  EXPECT_FALSE(FindHeader(m, "Allow", &v));
}

TEST(ParserEdge, AddrSpecParametersBelongToTheHeader) {
  const std::string d =
      "INVITE sip:a@b SIP/2.0\r\nFrom: sip:alice@example.com;tag=x1;user=phone\r\n"
      "To: <sip:bob@example.com;user=phone>;tag=y2\r\n\r\n";
  const Message m = ParseOk(d);
  EXPECT_EQ(m.from.uri.raw, "sip:alice@example.com");
  EXPECT_TRUE(m.from.uri.params.empty());
  EXPECT_EQ(m.from.tag, "x1");
  EXPECT_EQ(m.from.params, "tag=x1;user=phone");
  EXPECT_EQ(m.to.uri.params, "user=phone");
  EXPECT_EQ(m.to.tag, "y2");
}

TEST(ParserEdge, BodyAndTrailingData) {
  // Trailing blank bytes after the counted body are padding, not a second message.
  const std::string padded = "INVITE sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n";
  const Message m = ParseOk(padded);
  EXPECT_FALSE(m.has(kFlagTrailingData));
  EXPECT_EQ(m.body, "abc");
  EXPECT_EQ(m.trailing, "\r\n\r\n");
  // A second start line after it is.
  const std::string two = "INVITE sip:a@b SIP/2.0\r\nl: 0\r\n\r\nINVITE sip:c@d SIP/2.0\r\n\r\n";
  const Message n = ParseOk(two);
  EXPECT_TRUE(n.has(kFlagTrailingData));
  EXPECT_EQ(n.raw, "INVITE sip:a@b SIP/2.0\r\nl: 0\r\n\r\n");
  // Non-numeric and overflowing lengths: the body is the rest of the datagram.
  for (const char* cl : {"abc", "12x", "99999999999999999999", "", "-1", "+5"}) {
    const std::string d =
        std::string("INVITE sip:a@b SIP/2.0\r\nContent-Length: ") + cl + "\r\n\r\nrest";
    const Message o = ParseOk(d);
    EXPECT_TRUE(o.has(kFlagBadContentLength)) << cl;
    EXPECT_EQ(o.content_length, -1) << cl;
    EXPECT_EQ(o.body, "rest") << cl;
  }
}

TEST(ParserEdge, BareLfAndMixedLineEnds) {
  const std::string d =
      "INVITE sip:a@b SIP/2.0\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nCall-ID: c\n"
      " continued\n\nbody";
  const Message m = ParseOk(d);
  EXPECT_TRUE(m.has(kFlagBareLf));
  EXPECT_EQ(m.top_via.branch, "z9hG4bKx");
  EXPECT_EQ(m.call_id, "c\n continued");
  EXPECT_TRUE(m.has(kFlagBadCallId));  // whitespace inside
  EXPECT_EQ(m.body, "body");
}

TEST(ParserEdge, IsInviteNeedsTheStartLine) {
  Message m;
  ASSERT_TRUE(Parse("invite sip:a@b SIP/2.0\r\nCSeq: 1 invite\r\n\r\n", &m).ok());
  EXPECT_FALSE(m.is_invite());  // methods are case-sensitive
  ASSERT_TRUE(Parse("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n\r\n", &m).ok());
  EXPECT_FALSE(m.is_invite());
  EXPECT_FALSE(m.has(kFlagCSeqMethodMismatch));  // responses are not checked
  ASSERT_TRUE(Parse("INVITE sip:a@b SIP/2.0\r\nCSeq: 1 INVITE\r\n\r\n", &m).ok());
  EXPECT_TRUE(m.is_invite());
  EXPECT_FALSE(m.has(kFlagCSeqMethodMismatch));
}

TEST(ParserEdge, FlagNames) {
  EXPECT_EQ(FlagName(kFlagTrailingData), "trailing-data");
  EXPECT_EQ(FlagName(kFlagBareLf), "bare-lf");
  EXPECT_EQ(FlagName(3), "");
  EXPECT_EQ(FlagsToString(kFlagBadVia | kFlagBadFrom), "bad-via,bad-from");
  EXPECT_EQ(FlagsToString(0), "");
  for (int i = 0; i < kFlagCount; ++i) EXPECT_FALSE(FlagName(1u << i).empty()) << i;
}

std::vector<std::string> AllFixtures() {
  std::vector<std::string> out;
  for (const char* dir : {"rfc4475", "rfc5118"}) {
    for (const auto& e :
         std::filesystem::directory_iterator(std::string(SIPDDOS_TESTDATA) + "/" + dir)) {
      if (e.path().filename().string()[0] == '.') continue;  // .gitattributes
      out.push_back(std::string(dir) + "/" + e.path().filename().string());
    }
  }
  return out;
}

TEST(ParserRobustness, EveryFixtureParsesOrIsRejectedWithAnOffset) {
  const std::vector<std::string> files = AllFixtures();
  EXPECT_EQ(files.size(), 49u + 12u);
  int rejected = 0;
  for (const std::string& f : files) {
    const std::string d = testing::ReadFixture(f);
    Message m;
    const util::Status st = Parse(d, &m);
    if (st.ok()) {
      ExpectViewsInside(m, d);
    } else {
      ++rejected;
      EXPECT_EQ(st.message().rfind("sip: byte ", 0), 0u) << f;
    }
  }
  EXPECT_EQ(rejected, 4);  // ltgtruri, lwsruri, badvers, bigcode
}

// Every prefix of every fixture: no read past the end, all views inside the prefix.
TEST(ParserRobustness, EveryTruncation) {
  for (const std::string& f : AllFixtures()) {
    const std::string full = testing::ReadFixture(f);
    for (size_t n = 0; n <= full.size(); ++n) {
      const std::string d = full.substr(0, n);  // its own allocation, so ASan sees the end
      Message m;
      if (Parse(d, &m).ok()) ExpectViewsInside(m, d);
    }
  }
}

// Random byte mutations (fixed seed, so failures reproduce).
TEST(ParserRobustness, RandomMutations) {
  std::mt19937 rng(20230901);
  const char kInteresting[] = {'\0', '\r', '\n', ' ', '\t', ':', ';', ',',    '"', '\\', '<',
                               '>',  '[',  ']',  '@', '=',  '/', '%', '\xff', 'a', '0'};
  const std::vector<std::string> files = AllFixtures();
  for (int iter = 0; iter < 20000; ++iter) {
    std::string d = testing::ReadFixture(files[rng() % files.size()]);
    const int edits = 1 + static_cast<int>(rng() % 8);
    for (int e = 0; e < edits && !d.empty(); ++e) {
      const size_t at = rng() % d.size();
      switch (rng() % 3) {
        case 0:
          d[at] = kInteresting[rng() % sizeof(kInteresting)];
          break;
        case 1:
          d.erase(at, 1 + rng() % 16);
          break;
        default:
          d.insert(at, 1 + rng() % 4, kInteresting[rng() % sizeof(kInteresting)]);
          break;
      }
    }
    Message m;
    if (Parse(d, &m).ok()) ExpectViewsInside(m, d);
  }
}

// Adversarial shapes that make naive parsers quadratic or recursive.
TEST(ParserRobustness, PathologicalShapes) {
  const std::string head = "INVITE sip:a@b SIP/2.0\r\n";
  std::vector<std::string> inputs;
  inputs.push_back(head + "Via: SIP/2.0/UDP " + std::string(60000, '[') + "\r\n\r\n");
  inputs.push_back(head + "Via: SIP/2.0/UDP " + std::string(60000, ',') + "\r\n\r\n");
  inputs.push_back(head + "From: " + std::string(60000, '"') + "\r\n\r\n");
  inputs.push_back(head + "Contact: " + std::string(60000, '<') + "\r\n\r\n");
  inputs.push_back(head + "To: <sip:a@b>" + std::string(60000, ';') + "\r\n\r\n");
  inputs.push_back(head + "Subject: x" + std::string(60000, '\n') + "\r\n\r\n");
  std::string folded = head + "Subject: x";
  for (int i = 0; i < 20000; ++i) folded += "\r\n y";
  inputs.push_back(folded + "\r\n\r\n");
  inputs.push_back(head + std::string(60000, ':'));
  for (const std::string& d : inputs) {
    Message m;
    if (Parse(d, &m).ok()) ExpectViewsInside(m, d);
  }
  const Message m = ParseOk(inputs[1]);
  EXPECT_EQ(m.via_count, 60001);
  EXPECT_TRUE(m.has(kFlagBadVia));
  const Message f = ParseOk(inputs[6]);
  EXPECT_EQ(f.header_count, 1);
  EXPECT_EQ(f.subject.size(), 1u + 20000u * 4u);
}

}  // namespace
}  // namespace sip
