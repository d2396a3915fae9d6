#include "train/torch_reference.h"

#include <torch/torch.h>

#include <cstring>
#include <variant>

namespace train {

struct TorchReference::Impl {
  nn::CellKind kind;
  int input_size = 0;
  torch::nn::RNN rnn{nullptr};
  torch::nn::LSTM lstm{nullptr};
  torch::nn::GRU gru{nullptr};
  torch::nn::Linear fc{nullptr};
  torch::Tensor mean, stdev;
};

namespace {

torch::Tensor ToTorch(const nn::Tensor& t) {
  return torch::from_blob(const_cast<float*>(t.data.data()), t.shape,
                          torch::kFloat32)
      .clone();
}

// Copies file tensors named prefix + parameter name into the module's
// parameters.
void CopyParameters(torch::nn::Module& module, const std::string& prefix,
                    const nn::ModelFile& f) {
  torch::NoGradGuard no_grad;
  for (auto& p : module.named_parameters()) {
    const nn::Tensor& t = f.tensors.at(prefix + p.key());
    p.value().copy_(ToTorch(t));
  }
}

}  // namespace

util::Result<TorchReference> TorchReference::Create(const nn::ModelFile& file) {
  SIPDDOS_RETURN_IF_ERROR(file.Validate());
  try {
    auto impl = std::make_shared<Impl>();
    const nn::ModelMetadata& m = file.meta;
    impl->kind = m.model;
    impl->input_size = m.input_size;
    switch (m.model) {
      case nn::CellKind::kRnn:
        impl->rnn =
            torch::nn::RNN(torch::nn::RNNOptions(m.input_size, m.hidden_size)
                               .num_layers(m.num_layers)
                               .nonlinearity(torch::kTanh)
                               .batch_first(true));
        CopyParameters(*impl->rnn, "rnn.", file);
        impl->rnn->eval();
        break;
      case nn::CellKind::kLstm:
        impl->lstm =
            torch::nn::LSTM(torch::nn::LSTMOptions(m.input_size, m.hidden_size)
                                .num_layers(m.num_layers)
                                .batch_first(true));
        CopyParameters(*impl->lstm, "rnn.", file);
        impl->lstm->eval();
        break;
      case nn::CellKind::kGru:
        impl->gru =
            torch::nn::GRU(torch::nn::GRUOptions(m.input_size, m.hidden_size)
                               .num_layers(m.num_layers)
                               .batch_first(true));
        CopyParameters(*impl->gru, "rnn.", file);
        impl->gru->eval();
        break;
    }
    impl->fc = torch::nn::Linear(m.hidden_size, 1);
    CopyParameters(*impl->fc, "fc.", file);
    impl->fc->eval();
    impl->mean = torch::tensor(m.norm_mean, torch::kFloat32);
    impl->stdev = torch::tensor(m.norm_std, torch::kFloat32);
    TorchReference r;
    r.impl_ = std::move(impl);
    return r;
  } catch (const std::exception& e) {
    return util::Status::Error(
        std::string("libtorch: cannot build the reference model: ") + e.what());
  }
}

util::Status TorchReference::Infer(const float* windows, int n, int steps,
                                   float* scores, float* logits) const {
  if (n <= 0) return util::Status::Ok();
  try {
    torch::NoGradGuard no_grad;
    Impl& m = *impl_;  // forward() is non-const in libtorch
    torch::Tensor x = torch::from_blob(
        const_cast<float*>(windows), {n, steps, m.input_size}, torch::kFloat32);
    x = (x - m.mean) / m.stdev;
    torch::Tensor out;
    switch (m.kind) {
      case nn::CellKind::kRnn:
        out = std::get<0>(m.rnn->forward(x));
        break;
      case nn::CellKind::kLstm:
        out = std::get<0>(m.lstm->forward(x));
        break;
      case nn::CellKind::kGru:
        out = std::get<0>(m.gru->forward(x));
        break;
    }
    torch::Tensor lg =
        m.fc->forward(out.select(1, steps - 1)).reshape({n}).contiguous();
    torch::Tensor sc = torch::sigmoid(lg).contiguous();
    std::memcpy(scores, sc.data_ptr<float>(), sizeof(float) * n);
    if (logits) std::memcpy(logits, lg.data_ptr<float>(), sizeof(float) * n);
    return util::Status::Ok();
  } catch (const std::exception& e) {
    return util::Status::Error(std::string("libtorch forward failed: ") +
                               e.what());
  }
}

void TorchReference::SetNumThreads(int threads) {
  at::set_num_threads(threads);
}

}  // namespace train
