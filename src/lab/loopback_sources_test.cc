#include "lab/loopback_sources.h"

#include <gtest/gtest.h>

#include <set>

namespace lab {
namespace {

constexpr uint32_t kTarget = 127u << 24 | 1;  // 127.0.0.1

void ExpectDistinctUsableLoopback(const std::vector<uint32_t>& v) {
  std::set<uint32_t> seen(v.begin(), v.end());
  EXPECT_EQ(seen.size(), v.size());
  for (uint32_t a : v) {
    EXPECT_EQ(a >> 24, 127u);
    EXPECT_NE(a & 255, 0u);
    EXPECT_NE(a & 255, 255u);
    EXPECT_NE(a, kTarget);
  }
}

TEST(LoopbackSources, RandomSpreadsOverSlash8AndIsSeeded) {
  auto a = LoopbackSources(dataset::Spoofing::kRandom, 1000, 7, kTarget);
  ASSERT_TRUE(a.ok()) << a.status().message();
  ASSERT_EQ(a->size(), 1000u);
  ExpectDistinctUsableLoopback(*a);
  std::set<uint32_t> second_octets;
  for (uint32_t x : *a) second_octets.insert((x >> 16) & 255);
  EXPECT_GT(second_octets.size(), 200u);  // not one /16: spread over the /8
  auto again = LoopbackSources(dataset::Spoofing::kRandom, 1000, 7, kTarget);
  auto other = LoopbackSources(dataset::Spoofing::kRandom, 1000, 8, kTarget);
  EXPECT_EQ(*a, *again);
  EXPECT_NE(*a, *other);
}

TEST(LoopbackSources, SubnetStaysInTheAttackersSlash24) {
  EXPECT_EQ(MaxSources(dataset::Spoofing::kSubnet), 254);
  auto a = LoopbackSources(dataset::Spoofing::kSubnet, 254, 1, kTarget);
  ASSERT_TRUE(a.ok()) << a.status().message();
  ExpectDistinctUsableLoopback(*a);
  for (uint32_t x : *a) EXPECT_EQ(x >> 8, (127u << 16 | 16u << 8 | 66u)) << x;
  EXPECT_FALSE(LoopbackSources(dataset::Spoofing::kSubnet, 255, 1, kTarget).ok());
  // A target inside the subnet is never a source.
  uint32_t inside = 127u << 24 | 16u << 16 | 66u << 8 | 9;
  auto b = LoopbackSources(dataset::Spoofing::kSubnet, 253, 1, inside);
  ASSERT_TRUE(b.ok());
  for (uint32_t x : *b) EXPECT_NE(x, inside);
}

TEST(LoopbackSources, ListIsTheSimulatorsListInLoopback) {
  int n = MaxSources(dataset::Spoofing::kList);
  EXPECT_EQ(n, 64);
  auto a = LoopbackSources(dataset::Spoofing::kList, n, 1, kTarget);
  ASSERT_TRUE(a.ok()) << a.status().message();
  ExpectDistinctUsableLoopback(*a);
  // Phones of network 1 (192.168.56.102...) first, then RFC 5737 outside ones
  // (203.0.113.x).
  EXPECT_EQ(a->front(), 127u << 24 | 168u << 16 | 56u << 8 | 102u);
  EXPECT_EQ(a->back() >> 8, 127u << 16 | 0u << 8 | 113u);
  auto few = LoopbackSources(dataset::Spoofing::kList, 5, 99, kTarget);
  ASSERT_TRUE(few.ok());
  EXPECT_TRUE(std::equal(few->begin(), few->end(), a->begin()));
  EXPECT_FALSE(LoopbackSources(dataset::Spoofing::kList, 65, 1, kTarget).ok());
  EXPECT_FALSE(LoopbackSources(dataset::Spoofing::kRandom, 0, 1, kTarget).ok());
}

}  // namespace
}  // namespace lab
