#include "features/header_fields.h"

#include <gtest/gtest.h>

namespace features {
namespace {

TEST(ParseNameAddr, SippStyleNameAddr) {
  UserHost u = ParseNameAddr("\"User1\" <sip:SipPhone1_10.0.0.2@10.0.0.1:5060>;tag=4242");
  EXPECT_EQ(u.user, "SipPhone1_10.0.0.2");
  EXPECT_EQ(u.host, "10.0.0.1");
}

TEST(ParseNameAddr, AddrSpecParamsBelongToHeader) {
  UserHost u = ParseNameAddr("sip:1234@192.0.2.7;tag=123456");
  EXPECT_EQ(u.user, "1234");
  EXPECT_EQ(u.host, "192.0.2.7");
}

TEST(ParseNameAddr, Ipv6HostAndNoUser) {
  UserHost u = ParseNameAddr("<sip:[2001:db8::1]:5070;transport=udp>");
  EXPECT_EQ(u.user, "");
  EXPECT_EQ(u.host, "2001:db8::1");
}

TEST(ParseNameAddr, GarbageGivesEmptyParts) {
  UserHost u = ParseNameAddr("<<<");
  EXPECT_EQ(u.user, "");
  EXPECT_EQ(ParseNameAddr("").host, "");
}

TEST(HeaderTag, FindsTagAfterUriParams) {
  EXPECT_EQ(HeaderTag("<sip:a@b;tag=wrong-uri-param>;foo=1;TAG=abc"), "abc");
  EXPECT_EQ(HeaderTag("sip:a@b;tag=x1"), "x1");
  EXPECT_EQ(HeaderTag("<sip:a@b>"), "");
}

TEST(CallIdHost, HostAfterAt) {
  EXPECT_EQ(CallIdHost("1-2345@10.0.0.1"), "10.0.0.1");
  EXPECT_EQ(CallIdHost("abcdef"), "");
}

TEST(ViaHost, SentByHost) {
  EXPECT_EQ(ViaHost("SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-1"), "10.0.0.2");
  EXPECT_EQ(ViaHost("SIP/2.0/UDP [2001:db8::2]:5060;branch=z"), "2001:db8::2");
  EXPECT_EQ(ViaHost("garbage"), "");
}

TEST(DigitShare, CountsDigits) {
  EXPECT_FLOAT_EQ(DigitShare("ab12"), 0.5f);
  EXPECT_FLOAT_EQ(DigitShare(""), 0.0f);
}

TEST(ShapeWithoutAddresses, SkipsIpv4LiteralsOnly) {
  TextShape a = ShapeWithoutAddresses("SipPhone1_10.0.0.2");
  TextShape b = ShapeWithoutAddresses("SipPhone1_192.168.100.200");
  EXPECT_EQ(a.length, 10);
  EXPECT_EQ(a.digits, 1);
  EXPECT_TRUE(a.has_address);
  EXPECT_EQ(b.length, a.length);
  TextShape c = ShapeWithoutAddresses("1.2.3");  // not an address: counted
  EXPECT_EQ(c.length, 5);
  EXPECT_EQ(c.digits, 3);
  EXPECT_FALSE(c.has_address);
  EXPECT_EQ(ShapeWithoutAddresses("1..2.3").length, 6);
  EXPECT_FLOAT_EQ(ShapeWithoutAddresses("ab12").digit_share(), 0.5f);
}

TEST(HashBytes, DependsOnEveryByteAndSeed) {
  EXPECT_NE(HashBytes("abcdefghi", 1), HashBytes("abcdefghj", 1));
  EXPECT_NE(HashBytes("abc", 1), HashBytes("abc", 2));
  EXPECT_EQ(HashBytes("abc", 7), HashBytes("abc", 7));
}

// An absent header is an empty view with a null data pointer: hashing it must not
// pass that pointer to memcpy (UBSan "null pointer passed as argument", fatal in
// the sanitizer pass) and must equal the hash of any other empty view.
TEST(HashBytes, EmptyViewWithNullDataIsDefinedAndEqualToEmptyString) {
  const std::string_view null_view;
  ASSERT_EQ(null_view.data(), nullptr);
  EXPECT_EQ(HashBytes(null_view, 3), HashBytes(std::string_view("", 0), 3));
  EXPECT_NE(HashBytes(null_view, 3), HashBytes(null_view, 4));
}

}  // namespace
}  // namespace features
