#include "features/feature_schema.h"

#include <array>
#include <string>

namespace features {
namespace {

constexpr std::array<std::string_view, kFullCount> kNames = {
    "iat_log",
    "from_user_len",
    "from_user_digit_share",
    "call_id_len",
    "call_id_digit_share",
    "call_id_has_host",
    "call_id_host_is_from_host",
    "contact_user_is_from_user",
    "contact_host_is_from_host",
    "from_host_is_source",
    "contact_host_is_source",
    "same_source_as_previous",
    "call_id_repeat",
    "via_host_is_source",
    "source_seen",
    "source_since_log",
    "source_invites_log",
    "source_rate_1s_log",
    "source_rate_10s_log",
    "global_rate_1s_log",
    "global_rate_10s_log",
    "global_rate_60s_log",
    "new_source_share_10s",
    "source_completed",
    "source_completion_ratio",
    "global_completion_10s",
    "global_completion_60s",
};

}  // namespace

int FeatureCount(FeatureSet set) { return set == FeatureSet::kPaper ? kPaperCount : kFullCount; }

std::string_view FeatureSetName(FeatureSet set) {
  return set == FeatureSet::kPaper ? "paper" : "full";
}

util::Result<FeatureSet> ParseFeatureSet(std::string_view name) {
  if (name == "paper") return FeatureSet::kPaper;
  if (name == "full") return FeatureSet::kFull;
  return util::Status::Error("unknown feature set '" + std::string(name) +
                             "' (expected full or paper)");
}

util::Result<FeatureSet> CheckModelFeatures(std::string_view feature_set, int feature_schema) {
  auto set = ParseFeatureSet(feature_set);
  if (!set.ok()) return set.status().WithContext("model feature_set");
  if (feature_schema != kSchemaVersion) {
    return util::Status::Error(
        "model was trained with feature schema " + std::to_string(feature_schema) +
        " but this build's feature encoder is schema " + std::to_string(kSchemaVersion) +
        ": the features differ, retrain the model with "
        "this build (sipddos train)");
  }
  return set;
}

std::span<const std::string_view> FeatureNames(FeatureSet set) {
  return std::span<const std::string_view>(kNames.data(), size_t(FeatureCount(set)));
}

}  // namespace features
