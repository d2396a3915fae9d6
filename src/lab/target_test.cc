#include "lab/target.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "lab/netns.h"

namespace lab {
namespace {

using ::testing::HasSubstr;

TEST(ParseEndpoint, AcceptsIpv4AndBracketedOrMappedIpv6) {
  auto a = ParseEndpoint("127.0.0.1:5060");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->address.ToString(), "127.0.0.1");
  EXPECT_EQ(a->port, 5060);
  auto b = ParseEndpoint("[::ffff:127.1.2.3]:15060");
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_TRUE(b->address.is_v4());  // mapped address judged as the IPv4 it names
  EXPECT_EQ(b->address.ToString(), "127.1.2.3");
  EXPECT_EQ(b->port, 15060);
  auto c = ParseEndpoint("::ffff:8.8.8.8:5060");  // unbracketed: the last colon splits
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->address.ToString(), "8.8.8.8");
  auto d = ParseEndpoint("[::1]:5060");
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->address.is_v6());
}

TEST(ParseEndpoint, RejectsMalformedTextNamingIt) {
  for (const char* bad : {"127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536",
                          "127.0.0.1:50x", "localhost:5060", "[::1:5060", "[::1]5060", ""}) {
    auto r = ParseEndpoint(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_THAT(r.status().message(), HasSubstr("target '" + std::string(bad) + "'"));
  }
}

TEST(CheckTarget, AcceptsAllOf127Slash8) {
  for (const char* ok : {"127.0.0.1:5060", "127.255.255.254:1", "127.16.66.1:65535"}) {
    auto e = ParseEndpoint(ok);
    ASSERT_TRUE(e.ok()) << ok;
    EXPECT_TRUE(CheckTarget(*e, "").ok()) << ok;
  }
}

TEST(CheckTarget, RefusesEverythingOutsideLoopbackV4) {
  for (const char* bad : {"192.0.2.1:5060", "10.0.0.1:5060", "[::ffff:8.8.8.8]:5060",
                          "128.0.0.1:5060", "126.255.255.255:5060", "0.0.0.0:5060",
                          "255.255.255.255:5060", "[::1]:5060", "[2001:db8::1]:5060"}) {
    auto e = ParseEndpoint(bad);
    ASSERT_TRUE(e.ok()) << bad;
    util::Status st = CheckTarget(*e, "");
    EXPECT_FALSE(st.ok()) << bad;
    EXPECT_THAT(st.message(), HasSubstr("127.0.0.0/8")) << bad;
  }
}

TEST(Netns, RefusesForeignOrMissingNamespaces) {
  auto e = ParseEndpoint("127.0.0.1:5060");
  ASSERT_TRUE(e.ok());
  util::Status foreign = CheckTarget(*e, "lab1");
  EXPECT_FALSE(foreign.ok());
  EXPECT_THAT(foreign.message(), HasSubstr("sipddos-"));
  EXPECT_FALSE(ValidateNetns("sipddos-").ok());
  EXPECT_FALSE(ValidateNetns("sipddos-../x").ok());
  util::Status missing = CheckTarget(*e, "sipddos-does-not-exist-4711");
  EXPECT_FALSE(missing.ok());
  EXPECT_THAT(missing.message(), HasSubstr("/run/netns/sipddos-does-not-exist-4711"));
  EXPECT_FALSE(EnterNetns("sipddos-does-not-exist-4711").ok());
}

}  // namespace
}  // namespace lab
