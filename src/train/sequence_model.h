// The classifier trained here: torch::nn::RNN (tanh) / LSTM / GRU, batch-first,
// with a linear head on the last time step's top-layer hidden state; outputs
// logits (sigmoid gives the score). Parameter names are exactly the model
// file's tensor names (rnn.weight_ih_l0, ..., fc.bias).
#pragma once

#include <torch/torch.h>

#include "nn/model_file.h"
#include "util/status.h"

namespace train {

class SequenceModelImpl : public torch::nn::Module {
 public:
  SequenceModelImpl(nn::CellKind kind, int input_size, int hidden_size, int num_layers);
  // x: [batch, time, input] -> logits [batch].
  torch::Tensor forward(const torch::Tensor& x);

  nn::CellKind kind() const { return kind_; }
  int input_size() const { return input_size_; }
  int hidden_size() const { return hidden_size_; }
  int num_layers() const { return num_layers_; }

 private:
  nn::CellKind kind_;
  int input_size_, hidden_size_, num_layers_;
  torch::nn::RNN rnn_{nullptr};
  torch::nn::LSTM lstm_{nullptr};
  torch::nn::GRU gru_{nullptr};
  torch::nn::Linear fc_{nullptr};
};
TORCH_MODULE(SequenceModel);

// Copies the parameters into model-file tensors (F32, state_dict names and
// shapes).
std::map<std::string, nn::Tensor> ExportTensors(SequenceModel& model);
// Builds a model from a model file's metadata and tensors. Catches libtorch's
// exceptions.
util::Result<SequenceModel> ImportModel(const nn::ModelFile& file);

}  // namespace train
