#include "cluster/spsc_ring.h"

#include <gtest/gtest.h>

#include <thread>

namespace cluster {
namespace {

TEST(SpscRing, BoundedAndFifo) {
  SpscRing<int> r(5);
  ASSERT_EQ(r.capacity(), 8u);
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(r.Push(i));
  EXPECT_FALSE(r.Push(8));  // full: refused, nothing overwritten
  ASSERT_EQ(r.Size(), 8u);
  EXPECT_EQ(r.Peek(0), 0);
  EXPECT_EQ(r.Peek(7), 7);
  r.Pop(3);
  EXPECT_EQ(r.Size(), 5u);
  EXPECT_EQ(r.Peek(0), 3);
  EXPECT_TRUE(r.Push(8));
  EXPECT_EQ(r.Peek(5), 8);
}

TEST(SpscRing, TwoThreadsDeliverEverythingInOrder) {
  SpscRing<uint64_t> r(64);
  constexpr uint64_t kN = 200000;
  std::thread producer([&] {
    for (uint64_t i = 0; i < kN;)
      if (r.Push(i)) ++i;
  });
  uint64_t next = 0;
  while (next < kN) {
    size_t n = r.Size();
    for (size_t i = 0; i < n; ++i) ASSERT_EQ(r.Peek(i), next + i);
    r.Pop(n);
    next += n;
  }
  producer.join();
  EXPECT_EQ(r.Size(), 0u);
}

}  // namespace
}  // namespace cluster
