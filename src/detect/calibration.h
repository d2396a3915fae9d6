// Threshold calibration on an operator's benign traffic (`sipddos calibrate`,
// docs/calibration.md): the choice of threshold from window scores, and the
// `calibration` record a calibrated model file keeps in its metadata (key
// "calibration", a JSON object).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nn/model_metadata.h"
#include "util/status.h"

namespace detect {

inline constexpr const char *kCalibrationKey = "calibration";

struct ThresholdChoice {
  uint64_t windows = 0;
  // The lowest threshold whose window false-positive rate on the scores is <=
  // the target (a window is malicious when score >= threshold); 1 when even
  // that exceeds the target.
  float measured = 1;
  bool target_met = true;        // false only when scores of 1.0 alone exceed the target
  bool measurable = false;       // windows >= 1/target: at least one false positive is allowed
  float chosen = 1;              // measured, or the model's threshold when that is higher
                                 // and lowering was not allowed
  uint64_t false_positives = 0;  // windows scoring >= chosen
  double achieved_fp_rate = 0;   // false_positives / windows
};

// scores: every window score of the benign capture(s); target in (0, 1). Needs
// windows > 0.
ThresholdChoice ChooseThreshold(std::vector<float> scores, double target, float model_threshold,
                                bool allow_lower);

struct CalibrationCapture {
  std::string name;  // file name
  std::string path;  // as given
  uint64_t bytes = 0;
  uint64_t windows = 0;  // windows scored in it
};

struct CalibrationRecord {
  std::vector<CalibrationCapture> captures;
  uint64_t windows = 0;
  double target_fp_rate = 0;
  double achieved_fp_rate = 0;
  uint64_t false_positive_windows = 0;
  bool measurable = false;
  float old_threshold = 0, measured_threshold = 0, threshold = 0;
  bool allow_lower = false;
  std::string date;  // ISO 8601, UTC

  std::string ToJson() const;
  static util::Result<CalibrationRecord> FromJson(std::string_view json);
  // "calibrated on a.pcap, b.pcap (N windows, FP 0.0000)"
  std::string Describe() const;
};

// Where a model's own threshold comes from: "model default", or the calibration
// record's Describe() when the metadata has one (a malformed record says so
// rather than failing).
std::string ModelThresholdSource(const nn::ModelMetadata &meta);

}  // namespace detect
