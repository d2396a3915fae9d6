// `sipddos train`: encode the splits, build windows (dataset's window rule),
// train an RNN/LSTM/GRU with BCEWithLogits + Adam, keep the epoch with the best
// validation F1, write the model file. libtorch's exceptions are caught here
// and come back as util::Status.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "dataset/windows.h"
#include "features/feature_schema.h"
#include "nn/model_metadata.h"
#include "dataset/confusion.h"
#include "util/status.h"

namespace train {

using dataset::Confusion;

struct TrainOptions {
  nn::CellKind model = nn::CellKind::kGru;
  std::string train_path, val_path, out_path;
  std::vector<std::string> test_paths;  // evaluated with the kept model after training
  features::FeatureSet features = features::FeatureSet::kFull;
  dataset::WindowParams windows;  // W, step, min_malicious
  int epochs = 10;
  int batch = 250;
  int hidden = 64;
  int layers = 1;
  double lr = 1e-3;
  uint64_t seed = 1;
  int threads = 1;  // libtorch intra-op threads; 0: every core (docs/training.md: 1 is fastest here)
  bool class_weights = false;  // weight malicious windows by negatives / positives
  bool verbose = false;
  bool progress = false;     // redraw a progress bar on `log` (a terminal)
  FILE* log = stderr;        // epoch lines and verbose notes; nullptr for silence
  std::string command_line;  // stored as train_command
};

struct EpochReport {
  int epoch = 0;  // 1-based
  double loss = 0;      // mean training loss
  Confusion val;
  double val_loss = 0;  // mean validation loss (breaks ties between equal validation F1)
  double seconds = 0;      // wall time of the epoch's training pass (excluding validation)
  double cpu_seconds = 0;  // process CPU time of the same (all threads; less noisy when shared)
};

struct TrainReport {
  int64_t train_windows = 0, val_windows = 0;
  double encode_seconds = 0;
  std::vector<EpochReport> epochs;
  int best_epoch = 0;
  std::vector<std::pair<std::string, Confusion>> tests;
  std::vector<std::string> blas;  // BLAS libraries mapped in the process
};

util::Result<TrainReport> Train(const TrainOptions& options);

// Evaluates a model file on a split (CSV or pcap, as EncodeSplit reads them) at
// its threshold. Rejects a model whose feature schema differs from this build's
// encoder.
util::Result<Confusion> EvaluateModelFile(const std::string& model_path,
                                          const std::string& split_path);

}  // namespace train
