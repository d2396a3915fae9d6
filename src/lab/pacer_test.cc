#include "lab/pacer.h"

#include <gtest/gtest.h>

#include <thread>

namespace lab {
namespace {

TEST(Pacer, DueTimesAreAbsoluteAndExact) {
  Pacer p(3, 10, 1000);  // 3/s: 333333.33 us apart, rounding never accumulates
  EXPECT_EQ(p.Due(0), 1000);
  EXPECT_EQ(p.Due(1), 1000 + 333333);
  EXPECT_EQ(p.Due(2), 1000 + 666667);
  EXPECT_EQ(p.Due(3000), 1000 + 1000000000);
  EXPECT_EQ(p.end(), 1000 + 10000000);
}

TEST(Pacer, RunHoldsCeilOfRateTimesDuration) {
  for (auto [rate, dur, n] : {std::tuple{10.0, 2.5, 25},
                              {100.0, 2.0, 200},
                              {1000.0, 2.0, 2000},
                              {3.0, 1.0, 3},
                              {7.0, 0.5, 4}}) {
    Pacer p(rate, dur, 0);
    int count = 0;
    while (p.InRun(count)) ++count;
    EXPECT_EQ(count, n) << rate << "/s for " << dur << " s";
  }
}

TEST(Pacer, DueByCountsOnlyWhatTheScheduleDemands) {
  Pacer p(1000, 10, 5000);
  EXPECT_EQ(p.DueBy(0), 0);
  EXPECT_EQ(p.DueBy(4999), 0);
  EXPECT_EQ(p.DueBy(5000), 1);
  EXPECT_EQ(p.DueBy(5999), 1);
  EXPECT_EQ(p.DueBy(6000), 2);
  // A sender waking 250 ms late owes exactly 250 messages more, not a burst
  // beyond.
  EXPECT_EQ(p.DueBy(5000 + 250000), 251);
  Pacer q(3, 10, 0);
  for (int64_t k = 0; k < 50; ++k) {
    EXPECT_EQ(q.DueBy(q.Due(k)), k + 1);
    EXPECT_EQ(q.DueBy(q.Due(k) - 1), k);
  }
}

TEST(SleepUntil, ReachesTheTimeOrStopsOnTheFlag) {
  util::Micros t0 = MonotonicMicros();
  EXPECT_TRUE(SleepUntil(t0 + 20000, nullptr));
  EXPECT_GE(MonotonicMicros(), t0 + 20000);
  EXPECT_TRUE(SleepUntil(t0, nullptr));  // the past: at once
  std::atomic<bool> stop{true};
  util::Micros t1 = MonotonicMicros();
  EXPECT_FALSE(SleepUntil(t1 + 10000000, &stop));
  EXPECT_LT(MonotonicMicros() - t1, 1000000);
}

}  // namespace
}  // namespace lab
