// Every RFC 5118 IPv6 torture message (section numbers are RFC 5118's).
#include <gtest/gtest.h>

#include <string>

#include "sip/parser.h"
#include "sip/test_fixtures.h"

namespace sip {
namespace {

using testing::ParseOk;
using testing::ReadFixture;

std::string Fixture(const std::string& name) { return ReadFixture("rfc5118/" + name); }

// 4.1
TEST(Rfc5118, Ipv6Good) {
  const std::string d = Fixture("ipv6-good");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.method, "REGISTER");
  EXPECT_EQ(m.request_uri.host, "2001:db8::10");
  EXPECT_EQ(m.request_uri.port, -1);
  EXPECT_EQ(m.top_via.host, "2001:db8::9:1");
  EXPECT_EQ(m.top_via.branch, "z9hG4bKas3-111");
  EXPECT_EQ(m.contact.uri.host, "2001:db8::1");
  EXPECT_EQ(m.contact.display_name, "Caller");
  EXPECT_EQ(m.call_id, "SSG9559905523997077@hlau_4100");
  EXPECT_EQ(m.cseq_number, 98176u);
}

// 4.2: an IPv6 address without brackets in the Request-URI.
TEST(Rfc5118, Ipv6BadFlagsRequestUri) {
  const std::string d = Fixture("ipv6-bad");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadRequestUri) << FlagsToString(m.flags);
  EXPECT_EQ(m.request_uri_raw, "sip:2001:db8::10");
}

// 4.3: the whole bracketed text is the address; there is no port.
TEST(Rfc5118, PortAmbiguous) {
  const std::string d = Fixture("port-ambiguous");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.request_uri.host, "2001:db8::10:5070");
  EXPECT_EQ(m.request_uri.port, -1);
}

// 4.4
TEST(Rfc5118, PortUnambiguous) {
  const std::string d = Fixture("port-unambiguous");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.request_uri.host, "2001:db8::10");
  EXPECT_EQ(m.request_uri.port, 5070);
}

// 4.5: received with and without brackets; both accepted, both read the same.
TEST(Rfc5118, ViaReceivedParamWithDelim) {
  const std::string d = Fixture("via-received-param-with-delim");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.method, "BYE");
  EXPECT_EQ(m.top_via.host, "2001:db8::9:1");
  EXPECT_EQ(m.top_via.received, "2001:db8::9:255");
  EXPECT_EQ(m.top_via.branch, "z9hG4bKas3-111");
  EXPECT_EQ(m.to.tag, "bd76ya");
}

TEST(Rfc5118, ViaReceivedParamNoDelim) {
  const std::string d = Fixture("via-received-param-no-delim");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.top_via.received, "2001:db8::9:255");
  EXPECT_EQ(m.top_via.branch, "z9hG4bKas3");  // the colons of received end no parameter
  EXPECT_EQ(m.call_id, "SSG95523997077@hlau_4100");
}

// 4.6. The file's Content-Length counts LF line ends but its body has CRLF ones, so the
// counted body ends early and the rest is flagged as trailing data.
TEST(Rfc5118, Ipv6InSdp) {
  const std::string d = Fixture("ipv6-in-sdp");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagTrailingData) << FlagsToString(m.flags);
  EXPECT_EQ(m.request_uri.host, "2001:db8::10");
  EXPECT_EQ(m.top_via.host, "2001:db8::20");
  EXPECT_EQ(m.content_length, 241);
  EXPECT_EQ(m.body.size(), 241u);
  EXPECT_NE(m.body.find("c=IN IP6 2001:db8::20"), std::string_view::npos);
  EXPECT_EQ(m.trailing, "98/90000\r\n");
}

// 4.7
TEST(Rfc5118, MultIpInHeader) {
  const std::string d = Fixture("mult-ip-in-header");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.via_count, 3);
  EXPECT_EQ(m.top_via.host, "2001:db8::9:1");
  EXPECT_EQ(m.top_via.port, 6050);
  EXPECT_EQ(m.top_via.transport, "UDP");
  EXPECT_EQ(m.to.tag, "9817--94");
}

// 4.8 (same Content-Length mismatch as 4.6)
TEST(Rfc5118, MultIpInSdp) {
  const std::string d = Fixture("mult-ip-in-sdp");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagTrailingData) << FlagsToString(m.flags);
  EXPECT_EQ(m.contact.uri.host, "2001:db8::9:1");
  EXPECT_EQ(m.body.size(), 181u);
  EXPECT_NE(m.body.find("c=IN IP6 2001:db8::1"), std::string_view::npos);
}

// 4.9 (same Content-Length mismatch as 4.6)
TEST(Rfc5118, Ipv4MappedIpv6) {
  const std::string d = Fixture("ipv4-mapped-ipv6");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagTrailingData) << FlagsToString(m.flags);
  EXPECT_TRUE(m.is_invite());
  EXPECT_EQ(m.top_via.host, "::ffff:192.0.2.10");
  EXPECT_EQ(m.top_via.port, 19823);
  EXPECT_EQ(m.top_via.branch, "z9hG4bKbh19");
  EXPECT_EQ(m.via_count, 2);
  EXPECT_EQ(m.contact.display_name, "T. desk phone");
  EXPECT_EQ(m.contact.uri.host, "::ffff:192.0.2.2");
  EXPECT_EQ(m.cseq_number, 612u);
}

// 4.10: the 3-colon form the old ABNF allowed is tolerated; the 2-colon form is correct.
TEST(Rfc5118, Ipv6AbnfColons) {
  const std::string a = Fixture("ipv6-bug-abnf-3-colons");
  const Message m = ParseOk(a);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.request_uri.host, "2001:db8:::192.0.2.1");
  EXPECT_EQ(m.to.uri.host, "2001:db8:::192.0.2.1");
  const std::string b = Fixture("ipv6-correct-abnf-2-colons");
  const Message n = ParseOk(b);
  EXPECT_EQ(n.flags, 0u) << FlagsToString(n.flags);
  EXPECT_EQ(n.request_uri.host, "2001:db8::192.0.2.1");
  EXPECT_EQ(n.top_via.host, "lab1.east.example.com");
  EXPECT_EQ(n.from.tag, "810x2");
}

}  // namespace
}  // namespace sip
