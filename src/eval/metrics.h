// The paper's window metrics (§4.5, Eq. 2-6) plus FP/FN rates, from a confusion
// matrix (malicious = positive). Convention for empty classes: a ratio whose
// denominator is 0 is undefined and comes back as nullopt (JSON null, "-" in
// the report), never a division by zero and never a made-up 0 or 1.
// docs/evaluation.md lists every definition.
#pragma once

#include <optional>

#include "dataset/confusion.h"

namespace eval {

struct Metrics {
  std::optional<double> accuracy;   // (tp + tn) / all                 undefined: no windows
  std::optional<double> precision;  // tp / (tp + fp)                  undefined: nothing flagged
  std::optional<double> recall;     // tp / (tp + fn)                  undefined: no malicious
  std::optional<double> f1;         // 2tp / (2tp + fp + fn)  (= Eq. 5 when P and R exist)
  std::optional<double> iou;        // tp / (tp + fp + fn)             undefined: tp+fp+fn = 0
  std::optional<double> fp_rate;    // fp / (fp + tn)                  undefined: no legitimate
  std::optional<double> fn_rate;    // fn / (fn + tp)                  undefined: no malicious
};

// a / b, nullopt when b == 0.
std::optional<double> Ratio(double a, double b);

Metrics ComputeMetrics(const dataset::Confusion &c);

}  // namespace eval
