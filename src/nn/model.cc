#include "nn/model.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "nn/kernels.h"

namespace nn {
namespace {

using util::Status;

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
  ws.gate_ = take(2 * h * std::min<size_t>(c, 16));  // GRU's r and z
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
  // Stays all zero: the initial hidden state.
  const float* zero = mem + ws.zero_;
  // out: window b, step t at b*s_col + t*h.
  const long s_col = static_cast<long>(steps) * h;
  if (meta_.model == CellKind::kLstm)
    std::memset(cell, 0, sizeof(float) * h * n);

  for (int t = 0; t < steps; ++t) {
    if (t == 0) {
      std::memset(hp, 0, sizeof(float) * gh * n);
    } else {
      kernels::Gemm(layer.w_hh.data(), gh, h, out + (t - 1) * h, s_col, n,
                    nullptr, hp, gh);
    }
    if (meta_.model == CellKind::kGru && n > 1) {
      // Up to 16 windows per GruCells call; ws.gate_ holds their r and z.
      constexpr int kCols = 16;
      const float *xs[kCols], *hps[kCols], *prev[kCols];
      float* next[kCols];
      for (int b0 = 0; b0 < n; b0 += kCols) {
        const int m = std::min(kCols, n - b0);
        for (int i = 0; i < m; ++i) {
          const int b = b0 + i;
          xs[i] = xp_steps ? xp_steps[t] : xp + t * x_step + b * x_col;
          hps[i] = hp + static_cast<long>(b) * gh;
          prev[i] = t == 0 ? zero : out + (t - 1) * h + b * s_col;
          next[i] = out + t * h + b * s_col;
        }
        kernels::GruCells(xs, hps, layer.b_hn.data(), prev, next, m, h,
                          mem + ws.gate_);
      }
      continue;
    }
    for (int b = 0; b < n; ++b) {
      // n == 1 when xp_steps is used.
      const float* xb = xp_steps ? xp_steps[t] : xp + t * x_step + b * x_col;
      const float* hb = hp + static_cast<long>(b) * gh;
      float* hnew = out + t * h + b * s_col;
      switch (meta_.model) {
        case CellKind::kRnn:
          kernels::RnnCell(xb, hb, h, hnew);
          break;
        case CellKind::kGru:
          kernels::GruCell(xb, hb, layer.b_hn.data(),
                           t == 0 ? zero : out + (t - 1) * h + b * s_col, h,
                           hnew);
          break;
        case CellKind::kLstm:
          kernels::LstmCell(xb, hb, cell + static_cast<long>(b) * h, h, hnew);
          break;
      }
    }
  }
}

float Model::Logit(const float* h) const {
  return kernels::Dot(fc_w_.data(), h, meta_.hidden_size) + fc_b_;
}

void Model::Head(int n, int steps, int top_buffer, float* scores, float* logits,
                 Workspace& ws) const {
  const int h = meta_.hidden_size;
  float* mem = ws.mem_.get();
  const float* last = mem + ws.out_[top_buffer] + (steps - 1) * h;
  for (int b = 0; b < n; ++b) {
    const float lg = Logit(last + static_cast<long>(b) * steps * h);
    if (logits) logits[b] = lg;
    scores[b] = Sigmoid(lg);
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
    kernels::Gemm(layer.w_ih.data(), gh, layer.in, in, layer.in,
                  static_cast<int>(cols), layer.b_x.data(), xproj, gh);
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
  constexpr int kMaxSparseInputs = 512;  // the zero-skipping index list's size
  if (l0.in <= kMaxSparseInputs) {
    int nonzero[kMaxSparseInputs];
    kernels::GemvSkipZeros(l0.w_ih.data(), gh_, l0.in, features, l0.b_x.data(),
                           projection, nonzero);
  } else {
    kernels::Gemm(l0.w_ih.data(), gh_, l0.in, features, l0.in, 1, l0.b_x.data(),
                  projection, gh_);
  }
}

Status Model::ScoreProjected(const float* const* projections, int steps,
                             Workspace& ws, float* score, float* logit) const {
  SIPDDOS_RETURN_IF_ERROR(CheckCall(1, steps, ws));
  RunLayer(0, projections, nullptr, gh_, gh_, 1, steps, ws);
  float* mem = ws.mem_.get();
  float* xproj = mem + ws.xproj_;
  for (size_t l = 1; l < layers_.size(); ++l) {
    const Layer& layer = layers_[l];
    kernels::Gemm(layer.w_ih.data(), gh_, layer.in, mem + ws.out_[(l - 1) % 2],
                  layer.in, steps, layer.b_x.data(), xproj, gh_);
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
      // A window starts every step_ messages and lasts window_: at most this
      // many overlap.
      slots_((window_ + step_ - 1) / step_),
      age_(slots_, -1),
      gemm_x_(slots_),
      gemm_y_(slots_),
      cell_x_(slots_),
      cell_hp_(slots_),
      cell_h_(slots_) {
  const size_t gh = model.projection_size(), h = model.hidden_size(),
               layers = model.layers_.size(), k = slots_;
  const bool lstm = model.meta().model == CellKind::kLstm;
  proj_ = 0;
  hp_ = proj_ + gh;
  xproj_ = hp_ + gh * k;
  state_ = xproj_ + gh * k;
  gate_ = state_ + layers * h * k;
  cell_ = gate_ + 2 * h * k;
  mem_.assign(cell_ + (lstm ? layers * h * k : 0), 0.f);
}

void WindowStream::Reset() {
  seen_ = 0;
  std::fill(age_.begin(), age_.end(), -1);
}

bool WindowStream::Push(const float* features, Workspace&, float* score) {
  const Model& m = *model_;
  const int h = m.hidden_size(), gh = m.projection_size(), k = slots_;
  const long hk = static_cast<long>(h) * k;
  float* mem = mem_.data();
  const long i = seen_++;
  int fresh = -1;  // the slot of a window starting at this message
  if (i % step_ == 0) {
    // The slot of the window that started slots_ windows ago, which has
    // completed.
    const int s = fresh = static_cast<int>((i / step_) % slots_);
    age_[s] = 0;
    for (size_t l = 0; l < m.layers_.size(); ++l) {
      std::fill_n(mem + state_ + l * hk + s * h, h, 0.f);
      if (cell_ < mem_.size())
        std::fill_n(mem + cell_ + l * hk + s * h, h, 0.f);
    }
  }

  // Every window in flight advances one step: one GEMM over their hidden
  // states.
  m.ProjectInput(features, mem + proj_);
  for (size_t l = 0; l < m.layers_.size(); ++l) {
    const Model::Layer& layer = m.layers_[l];
    float* hs = mem + state_ + l * hk;
    // One GEMM over the windows in flight, wherever their slots are. A fresh
    // window's W_hh h is the zero Infer starts from: left out.
    int n = 0;
    for (int s = 0; s < k; ++s) {
      if (age_[s] < 0 || s == fresh) continue;
      gemm_x_[n] = hs + s * h;
      gemm_y_[n++] = mem + hp_ + s * gh;
    }
    if (fresh >= 0) std::fill_n(mem + hp_ + fresh * gh, gh, 0.f);
    kernels::GemmColumns(layer.w_hh.data(), gh, h, gemm_x_.data(), n, nullptr,
                         gemm_y_.data());
    if (l > 0)
      kernels::Gemm(layer.w_ih.data(), gh, layer.in, hs - hk, h, k,
                    layer.b_x.data(), mem + xproj_, gh);
    if (m.meta_.model == CellKind::kGru) {
      int c = 0;
      for (int s = 0; s < k; ++s) {
        if (age_[s] < 0) continue;
        cell_x_[c] = l == 0 ? mem + proj_ : mem + xproj_ + s * gh;
        cell_hp_[c] = mem + hp_ + s * gh;
        cell_h_[c++] = hs + s * h;
      }
      kernels::GruCells(cell_x_.data(), cell_hp_.data(), layer.b_hn.data(),
                        cell_h_.data(), cell_h_.data(), c, h, mem + gate_);
      continue;
    }
    for (int s = 0; s < k; ++s) {
      if (age_[s] < 0) continue;
      const float* xs = l == 0 ? mem + proj_ : mem + xproj_ + s * gh;
      const float* hps = mem + hp_ + s * gh;
      float* hcol = hs + s * h;
      switch (m.meta_.model) {
        case CellKind::kRnn:
          kernels::RnnCell(xs, hps, h, hcol);
          break;
        case CellKind::kGru:  // above
          break;
        case CellKind::kLstm:
          kernels::LstmCell(xs, hps, mem + cell_ + l * hk + s * h, h, hcol);
          break;
      }
    }
  }
  bool completed = false;
  for (int s = 0; s < k; ++s) {
    if (age_[s] < 0 || ++age_[s] < window_) continue;
    const float* top = mem + state_ + (m.layers_.size() - 1) * hk + s * h;
    *score = Sigmoid(m.Logit(top));
    age_[s] = -1;
    completed = true;  // at most one: windows start step_ >= 1 messages apart
  }
  return completed;
}

}  // namespace nn
