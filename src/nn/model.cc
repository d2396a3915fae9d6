#include "nn/model.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstring>

namespace nn {
namespace {

using util::Status;
using Stride = Eigen::OuterStride<>;
using MatMap = Eigen::Map<Eigen::MatrixXf, Eigen::Unaligned, Stride>;
using ConstMatMap = Eigen::Map<const Eigen::MatrixXf, Eigen::Unaligned, Stride>;
using Vec = Eigen::Map<Eigen::ArrayXf>;
using ConstVec = Eigen::Map<const Eigen::ArrayXf>;

constexpr size_t kAlignFloats = 16;  // 64-byte cache lines

size_t RoundUp(size_t n) {
  return (n + kAlignFloats - 1) / kAlignFloats * kAlignFloats;
}

// PyTorch stores [rows][cols] row-major; the kernels want column-major rows x
// cols.
std::vector<float> ToColumnMajor(const Tensor& t) {
  const int64_t rows = t.shape[0], cols = t.shape[1];
  std::vector<float> out(rows * cols);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < cols; ++c) out[c * rows + r] = t.data[r * cols + c];
  return out;
}

float Sigmoid(float x) { return 1.f / (1.f + std::exp(-x)); }

}  // namespace

util::Result<Model> Model::Create(const ModelFile& file) {
  SIPDDOS_RETURN_IF_ERROR(file.Validate());
  Model m;
  m.meta_ = file.meta;
  const int h = m.meta_.hidden_size;
  m.gh_ = GateCount(m.meta_.model) * h;
  const bool gru = m.meta_.model == CellKind::kGru;
  for (int l = 0; l < m.meta_.num_layers; ++l) {
    Layer layer;
    const Tensor& w_ih = file.tensors.at(RecurrentTensorName("weight_ih", l));
    const Tensor& b_ih = file.tensors.at(RecurrentTensorName("bias_ih", l));
    const Tensor& b_hh = file.tensors.at(RecurrentTensorName("bias_hh", l));
    layer.in = static_cast<int>(w_ih.shape[1]);
    layer.w_ih = ToColumnMajor(w_ih);
    layer.w_hh =
        ToColumnMajor(file.tensors.at(RecurrentTensorName("weight_hh", l)));
    // b_hh joins the input bias, except GRU's n gate where r multiplies (W_hn h
    // + b_hn).
    layer.b_x = b_ih.data;
    const int joined = gru ? 2 * h : m.gh_;
    for (int i = 0; i < joined; ++i) layer.b_x[i] += b_hh.data[i];
    if (gru) layer.b_hn.assign(b_hh.data.begin() + 2 * h, b_hh.data.end());
    if (l == 0) {
      // W ((x - mean) / std) + b == (W / std) x + (b - (W / std) mean).
      for (int c = 0; c < layer.in; ++c) {
        const float inv = 1.f / m.meta_.norm_std[c];
        for (int r = 0; r < m.gh_; ++r) {
          float& w = layer.w_ih[static_cast<size_t>(c) * m.gh_ + r];
          w *= inv;
          layer.b_x[r] -= w * m.meta_.norm_mean[c];
        }
      }
    }
    m.layers_.push_back(std::move(layer));
  }
  m.fc_w_ = file.tensors.at("fc.weight").data;
  m.fc_b_ = file.tensors.at("fc.bias").data[0];
  return m;
}

double Model::FlopsPerWindow(int steps) const {
  double f = 0;
  for (const Layer& l : layers_)
    f += 2.0 * gh_ * (l.in + meta_.hidden_size) * steps;
  return f + 2.0 * meta_.hidden_size;
}

Workspace Model::NewWorkspace(int max_batch, int max_steps) const {
  Workspace ws;
  ws.max_batch_ = std::max(1, max_batch);
  ws.max_steps_ = max_steps > 0 ? max_steps : meta_.window;
  ws.owner_ = this;
  const size_t c = ws.max_batch_, t = ws.max_steps_, h = meta_.hidden_size;
  size_t at = 0;
  auto take = [&at](size_t floats) {
    size_t off = at;
    at += RoundUp(floats);
    return off;
  };
  ws.xproj_ = take(gh_ * c * t);
  ws.out_[0] = take(h * c * t);
  ws.out_[1] = layers_.size() > 1 ? take(h * c * t) : ws.out_[0];
  ws.hproj_ = take(gh_ * c);
  ws.cell_ = take(h * c);
  ws.gate_ = take(h * c);
  ws.zero_ = take(h * c);
  ws.logits_ = take(c);
  ws.mem_.reset(
      static_cast<float*>(std::aligned_alloc(64, RoundUp(at) * sizeof(float))));
  std::memset(ws.mem_.get(), 0, at * sizeof(float));
  return ws;
}

Status Model::CheckCall(int n, int steps, const Workspace& ws) const {
  if (ws.owner_ != this)
    return Status::Error("nn: workspace was not made by this model");
  if (n < 0) return Status::Error("nn: negative batch size");
  if (steps < 1 || steps > ws.max_steps_)
    return Status::Error("nn: " + std::to_string(steps) +
                         " steps per window, workspace holds 1.." +
                         std::to_string(ws.max_steps_));
  return Status::Ok();
}

void Model::RunLayer(int l, const float* const* xp_steps, const float* xp,
                     long x_col, long x_step, int n, int steps,
                     Workspace& ws) const {
  const int h = meta_.hidden_size, gh = gh_;
  const Layer& layer = layers_[l];
  float* mem = ws.mem_.get();
  float* out = mem + ws.out_[l % 2];
  float* hp = mem + ws.hproj_;
  float* cell = mem + ws.cell_;
  float* gate = mem + ws.gate_;
  const float* zero =
      mem + ws.zero_;  // stays all zero: the initial hidden state
  const ConstMatMap w_hh(layer.w_hh.data(), gh, h, Stride(gh));
  const long s_col =
      static_cast<long>(steps) * h;  // out: window b, step t at b*s_col + t*h
  if (meta_.model == CellKind::kLstm)
    std::memset(cell, 0, sizeof(float) * h * n);

  for (int t = 0; t < steps; ++t) {
    const float* x = xp_steps ? xp_steps[t] : xp + t * x_step;
    const long xs = xp_steps ? gh : x_col;  // n == 1 when xp_steps is used
    const float* prev = t == 0 ? zero : out + (t - 1) * h;
    const long prev_s = t == 0 ? h : s_col;
    MatMap hpm(hp, gh, n, Stride(gh));
    if (t == 0) {
      hpm.setZero();
    } else if (n == 1) {
      hpm.col(0).noalias() = w_hh * Eigen::Map<const Eigen::VectorXf>(prev, h);
    } else {
      hpm.noalias() = w_hh * ConstMatMap(prev, h, n, Stride(prev_s));
    }
    // Gates column by column: contiguous 1-D maps vectorise far better than
    // strided 2-D ones.
    for (int b = 0; b < n; ++b) {
      const float* xb = x + b * xs;
      float* hb = hp + static_cast<long>(b) * gh;
      const ConstVec hprev(prev + b * prev_s, h);
      Vec hnew(out + t * h + b * s_col, h);
      switch (meta_.model) {
        case CellKind::kRnn:
          hnew = (ConstVec(xb, h) + Vec(hb, h)).tanh();
          break;
        case CellKind::kGru: {
          // PyTorch: r, z = sigmoid(.), n = tanh(x_n + r * (W_hn h + b_hn)), h'
          // = (h - n) * z + n.
          Vec r(gate, h), z(hb + h, h), nn(hb + 2 * h, h);
          r = (ConstVec(xb, h) + Vec(hb, h)).logistic();
          z = (ConstVec(xb + h, h) + z).logistic();
          nn = (ConstVec(xb + 2 * h, h) +
                (nn + ConstVec(layer.b_hn.data(), h)) * r)
                   .tanh();
          hnew = (hprev - nn) * z + nn;
          break;
        }
        case CellKind::kLstm: {
          // PyTorch: i, f, o = sigmoid(.), g = tanh(.), c' = f * c + i * g, h'
          // = o * tanh(c').
          Vec c(cell + static_cast<long>(b) * h, h);
          Vec i(hb, h), f(hb + h, h), g(hb + 2 * h, h), o(hb + 3 * h, h);
          i = (ConstVec(xb, h) + i).logistic();
          f = (ConstVec(xb + h, h) + f).logistic();
          g = (ConstVec(xb + 2 * h, h) + g).tanh();
          o = (ConstVec(xb + 3 * h, h) + o).logistic();
          c = f * c + i * g;
          hnew = o * c.tanh();
          break;
        }
      }
    }
  }
}

void Model::Head(int n, int steps, int top_buffer, float* scores, float* logits,
                 Workspace& ws) const {
  const int h = meta_.hidden_size;
  float* mem = ws.mem_.get();
  const float* last = mem + ws.out_[top_buffer] + (steps - 1) * h;
  float* lg = logits ? logits : mem + ws.logits_;
  Eigen::Map<Eigen::RowVectorXf> lgm(lg, n);
  lgm.noalias() = Eigen::Map<const Eigen::RowVectorXf>(fc_w_.data(), h) *
                  ConstMatMap(last, h, n, Stride(static_cast<long>(steps) * h));
  for (int b = 0; b < n; ++b) {
    lg[b] += fc_b_;
    scores[b] = Sigmoid(lg[b]);
  }
}

void Model::Chunk(const float* windows, int n, int steps, float* scores,
                  float* logits, Workspace& ws) const {
  const int gh = gh_;
  const long cols = static_cast<long>(n) * steps;  // column b*steps + t
  float* mem = ws.mem_.get();
  float* xproj = mem + ws.xproj_;
  for (size_t l = 0; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    const float* in = l == 0 ? windows : mem + ws.out_[(l - 1) % 2];
    MatMap xp(xproj, gh, cols, Stride(gh));
    xp.colwise() = Eigen::Map<const Eigen::VectorXf>(layer.b_x.data(), gh);
    xp.noalias() += ConstMatMap(layer.w_ih.data(), gh, layer.in, Stride(gh)) *
                    ConstMatMap(in, layer.in, cols, Stride(layer.in));
    RunLayer(static_cast<int>(l), nullptr, xproj, static_cast<long>(steps) * gh,
             gh, n, steps, ws);
  }
  Head(n, steps, static_cast<int>(layers_.size() - 1) % 2, scores, logits, ws);
}

Status Model::Infer(const float* windows, int n, int steps, float* scores,
                    Workspace& ws, float* logits) const {
  SIPDDOS_RETURN_IF_ERROR(CheckCall(n, steps, ws));
  const long window_floats = static_cast<long>(steps) * meta_.input_size;
  for (int done = 0; done < n; done += ws.max_batch_) {
    const int m = std::min(ws.max_batch_, n - done);
    Chunk(windows + done * window_floats, m, steps, scores + done,
          logits ? logits + done : nullptr, ws);
  }
  return Status::Ok();
}

void Model::ProjectInput(const float* features, float* projection) const {
  const Layer& l0 = layers_[0];
  Eigen::Map<Eigen::VectorXf> p(projection, gh_);
  p = Eigen::Map<const Eigen::VectorXf>(l0.b_x.data(), gh_);
  p.noalias() += ConstMatMap(l0.w_ih.data(), gh_, l0.in, Stride(gh_)) *
                 Eigen::Map<const Eigen::VectorXf>(features, l0.in);
}

Status Model::ScoreProjected(const float* const* projections, int steps,
                             Workspace& ws, float* score, float* logit) const {
  SIPDDOS_RETURN_IF_ERROR(CheckCall(1, steps, ws));
  RunLayer(0, projections, nullptr, gh_, gh_, 1, steps, ws);
  float* mem = ws.mem_.get();
  float* xproj = mem + ws.xproj_;
  for (size_t l = 1; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    MatMap xp(xproj, gh_, steps, Stride(gh_));
    xp.colwise() = Eigen::Map<const Eigen::VectorXf>(layer.b_x.data(), gh_);
    xp.noalias() += ConstMatMap(layer.w_ih.data(), gh_, layer.in, Stride(gh_)) *
                    ConstMatMap(mem + ws.out_[(l - 1) % 2], layer.in, steps,
                                Stride(layer.in));
    RunLayer(static_cast<int>(l), nullptr, xproj,
             static_cast<long>(steps) * gh_, gh_, 1, steps, ws);
  }
  Head(1, steps, static_cast<int>(layers_.size() - 1) % 2, score, logit, ws);
  return Status::Ok();
}

WindowStream::WindowStream(const Model& model)
    : model_(&model),
      window_(model.meta().window),
      step_(model.meta().step),
      ring_(static_cast<size_t>(window_) * model.projection_size()),
      order_(window_) {}

void WindowStream::Reset() { seen_ = 0; }

bool WindowStream::Push(const float* features, Workspace& ws, float* score) {
  const int slot = static_cast<int>(seen_ % window_);
  model_->ProjectInput(features, ring_.data() + static_cast<size_t>(slot) *
                                                    model_->projection_size());
  ++seen_;
  if (seen_ < window_ || (seen_ - window_) % step_ != 0) return false;
  for (int t = 0; t < window_; ++t)  // oldest first: the slot after the newest
    order_[t] = ring_.data() + static_cast<size_t>((seen_ + t) % window_) *
                                   model_->projection_size();
  return model_->ScoreProjected(order_.data(), window_, ws, score).ok();
}

}  // namespace nn
