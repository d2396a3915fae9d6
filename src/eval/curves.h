// Threshold-free views of a scorer: ROC and precision-recall curves over every
// distinct score, their areas, and downsampling for plots. Malicious (label 1)
// is the positive class.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace eval {

struct CurvePoint {
  double x = 0, y = 0;
  double threshold = 0;  // flagged when score >= threshold
};

struct Curves {
  std::vector<CurvePoint> roc;    // x = FP rate, y = TP rate; from (0,0) to (1,1)
  std::vector<CurvePoint> pr;     // x = recall, y = precision; one point per distinct threshold
  std::optional<double> roc_auc;  // trapezoids; undefined when a class is empty
  std::optional<double> average_precision;  // sum (R_i - R_{i-1}) P_i; undefined: no positives
};

// scores and labels (0/1) have the same length.
Curves ComputeCurves(std::span<const float> scores, std::span<const int8_t> labels);

// At most max_points points, the first and last always kept, the rest evenly by
// index.
std::vector<CurvePoint> Downsample(const std::vector<CurvePoint> &c, size_t max_points);

// The q-quantile (0..1) by nearest rank of unsorted values (copied); nullopt
// when empty.
std::optional<double> Quantile(std::vector<double> values, double q);

}  // namespace eval
