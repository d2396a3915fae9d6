// Binary classification counts and the paper's metrics (Eq. 2-6), malicious =
// positive.
#pragma once

#include <cstdint>
#include <string>

namespace dataset {

struct Confusion {
  int64_t tp = 0, fp = 0, tn = 0, fn = 0;

  void Add(bool predicted_malicious, bool malicious) {
    if (predicted_malicious) {
      malicious ? ++tp : ++fp;
    } else {
      malicious ? ++fn : ++tn;
    }
  }
  int64_t total() const { return tp + fp + tn + fn; }
  int64_t misclassified() const { return fp + fn; }
  double accuracy() const { return total() ? double(tp + tn) / double(total()) : 0; }
  double precision() const { return tp + fp ? double(tp) / double(tp + fp) : 0; }
  double recall() const { return tp + fn ? double(tp) / double(tp + fn) : 0; }
  double f1() const {
    double p = precision(), r = recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0;
  }
  double iou() const { return tp + fp + fn ? double(tp) / double(tp + fp + fn) : 0; }
  // "acc 0.9990 prec 0.9985 rec 0.9993 f1 0.9989 miss 12 (fp 5 fn 7)"
  std::string Summary() const;
};

}  // namespace dataset
