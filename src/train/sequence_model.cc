#include "train/sequence_model.h"

#include <cstring>

namespace train {

SequenceModelImpl::SequenceModelImpl(nn::CellKind kind, int input_size, int hidden_size,
                                     int num_layers)
    : kind_(kind), input_size_(input_size), hidden_size_(hidden_size), num_layers_(num_layers) {
  switch (kind) {
    case nn::CellKind::kRnn:
      rnn_ = register_module("rnn", torch::nn::RNN(torch::nn::RNNOptions(input_size, hidden_size)
                                                       .num_layers(num_layers)
                                                       .nonlinearity(torch::kTanh)
                                                       .batch_first(true)));
      break;
    case nn::CellKind::kLstm:
      lstm_ = register_module("rnn", torch::nn::LSTM(torch::nn::LSTMOptions(input_size, hidden_size)
                                                         .num_layers(num_layers)
                                                         .batch_first(true)));
      break;
    case nn::CellKind::kGru:
      gru_ = register_module("rnn", torch::nn::GRU(torch::nn::GRUOptions(input_size, hidden_size)
                                                       .num_layers(num_layers)
                                                       .batch_first(true)));
      break;
  }
  fc_ = register_module("fc", torch::nn::Linear(hidden_size, 1));
}

torch::Tensor SequenceModelImpl::forward(const torch::Tensor& x) {
  torch::Tensor out;
  switch (kind_) {
    case nn::CellKind::kRnn:
      out = std::get<0>(rnn_->forward(x));
      break;
    case nn::CellKind::kLstm:
      out = std::get<0>(lstm_->forward(x));
      break;
    case nn::CellKind::kGru:
      out = std::get<0>(gru_->forward(x));
      break;
  }
  // out: [batch, time, hidden]; the top layer's state after the last step.
  return fc_->forward(out.select(1, out.size(1) - 1)).squeeze(1);
}

std::map<std::string, nn::Tensor> ExportTensors(SequenceModel& model) {
  std::map<std::string, nn::Tensor> out;
  torch::NoGradGuard no_grad;
  for (const auto& p : model->named_parameters()) {
    torch::Tensor t = p.value().detach().to(torch::kFloat32).contiguous();
    nn::Tensor& dst = out[p.key()];
    dst.shape.assign(t.sizes().begin(), t.sizes().end());
    dst.data.resize(size_t(t.numel()));
    std::memcpy(dst.data.data(), t.data_ptr<float>(), dst.data.size() * sizeof(float));
  }
  return out;
}

util::Result<SequenceModel> ImportModel(const nn::ModelFile& file) {
  try {
    SequenceModel model(file.meta.model, file.meta.input_size, file.meta.hidden_size,
                        file.meta.num_layers);
    torch::NoGradGuard no_grad;
    auto params = model->named_parameters();
    if (params.size() != file.tensors.size())
      return util::Status::Error("model has " + std::to_string(file.tensors.size()) +
                                 " tensors, expected " + std::to_string(params.size()));
    for (auto& p : params) {
      auto it = file.tensors.find(p.key());
      if (it == file.tensors.end()) return util::Status::Error("model lacks tensor " + p.key());
      const nn::Tensor& src = it->second;
      if (std::vector<int64_t>(p.value().sizes().begin(), p.value().sizes().end()) != src.shape)
        return util::Status::Error("tensor " + p.key() + " has shape " + src.ShapeString());
      auto view =
          torch::from_blob(const_cast<float*>(src.data.data()), p.value().sizes(), torch::kFloat32);
      p.value().copy_(view);
    }
    model->eval();
    return model;
  } catch (const std::exception& e) {
    return util::Status::Error(std::string("libtorch: ") + e.what());
  }
}

}  // namespace train
