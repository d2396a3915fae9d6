// A sipddos model file: one .safetensors file holding an RNN/LSTM/GRU
// classifier's weights under PyTorch state_dict names plus typed metadata
// (docs/model-format.md).
//
//   nn::ModelFile f;
//   f.meta.model = nn::CellKind::kGru; f.meta.input_size = 32; ...
//   f.tensors["rnn.weight_ih_l0"] = {{3 * 64, 32}, data};   ...
//   util::Status st = f.Save("models/gru.safetensors");        // temp file +
//   rename util::Result<nn::ModelFile> g =
//   nn::ModelFile::Load("models/gru.safetensors");
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "nn/model_metadata.h"
#include "nn/safetensors.h"
#include "util/status.h"

namespace nn {

struct ModelFile {
  ModelMetadata meta;
  std::map<std::string, Tensor>
      tensors;  // exactly the names TensorNames(meta) lists

  // Checks metadata and that the tensors are exactly the expected names with
  // the expected shapes (G*H x I, G*H x H, G*H, G*H per layer; fc.weight 1 x H;
  // fc.bias 1), all finite.
  util::Status Validate() const;

  // Validates, then writes through util::AtomicFile.
  util::Status Save(const std::string& path) const;
  util::Result<std::string> Serialize() const;

  // Reads and validates everything; errors start with the path.
  static util::Result<ModelFile> Load(const std::string& path);
  static util::Result<ModelFile> Parse(std::string_view bytes,
                                       const std::string& name);

  // The tensor names (and shapes) a model with this metadata must have.
  static std::map<std::string, std::vector<int64_t>> ExpectedShapes(
      const ModelMetadata& meta);
};

// Name of a recurrent weight: Weight("weight_ih", 1) == "rnn.weight_ih_l1".
std::string RecurrentTensorName(const std::string& kind, int layer);

}  // namespace nn
