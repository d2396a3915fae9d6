#include "detect/calibration.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>

namespace detect {

ThresholdChoice ChooseThreshold(std::vector<float> scores, double target, float model_threshold,
                                bool allow_lower) {
  ThresholdChoice c;
  c.windows = scores.size();
  if (scores.empty()) return c;
  std::sort(scores.begin(), scores.end(), std::greater<float>());
  const double n = double(scores.size());
  // Most false positives allowed; the epsilon keeps 1e-4 * 10000 from flooring
  // to 0.
  const uint64_t allowed = uint64_t(std::floor(target * n + 1e-9));
  c.measurable = allowed >= 1;
  if (allowed >= scores.size()) {
    c.measured = 0;
  } else {
    // Every threshold <= scores[allowed] flags allowed + 1 windows; the next
    // float up flags only those strictly above it.
    c.measured = std::nextafter(scores[allowed], 2.0f);
    if (c.measured > 1) {
      c.measured = 1;
      c.target_met = false;
    }
  }
  c.chosen = allow_lower ? c.measured : std::max(c.measured, model_threshold);
  c.false_positives = uint64_t(
      std::partition_point(scores.begin(), scores.end(), [&](float s) { return s >= c.chosen; }) -
      scores.begin());
  c.achieved_fp_rate = double(c.false_positives) / n;
  return c;
}

std::string CalibrationRecord::ToJson() const {
  nlohmann::json caps = nlohmann::json::array();
  for (const auto &c : captures)
    caps.push_back(
        {{"name", c.name}, {"path", c.path}, {"bytes", c.bytes}, {"windows", c.windows}});
  nlohmann::json j = {{"captures", caps},
                      {"windows", windows},
                      {"target_fp_rate", target_fp_rate},
                      {"achieved_fp_rate", achieved_fp_rate},
                      {"false_positive_windows", false_positive_windows},
                      {"measurable", measurable},
                      {"old_threshold", old_threshold},
                      {"measured_threshold", measured_threshold},
                      {"threshold", threshold},
                      {"allow_lower", allow_lower},
                      {"date", date}};
  // Header values are attacker bytes, not always UTF-8: replace, never throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

util::Result<CalibrationRecord> CalibrationRecord::FromJson(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return util::Status::Error("calibration record is not a JSON object");
  CalibrationRecord r;
  try {
    for (const auto &c : j.at("captures"))
      r.captures.push_back({c.at("name").get<std::string>(), c.value("path", std::string()),
                            c.value("bytes", uint64_t(0)), c.value("windows", uint64_t(0))});
    r.windows = j.at("windows").get<uint64_t>();
    r.target_fp_rate = j.at("target_fp_rate").get<double>();
    r.achieved_fp_rate = j.at("achieved_fp_rate").get<double>();
    r.false_positive_windows = j.value("false_positive_windows", uint64_t(0));
    r.measurable = j.value("measurable", false);
    r.old_threshold = j.at("old_threshold").get<float>();
    r.measured_threshold = j.value("measured_threshold", 0.f);
    r.threshold = j.at("threshold").get<float>();
    r.allow_lower = j.value("allow_lower", false);
    r.date = j.value("date", std::string());
  } catch (const nlohmann::json::exception &e) {
    return util::Status::Error(std::string("calibration record: ") + e.what());
  }
  return r;
}

std::string CalibrationRecord::Describe() const {
  std::string names;
  for (const auto &c : captures) names += (names.empty() ? "" : ", ") + c.name;
  char buf[96];
  std::snprintf(buf, sizeof buf, " (%llu windows, FP %.4f)", (unsigned long long)windows,
                achieved_fp_rate);
  return "calibrated on " + names + buf;
}

std::string ModelThresholdSource(const nn::ModelMetadata &meta) {
  auto it = meta.extra.find(kCalibrationKey);
  if (it == meta.extra.end()) return "model default";
  auto r = CalibrationRecord::FromJson(it->second);
  if (!r.ok())
    return "model metadata (unreadable calibration record: " + r.status().message() + ")";
  return r->Describe();
}

}  // namespace detect
