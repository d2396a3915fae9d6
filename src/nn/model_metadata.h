// The "__metadata__" of a sipddos model file (docs/model-format.md), as typed
// values. In the file every value is a string; FromStrings/ToStrings convert
// and validate.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "util/status.h"

namespace nn {

enum class CellKind { kRnn, kLstm, kGru };

const char* CellKindName(CellKind k);  // "rnn", "lstm", "gru"
// Gates per cell: 1 (rnn), 4 (lstm: i,f,g,o), 3 (gru: r,z,n), PyTorch's order.
int GateCount(CellKind k);

struct ModelMetadata {
  static constexpr const char* kFormat = "sipddos-model";
  static constexpr int kVersion = 1;

  CellKind model = CellKind::kGru;
  int input_size = 0;
  int hidden_size = 0;
  int num_layers = 1;
  std::string feature_set = "full";  // "full" or "paper"
  int feature_schema = 0;            // the feature encoder's schema version
  int window = 10;
  int step = 2;
  int min_malicious = 2;
  float threshold = 0.5f;
  std::vector<float> norm_mean;  // input_size values; input is (x - mean) / std
  std::vector<float> norm_std;   // input_size values, each > 0
  // Free-text provenance.
  std::string train_command;
  std::string trained_on;
  std::string created;
  // Keys this version does not know, kept so a load/save round trip preserves
  // them.
  std::map<std::string, std::string> extra;

  // Checks ranges and consistency (sizes, norm vectors, threshold in [0,1],
  // ...).
  util::Status Validate() const;
  std::map<std::string, std::string> ToStrings() const;
  // Parses and validates; errors name the key and the offending value.
  static util::Result<ModelMetadata> FromStrings(
      const std::map<std::string, std::string>& m);
};

}  // namespace nn
