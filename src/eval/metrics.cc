#include "eval/metrics.h"

namespace eval {

std::optional<double> Ratio(double a, double b) {
  if (b == 0) return std::nullopt;
  return a / b;
}

Metrics ComputeMetrics(const dataset::Confusion &c) {
  const double tp = double(c.tp), fp = double(c.fp), tn = double(c.tn), fn = double(c.fn);
  Metrics m;
  m.accuracy = Ratio(tp + tn, tp + tn + fp + fn);
  m.precision = Ratio(tp, tp + fp);
  m.recall = Ratio(tp, tp + fn);
  m.f1 = Ratio(2 * tp, 2 * tp + fp + fn);
  m.iou = Ratio(tp, tp + fp + fn);
  m.fp_rate = Ratio(fp, fp + tn);
  m.fn_rate = Ratio(fn, fn + tp);
  return m;
}

}  // namespace eval
