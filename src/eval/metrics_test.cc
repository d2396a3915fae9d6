#include "eval/metrics.h"

#include <gtest/gtest.h>

#include "eval/curves.h"

namespace eval {
namespace {

dataset::Confusion Make(int64_t tp, int64_t fp, int64_t tn, int64_t fn) {
  dataset::Confusion c;
  c.tp = tp;
  c.fp = fp;
  c.tn = tn;
  c.fn = fn;
  return c;
}

TEST(MetricsTest, HandComputedMatrix) {
  // tp 8, fp 2, tn 85, fn 5: 100 windows.
  Metrics m = ComputeMetrics(Make(8, 2, 85, 5));
  EXPECT_DOUBLE_EQ(*m.accuracy, 93.0 / 100.0);
  EXPECT_DOUBLE_EQ(*m.precision, 8.0 / 10.0);
  EXPECT_DOUBLE_EQ(*m.recall, 8.0 / 13.0);
  // 2PR/(P+R) = 2*0.8*(8/13) / (0.8 + 8/13) = 16/23.
  EXPECT_NEAR(*m.f1, 16.0 / 23.0, 1e-12);
  EXPECT_DOUBLE_EQ(*m.iou, 8.0 / 15.0);
  EXPECT_DOUBLE_EQ(*m.fp_rate, 2.0 / 87.0);
  EXPECT_DOUBLE_EQ(*m.fn_rate, 5.0 / 13.0);
}

TEST(MetricsTest, PerfectClassifier) {
  Metrics m = ComputeMetrics(Make(40, 0, 60, 0));
  EXPECT_EQ(*m.accuracy, 1.0);
  EXPECT_EQ(*m.precision, 1.0);
  EXPECT_EQ(*m.recall, 1.0);
  EXPECT_EQ(*m.f1, 1.0);
  EXPECT_EQ(*m.iou, 1.0);
  EXPECT_EQ(*m.fp_rate, 0.0);
  EXPECT_EQ(*m.fn_rate, 0.0);
}

TEST(MetricsTest, NoMaliciousWindowsLeavesRecallUndefined) {
  // Only legitimate windows, 3 of 50 flagged.
  Metrics m = ComputeMetrics(Make(0, 3, 47, 0));
  EXPECT_DOUBLE_EQ(*m.accuracy, 47.0 / 50.0);
  EXPECT_EQ(*m.precision, 0.0);  // something was flagged, none of it right
  EXPECT_FALSE(m.recall.has_value());
  EXPECT_FALSE(m.fn_rate.has_value());
  EXPECT_EQ(*m.f1, 0.0);
  EXPECT_EQ(*m.iou, 0.0);
  EXPECT_DOUBLE_EQ(*m.fp_rate, 3.0 / 50.0);
}

TEST(MetricsTest, NothingFlaggedLeavesPrecisionUndefined) {
  Metrics m = ComputeMetrics(Make(0, 0, 90, 10));
  EXPECT_FALSE(m.precision.has_value());
  EXPECT_EQ(*m.recall, 0.0);
  EXPECT_EQ(*m.f1, 0.0);
  EXPECT_EQ(*m.fn_rate, 1.0);
  EXPECT_EQ(*m.fp_rate, 0.0);
}

TEST(MetricsTest, OnlyTrueNegativesLeavesF1AndIouUndefined) {
  Metrics m = ComputeMetrics(Make(0, 0, 12, 0));
  EXPECT_EQ(*m.accuracy, 1.0);
  EXPECT_FALSE(m.precision.has_value());
  EXPECT_FALSE(m.recall.has_value());
  EXPECT_FALSE(m.f1.has_value());
  EXPECT_FALSE(m.iou.has_value());
  EXPECT_EQ(*m.fp_rate, 0.0);
}

TEST(MetricsTest, EmptyMatrixIsAllUndefined) {
  Metrics m = ComputeMetrics(Make(0, 0, 0, 0));
  EXPECT_FALSE(m.accuracy || m.precision || m.recall || m.f1 || m.iou || m.fp_rate || m.fn_rate);
}

TEST(CurvesTest, RocAndPrOnHandComputedScores) {
  // Scores descending: 0.9(1) 0.8(0) 0.7(1) 0.6(1) 0.2(0) 0.1(0).
  std::vector<float> s = {0.1f, 0.9f, 0.7f, 0.8f, 0.6f, 0.2f};
  std::vector<int8_t> y = {0, 1, 1, 0, 1, 0};
  Curves c = ComputeCurves(s, y);
  // ROC points: (0,0) (0,1/3) (1/3,1/3) (1/3,2/3) (1/3,1) (2/3,1) (1,1); AUC =
  // the share of (positive, negative) pairs ranked right: 0.9 beats 3, 0.7 and
  // 0.6 beat 2 each: 7 of 9.
  ASSERT_TRUE(c.roc_auc.has_value());
  EXPECT_NEAR(*c.roc_auc, 7.0 / 9.0, 1e-12);
  ASSERT_EQ(c.roc.size(), 7u);
  EXPECT_DOUBLE_EQ(c.roc.back().x, 1.0);
  EXPECT_DOUBLE_EQ(c.roc.back().y, 1.0);
  // AP = 1/3*1 + 1/3*(2/3) + 1/3*(3/4).
  ASSERT_TRUE(c.average_precision.has_value());
  EXPECT_NEAR(*c.average_precision, (1.0 + 2.0 / 3.0 + 0.75) / 3.0, 1e-12);
}

TEST(CurvesTest, TiedScoresMoveTogether) {
  std::vector<float> s = {0.5f, 0.5f, 0.5f, 0.5f};
  std::vector<int8_t> y = {1, 0, 1, 0};
  Curves c = ComputeCurves(s, y);
  ASSERT_EQ(c.roc.size(), 2u);  // (0,0) then (1,1): a random scorer
  EXPECT_NEAR(*c.roc_auc, 0.5, 1e-12);
}

TEST(CurvesTest, OneClassLeavesAucUndefined) {
  std::vector<float> s = {0.3f, 0.6f};
  std::vector<int8_t> y = {0, 0};
  Curves c = ComputeCurves(s, y);
  EXPECT_FALSE(c.roc_auc.has_value());
  EXPECT_FALSE(c.average_precision.has_value());
}

TEST(CurvesTest, DownsampleKeepsEnds) {
  std::vector<CurvePoint> c;
  for (int i = 0; i < 1000; ++i) c.push_back({double(i), double(i), 0});
  auto d = Downsample(c, 10);
  ASSERT_EQ(d.size(), 10u);
  EXPECT_EQ(d.front().x, 0);
  EXPECT_EQ(d.back().x, 999);
}

TEST(CurvesTest, QuantileByNearestRank) {
  std::vector<double> v = {5, 1, 4, 2, 3, 6, 7, 8, 9, 10};
  EXPECT_EQ(*Quantile(v, 0.5), 5);
  EXPECT_EQ(*Quantile(v, 0.9), 9);
  EXPECT_EQ(*Quantile(v, 0.99), 10);
  EXPECT_EQ(*Quantile(v, 0.0), 1);
  EXPECT_FALSE(Quantile({}, 0.5).has_value());
}

}  // namespace
}  // namespace eval
