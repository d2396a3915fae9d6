#include "status/source_top.h"

#include <gtest/gtest.h>

namespace status {
namespace {

util::IpAddress V4(uint32_t a) { return util::IpAddress::V4(a); }

TEST(SourceTop, CountsExactlyWhileSourcesFit) {
  SourceTop t;
  for (int i = 0; i < 10; ++i)
    for (int k = 0; k <= i; ++k) t.Add(V4(100 + i));
  t.Add(*util::IpAddress::Parse("2001:db8::1"));
  auto top = t.Top(3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].addr, V4(109));
  EXPECT_EQ(top[0].invites, 10u);
  EXPECT_EQ(top[2].addr, V4(107));
  EXPECT_EQ(top[2].invites, 8u);
  EXPECT_EQ(t.new_addresses(), 11u);
  EXPECT_EQ(t.Top(100).size(), 11u);
  t.Clear();
  EXPECT_TRUE(t.Top(3).empty());
  EXPECT_EQ(t.new_addresses(), 0u);
}

TEST(SourceTop, HeavySourcesSurviveAMillionSpoofedOnes) {
  SourceTop t;
  for (uint32_t i = 0; i < 1'000'000; ++i) {
    t.Add(V4(0x0b000000 + i));               // every one new
    if (i % 10 == 0) t.Add(V4(0x0a000001));  // 100,000 from one heavy source
  }
  auto top = t.Top(1);
  ASSERT_EQ(top.size(), 1u);
  EXPECT_EQ(top[0].addr, V4(0x0a000001));
  // Space-saving: never under the true count, over it by at most the lightest slot's count
  // (here about 1,000,000 / 63).
  EXPECT_GE(top[0].invites, 100'000u);
  EXPECT_LE(top[0].invites, 100'000u + 1'000'000u / 63 + 1);
  EXPECT_EQ(t.Top(1000).size(), size_t(SourceTop::kSlots));
  EXPECT_GE(t.new_addresses(), 1'000'000u);
}

}  // namespace
}  // namespace status
