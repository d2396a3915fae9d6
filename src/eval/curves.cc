#include "eval/curves.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace eval {

Curves ComputeCurves(std::span<const float> scores, std::span<const int8_t> labels) {
  Curves c;
  const size_t n = std::min(scores.size(), labels.size());
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return scores[a] > scores[b]; });
  int64_t pos = 0;
  for (size_t i = 0; i < n; ++i) pos += labels[i] ? 1 : 0;
  const int64_t neg = int64_t(n) - pos;
  c.roc.push_back({0, 0, 1.0 + 1e-9});
  int64_t tp = 0, fp = 0;
  double auc = 0, ap = 0, prev_fpr = 0, prev_tpr = 0, prev_recall = 0;
  for (size_t i = 0; i < n;) {
    const float t = scores[order[i]];
    // All windows with the same score are flagged together.
    for (; i < n && scores[order[i]] == t; ++i) labels[order[i]] ? ++tp : ++fp;
    const double tpr = pos ? double(tp) / double(pos) : 0;
    const double fpr = neg ? double(fp) / double(neg) : 0;
    c.roc.push_back({fpr, tpr, t});
    auc += (fpr - prev_fpr) * (tpr + prev_tpr) / 2;
    prev_fpr = fpr;
    prev_tpr = tpr;
    const double precision = double(tp) / double(tp + fp);
    c.pr.push_back({tpr, precision, t});
    ap += (tpr - prev_recall) * precision;
    prev_recall = tpr;
  }
  if (pos > 0 && neg > 0) c.roc_auc = auc;
  if (pos > 0) c.average_precision = ap;
  return c;
}

std::vector<CurvePoint> Downsample(const std::vector<CurvePoint> &c, size_t max_points) {
  if (c.size() <= max_points || max_points < 2) return c;
  std::vector<CurvePoint> out;
  out.reserve(max_points);
  for (size_t k = 0; k < max_points; ++k) {
    size_t i = size_t(std::llround(double(k) * double(c.size() - 1) / double(max_points - 1)));
    out.push_back(c[i]);
  }
  return out;
}

std::optional<double> Quantile(std::vector<double> values, double q) {
  if (values.empty()) return std::nullopt;
  q = std::clamp(q, 0.0, 1.0);
  size_t rank = size_t(std::ceil(q * double(values.size())));
  size_t idx = rank == 0 ? 0 : rank - 1;
  std::nth_element(values.begin(), values.begin() + long(idx), values.end());
  return values[idx];
}

}  // namespace eval
