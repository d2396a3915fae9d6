#include "mitigate/nft_set.h"

#include <gtest/gtest.h>

#include <vector>

namespace mitigate {
namespace {

TEST(NftSetRef, ParsesFamilyTableSet) {
  auto r = NftSetRef::Parse("inet:sipddos:banned4");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->family, "inet");
  EXPECT_EQ(r->table, "sipddos");
  EXPECT_EQ(r->set, "banned4");
  EXPECT_EQ(r->ToString(), "inet:sipddos:banned4");
}

TEST(NftSetRef, RejectsMalformedSpecs) {
  for (const char *bad : {"", "inet", "inet:t", "inet:t:s:x", "foo:t:s", "inet::s",
                          "inet:t:", "inet:t:s;flush ruleset", "inet:t t:s", "ip:t:{s}"}) {
    auto r = NftSetRef::Parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) EXPECT_NE(r.status().message().find("FAMILY:TABLE:SET"), std::string::npos);
  }
}

TEST(AddElementsCommand, OneElementPerAddressWithTimeout) {
  NftSetRef s{"inet", "t", "s"};
  std::vector<util::IpAddress> a = {*util::IpAddress::Parse("192.0.2.1"),
                                    *util::IpAddress::Parse("192.0.2.7")};
  EXPECT_EQ(AddElementsCommand(s, a, 60),
            "add element inet t s { 192.0.2.1 timeout 60s, 192.0.2.7 timeout "
            "60s }\n");
  std::vector<util::IpAddress> b = {*util::IpAddress::Parse("2001:db8::5")};
  EXPECT_EQ(AddElementsCommand({"ip6", "x", "y"}, b, 5),
            "add element ip6 x y { 2001:db8::5 timeout 5s }\n");
}

}  // namespace
}  // namespace mitigate
