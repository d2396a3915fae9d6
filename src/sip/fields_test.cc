#include "sip/fields.h"

#include <gtest/gtest.h>

namespace sip {
namespace {

TEST(ParseUri, SipWithEverything) {
  Uri u;
  ASSERT_TRUE(
      ParseUri("sips:alice:secret@atlanta.example.com:5061;transport=tcp;lr?subject=hi", &u));
  EXPECT_EQ(u.scheme, "sips");
  EXPECT_EQ(u.user, "alice");
  EXPECT_EQ(u.password, "secret");
  EXPECT_EQ(u.host, "atlanta.example.com");
  EXPECT_EQ(u.port, 5061);
  EXPECT_EQ(u.params, "transport=tcp;lr");
  EXPECT_EQ(u.headers, "subject=hi");
}

TEST(ParseUri, HostOnlyAndIpv6) {
  Uri u;
  ASSERT_TRUE(ParseUri("sip:192.0.2.4", &u));
  EXPECT_TRUE(u.user.empty());
  EXPECT_EQ(u.host, "192.0.2.4");
  EXPECT_EQ(u.port, -1);
  ASSERT_TRUE(ParseUri("SIP:[2001:db8::1]:5060;lr", &u));
  EXPECT_EQ(u.host, "2001:db8::1");
  EXPECT_EQ(u.port, 5060);
  EXPECT_EQ(u.params, "lr");
}

TEST(ParseUri, Rejections) {
  Uri u;
  EXPECT_FALSE(ParseUri("", &u));
  EXPECT_FALSE(ParseUri("<sip:a@b>", &u));
  EXPECT_FALSE(ParseUri("sip:", &u));
  EXPECT_FALSE(ParseUri("sip:a@", &u));
  EXPECT_FALSE(ParseUri("sip:@host", &u));
  EXPECT_FALSE(ParseUri("sip:a@b:99999", &u));
  EXPECT_FALSE(ParseUri("sip:a@b:", &u));
  EXPECT_FALSE(ParseUri("sip:a@[2001:db8::1", &u));
  EXPECT_FALSE(ParseUri("sip:a@[zz]", &u));
  EXPECT_FALSE(ParseUri("sip:a@b c", &u));
  EXPECT_FALSE(ParseUri(" sip:a@b", &u));
  EXPECT_FALSE(ParseUri("sip:a@b/path", &u));
  EXPECT_FALSE(ParseUri("1sip:a@b", &u));
  EXPECT_TRUE(ParseUri("tel:+1-201-555-0123", &u));
  EXPECT_EQ(u.scheme, "tel");
  EXPECT_TRUE(u.host.empty());
}

TEST(ParseNameAddr, Forms) {
  NameAddr n;
  ASSERT_TRUE(ParseNameAddr("\"A \\\"B\\\" C\" <sip:a@b>;tag=9;x", &n));
  EXPECT_EQ(n.display_name, "A \\\"B\\\" C");
  EXPECT_EQ(Unquote(n.display_name), "A \"B\" C");
  EXPECT_EQ(n.tag, "9");
  EXPECT_EQ(n.params, "tag=9;x");
  ASSERT_TRUE(ParseNameAddr("<sip:a@b>", &n));
  EXPECT_TRUE(n.display_name.empty());
  EXPECT_EQ(n.uri.host, "b");
  ASSERT_TRUE(ParseNameAddr("sip:a@b ; tag = t1", &n));
  EXPECT_EQ(n.uri.raw, "sip:a@b");
  EXPECT_EQ(n.tag, "t1");
  ASSERT_TRUE(ParseNameAddr("*", &n));
  EXPECT_TRUE(n.star);
  ASSERT_TRUE(ParseNameAddr("<sip:a@b>;p=\"quoted;value\";tag=z", &n));
  EXPECT_EQ(n.tag, "z");
}

TEST(ParseNameAddr, Malformed) {
  NameAddr n;
  EXPECT_FALSE(ParseNameAddr("", &n));
  EXPECT_FALSE(ParseNameAddr("\"unterminated <sip:a@b>", &n));
  EXPECT_FALSE(ParseNameAddr("\"name\" sip:a@b", &n));
  EXPECT_FALSE(ParseNameAddr("a,b <sip:a@b>", &n));
  EXPECT_FALSE(ParseNameAddr("<sip:a@b>;;tag=1", &n));
  EXPECT_FALSE(ParseNameAddr("<sip:a@b> junk", &n));
  EXPECT_FALSE(ParseNameAddr("<sip:a@b>;tag=", &n));
  // Missing '>': flagged, but the URI and tag are still read.
  EXPECT_FALSE(ParseNameAddr("<sip:u@h;tag=5", &n));
  EXPECT_EQ(n.uri.user, "u");
  EXPECT_EQ(n.tag, "5");
}

TEST(ParseVia, Forms) {
  Via v;
  ASSERT_TRUE(
      ParseVia("SIP/2.0/UDP pc33.example.com:5066;branch=z9hG4bK776;rport;received=192.0.2.1", &v));
  EXPECT_EQ(v.transport, "UDP");
  EXPECT_EQ(v.host, "pc33.example.com");
  EXPECT_EQ(v.port, 5066);
  EXPECT_EQ(v.branch, "z9hG4bK776");
  EXPECT_TRUE(v.rport);
  EXPECT_EQ(v.received, "192.0.2.1");
  ASSERT_TRUE(ParseVia("sip / 2.0 / tcp\r\n  host : 5060 ; rport=5070", &v));
  EXPECT_EQ(v.transport, "tcp");
  EXPECT_EQ(v.port, 5060);
  EXPECT_TRUE(v.rport);
  ASSERT_TRUE(ParseVia("SIP/2.0/UDP [::1]:5060", &v));
  EXPECT_EQ(v.host, "::1");
  EXPECT_EQ(v.port, 5060);
}

TEST(ParseVia, Malformed) {
  Via v;
  EXPECT_FALSE(ParseVia("", &v));
  EXPECT_FALSE(ParseVia("SIP/2.0 host", &v));
  EXPECT_FALSE(ParseVia("SIP/2.0/UDPhost", &v));
  EXPECT_FALSE(ParseVia("SIP/3.0/UDP host", &v));
  EXPECT_FALSE(ParseVia("SIP/2.0/UDP ", &v));
  EXPECT_FALSE(ParseVia("SIP/2.0/UDP host:70000", &v));
  EXPECT_FALSE(ParseVia("SIP/2.0/UDP host;;branch=1", &v));
  EXPECT_FALSE(ParseVia("SIP/2.0/UDP [", &v));
  // The paper's Fig. 3 form: malformed, but read.
  EXPECT_FALSE(ParseVia("SIP/2.0/UDP [10.1.2.3:5062 ; branch=z9hG4bK-1]", &v));
  EXPECT_EQ(v.host, "10.1.2.3");
  EXPECT_EQ(v.port, 5062);
  EXPECT_EQ(v.branch, "z9hG4bK-1");
  // Only one level of that recovery.
  EXPECT_FALSE(ParseVia("SIP/2.0/UDP [[10.1.2.3 ; branch=z9hG4bK-1]]", &v));
  EXPECT_TRUE(v.branch.empty());
}

TEST(Elements, FirstAndCount) {
  EXPECT_EQ(FirstElement(" <sip:a@b>;q=1 , <sip:c@d>"), "<sip:a@b>;q=1");
  EXPECT_EQ(FirstElement("\"x, y\" <sip:a@b>, sip:c@d"), "\"x, y\" <sip:a@b>");
  EXPECT_EQ(FirstElement("<sip:a,b@c>, d"), "<sip:a,b@c>");
  EXPECT_EQ(FirstElement("single"), "single");
  EXPECT_EQ(CountElements("a, b ,c"), 3);
  EXPECT_EQ(CountElements("\"a,b\" <x,y>"), 1);
  EXPECT_EQ(CountElements(""), 1);
  EXPECT_EQ(CountElements("\"unterminated, x"), 1);
}

}  // namespace
}  // namespace sip
