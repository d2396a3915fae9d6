#include "eval/baselines.h"

#include <gtest/gtest.h>

#include "eval/detection_delay.h"
#include "eval/split_rows.h"

namespace eval {
namespace {

// Rows at the given times (seconds) from the given sources, labels as given.
SplitRows Rows(const std::vector<double> &t, const std::vector<uint32_t> &src,
               const std::vector<int8_t> &label) {
  SplitRows r;
  for (size_t i = 0; i < t.size(); ++i) {
    r.time.push_back(util::Micros(t[i] * 1e6));
    r.source.push_back(src[i]);
    r.label.push_back(label[i]);
    r.attack.push_back(label[i] ? 1 : 0);
    r.intensity.push_back(label[i] ? 1 : 0);
  }
  uint32_t max_src = 0;
  for (auto s : src) max_src = std::max(max_src, s);
  for (uint32_t s = 0; s <= max_src; ++s) r.sources.push_back("10.0.0." + std::to_string(s));
  r.attacks.push_back("mrsip:abrupt:random");
  r.intensities.push_back("M");
  return r;
}

TEST(BaselinesTest, PikeFlagsPastSixteenPerSourcePerTwoSeconds) {
  std::vector<double> t;
  std::vector<uint32_t> src;
  for (int i = 0; i < 20; ++i) {  // source 1: 20 INVITEs in [0, 1.9] s
    t.push_back(0.1 * i);
    src.push_back(1);
  }
  for (int i = 0; i < 5; ++i) {  // source 2: 5 INVITEs, then source 1 again in the next interval
    t.push_back(2.0 + 0.1 * i);
    src.push_back(i < 4 ? 2 : 1);
  }
  SplitRows r = Rows(t, src, std::vector<int8_t>(t.size(), 0));
  auto f = FlagMessages(r, PikeRule());
  for (int i = 0; i < 16; ++i) EXPECT_EQ(f[size_t(i)], 0) << i;
  for (int i = 16; i < 20; ++i) EXPECT_EQ(f[size_t(i)], 1) << i;
  for (size_t i = 20; i < f.size(); ++i) EXPECT_EQ(f[i], 0) << i;  // new interval, counts reset
}

TEST(BaselinesTest, EtPeriodStartsAtTheSourcesFirstInvite) {
  // 150 INVITEs from one source, one every 0.5 s starting at t = 30 s: the
  // period [30, 90) holds 120 of them, so INVITEs 100..120 are flagged; the
  // period restarts at t = 90 s.
  std::vector<double> t;
  for (int i = 0; i < 150; ++i) t.push_back(30 + 0.5 * i);
  SplitRows r = Rows(t, std::vector<uint32_t>(t.size(), 0), std::vector<int8_t>(t.size(), 1));
  auto f = FlagMessages(r, EtRule());
  for (int i = 0; i < 99; ++i) EXPECT_EQ(f[size_t(i)], 0) << i;
  for (int i = 99; i < 120; ++i) EXPECT_EQ(f[size_t(i)], 1) << i;
  for (int i = 120; i < 150; ++i) EXPECT_EQ(f[size_t(i)], 0) << i;
}

TEST(BaselinesTest, GlobalRuleCountsAllSources) {
  std::vector<double> t = {0.1, 0.2, 0.3, 0.4, 1.1};
  SplitRows r = Rows(t, {0, 1, 2, 3, 4}, {0, 0, 0, 0, 0});
  auto f = FlagMessages(r, GlobalRule(3));
  EXPECT_EQ(f, (std::vector<int8_t>{0, 0, 0, 1, 0}));
}

TEST(BaselinesTest, PeakLegitimateCountSkipsSecondsWithAttacks) {
  SplitRows r =
      Rows({0.1, 0.2, 1.1, 1.2, 1.3, 1.4, 2.5}, {0, 0, 0, 0, 0, 0, 0}, {0, 0, 0, 0, 1, 0, 0});
  EXPECT_EQ(PeakLegitimateCount(r, 1'000'000), 2);
}

TEST(BaselinesTest, WindowFlaggedWhenAnyMessageIs) {
  dataset::WindowParams p{4, 2, 2};
  std::vector<int8_t> flags = {0, 0, 0, 0, 0, 1, 0, 0};  // windows [0,4) [2,6) [4,8)
  EXPECT_EQ(FlagWindows(flags, p), (std::vector<int8_t>{0, 1, 1}));
}

TEST(EpisodesTest, SplitByGapAndKind) {
  SplitRows r = Rows({0, 1, 2, 3, 4, 20, 21}, std::vector<uint32_t>(7, 0), {0, 1, 1, 0, 1, 1, 1});
  auto eps = FindEpisodes(r, 5'000'000);
  ASSERT_EQ(eps.size(), 2u);
  EXPECT_EQ(eps[0].first_row, 1);
  EXPECT_EQ(eps[0].last_row, 4);
  EXPECT_EQ(eps[0].malicious_rows, 3);
  EXPECT_EQ(eps[1].first_row, 5);
  EXPECT_EQ(eps[1].intensity, "M");
  EXPECT_EQ(eps[1].attack, "mrsip:abrupt:random");
}

TEST(DelayTest, MatchesAlertsToEpisodes) {
  SplitRows r =
      Rows({0, 1, 2, 3, 4, 20, 21, 40}, std::vector<uint32_t>(8, 0), {0, 1, 1, 0, 1, 1, 1, 1});
  auto eps = FindEpisodes(r, 5'000'000);  // [1,4] s, [20,21] s, [40] s
  ASSERT_EQ(eps.size(), 3u);
  std::vector<AlertSpan> alerts = {{2'500'000, 5'000'000},     // starts inside episode 1
                                   {15'000'000, 20'500'000}};  // already active at episode 2
  auto d = MatchEpisodes(r, eps, alerts);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_TRUE(d[0].detected);
  EXPECT_DOUBLE_EQ(d[0].delay_ms, 1500);
  EXPECT_EQ(d[0].invites, 2);  // malicious INVITEs at 1 s and 2 s
  EXPECT_TRUE(d[1].detected);
  EXPECT_DOUBLE_EQ(d[1].delay_ms, 0);
  EXPECT_EQ(d[1].invites, 1);
  EXPECT_FALSE(d[2].detected);
  auto g = AggregateByIntensity(d);
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].intensity, "M");
  EXPECT_EQ(g[0].episodes, 3);
  EXPECT_EQ(g[0].missed, 1);
  EXPECT_DOUBLE_EQ(*g[0].median_ms, 0);  // nearest rank of {0, 1500}
  EXPECT_DOUBLE_EQ(*g[0].p90_ms, 1500);
}

}  // namespace
}  // namespace eval
