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

namespace features {
namespace {

// HostIsAddress's own dotted-quad reader must agree with util::IpAddress::Parse
// (inet_pton) on every text, valid or not.
TEST(HostIsAddress, AgreesWithIpAddressParse) {
  const util::IpAddress v4 = *util::IpAddress::Parse("10.0.0.1");
  const util::IpAddress v6 = *util::IpAddress::Parse("2001:db8::1");
  const util::IpAddress mapped = *util::IpAddress::Parse("::ffff:10.0.0.1");
  const util::IpAddress zero = *util::IpAddress::Parse("0.0.0.0");
  const char* texts[] = {"10.0.0.1",
                         "10.0.0.2",
                         "010.0.0.1",
                         "10.00.0.1",
                         "10.0.0.01",
                         "0.0.0.0",
                         "00.0.0.0",
                         "10.0.0",
                         "10.0.0.1.",
                         ".10.0.0.1",
                         "10..0.1",
                         "10.0.0.1.5",
                         "256.0.0.1",
                         "10.0.0.255",
                         "10.0.0.256",
                         "10.0.0.1x",
                         "x10.0.0.1",
                         "1e.0.0.1",
                         "example.com",
                         "cafe.be",
                         "deadbeef",
                         "2001:db8::1",
                         "2001:DB8:0::1",
                         "[2001:db8::1]",
                         "[10.0.0.1]",
                         "::ffff:10.0.0.1",
                         "fe80::1",
                         "10.0.0.1:5060",
                         "10.0.0.1]",
                         "[10.0.0.1",
                         "4294967297",
                         "10.0.0.1 ",
                         " 10.0.0.1",
                         "99999999999999999999.1.1.1",
                         "1.2.3.4",
                         "::",
                         "a:b"};
  for (const char* t : texts) {
    for (const util::IpAddress& a : {v4, v6, mapped, zero, util::IpAddress()}) {
      auto parsed = util::IpAddress::Parse(t);
      bool expected = !a.empty() && parsed && *parsed == a;
      EXPECT_EQ(HostIsAddress(t, a), expected) << "'" << t << "' vs " << a.ToString();
    }
  }
  EXPECT_TRUE(HostIsAddress("10.0.0.1",
                            v4));  // the table above must hold true cases too
  EXPECT_TRUE(HostIsAddress("2001:db8::1", v6));
  EXPECT_TRUE(HostIsAddress("::ffff:10.0.0.1", mapped));
  EXPECT_FALSE(HostIsAddress("", v4));
}

// Random texts over the characters an address can hold.
TEST(HostIsAddress, AgreesWithIpAddressParseOnRandomText) {
  const util::IpAddress addrs[] = {*util::IpAddress::Parse("1.2.3.4"),
                                   *util::IpAddress::Parse("::1")};
  const char alphabet[] = "0123456789..:::1234abf[]x";
  uint64_t x = 0x9E3779B97F4A7C15ull;
  int agree_true = 0;
  for (int i = 0; i < 200000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    char buf[16];
    int n = 1 + int(x % 12);
    uint64_t y = x;
    for (int k = 0; k < n; ++k, y = y * 6364136223846793005ull + 1442695040888963407ull)
      buf[k] = alphabet[(y >> 33) % (sizeof alphabet - 1)];
    std::string_view t(buf, size_t(n));
    if (i % 4 == 0) t = "1.2.3.4";  // some true cases
    for (const util::IpAddress& a : addrs) {
      auto parsed = util::IpAddress::Parse(t);
      bool expected = parsed && *parsed == a;
      agree_true += expected;
      ASSERT_EQ(HostIsAddress(t, a), expected) << "'" << t << "' vs " << a.ToString();
    }
  }
  EXPECT_GT(agree_true, 0);
}

}  // namespace
}  // namespace features
