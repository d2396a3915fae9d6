// One dataset split turned into feature vectors (one per INVITE, in file order)
// and 0/1 labels.
//
// Input rules (docs/training.md):
//  - X.csv: the message CSV. Enough for the paper features. The full features
//  need the whole
//    traffic (dialog completion: ACKs after 2xx), so with --features full a CSV
//    is replaced by the pcap beside it (X.pcap) and it is an error when there
//    is none.
//  - X.pcap: every packet goes through the encoder; the k-th INVITE takes its
//  label from the
//    k-th row of X.csv (checked: same Call-ID), so the CSV beside it is
//    required.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "features/feature_schema.h"
#include "util/status.h"

namespace features {

struct EncodedSplit {
  std::string features_from;  // the file the vectors came from (CSV or pcap)
  std::string labels_from;    // the CSV the labels came from
  int features = 0;
  int64_t rows = 0;                // INVITEs
  std::vector<float> x;            // rows * features, row-major
  std::vector<int8_t> labels;      // rows, 0/1
  uint64_t skipped_datagrams = 0;  // pcap input: datagrams that were not SIP
};

util::Result<EncodedSplit> EncodeSplit(const std::string& path, features::FeatureSet set);

}  // namespace features
