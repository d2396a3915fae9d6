// A loaded RNN/LSTM/GRU classifier ready to score windows: PyTorch's equations
// and gate order, float32, Eigen GEMM/GEMV (docs/inference.md). Immutable after
// Create, so one Model may be shared by many threads, each with its own
// Workspace.
//
//   auto model = nn::Model::Create(*nn::ModelFile::Load(path));
//   nn::Workspace ws = model->NewWorkspace();            // the only allocation
//   model->Infer(windows, n, /*steps=*/10, scores, ws);  // windows:
//   [n][10][input_size]
#pragma once

#include <cstdlib>
#include <memory>
#include <vector>

#include "nn/model_file.h"
#include "util/status.h"

namespace nn {

// Scratch memory for one thread's inference calls; sized once for a batch
// capacity and a number of time steps. Calls never allocate: batches larger
// than the capacity run in chunks.
class Workspace {
 public:
  Workspace() = default;
  int max_batch() const { return max_batch_; }
  int max_steps() const { return max_steps_; }

 private:
  friend class Model;
  struct Free {
    void operator()(float* p) const { std::free(p); }
  };
  std::unique_ptr<float[], Free> mem_;
  const void* owner_ = nullptr;  // the Model whose sizes it has
  int max_batch_ = 0, max_steps_ = 0;
  // Offsets (in floats) of the buffers inside mem_.
  size_t xproj_ = 0, out_[2] = {0, 0}, hproj_ = 0, cell_ = 0, gate_ = 0,
         zero_ = 0, logits_ = 0;
};

class Model {
 public:
  // Validates `file` (again) and lays the weights out for the kernels; folds
  // the input normalisation (x - mean) / std into layer 0's input weights and
  // bias.
  static util::Result<Model> Create(const ModelFile& file);

  const ModelMetadata& meta() const { return meta_; }
  int input_size() const { return meta_.input_size; }
  int hidden_size() const { return meta_.hidden_size; }
  // Floats in one message's layer-0 input projection (gates x hidden).
  int projection_size() const { return gh_; }
  // Multiply-adds x 2 for one window of `steps` messages (for throughput
  // figures).
  double FlopsPerWindow(int steps) const;

  // max_steps defaults to meta().window.
  Workspace NewWorkspace(int max_batch = 64, int max_steps = 0) const;

  // Scores n windows laid out [n][steps][input_size] (oldest message first, raw
  // features, not normalised): scores[i] = sigmoid(logit), logits[i] (optional)
  // = fc(h_T).
  util::Status Infer(const float* windows, int n, int steps, float* scores,
                     Workspace& ws, float* logits = nullptr) const;

  // Streaming, for overlapping windows: each message's layer-0 input projection
  // is computed once (ProjectInput, projection_size() floats) and reused by
  // every window containing it.
  void ProjectInput(const float* features, float* projection) const;
  // Scores one window from its messages' projections, oldest first.
  util::Status ScoreProjected(const float* const* projections, int steps,
                              Workspace& ws, float* score,
                              float* logit = nullptr) const;

 private:
  struct Layer {
    int in = 0;               // input width
    std::vector<float> w_ih;  // gh x in, column-major
    std::vector<float> w_hh;  // gh x hidden, column-major
    std::vector<float> b_x;   // bias added to the input projection
    std::vector<float> b_hn;  // GRU only: b_hh of the n gate, multiplied by r
  };
  ModelMetadata meta_;
  int gh_ = 0;
  std::vector<Layer> layers_;
  std::vector<float> fc_w_;
  float fc_b_ = 0.f;

  util::Status CheckCall(int n, int steps, const Workspace& ws) const;
  // Runs the recurrence of layer l over `steps` for n windows whose input
  // projections start at xp (step t of window b at xp + b*x_col + t*x_step);
  // writes states into ws.out_[l % 2].
  void RunLayer(int l, const float* const* xp_steps, const float* xp,
                long x_col, long x_step, int n, int steps, Workspace& ws) const;
  void Head(int n, int steps, int top_buffer, float* scores, float* logits,
            Workspace& ws) const;
  void Chunk(const float* windows, int n, int steps, float* scores,
             float* logits, Workspace& ws) const;
  // fc(h) for a top-layer hidden state.
  float Logit(const float* h) const;
  friend class WindowStream;
};

// Scores a stream's sliding windows (a window every `step` messages, `window`
// messages long) as the detector slides over a server's messages, with the
// same scores as Model::Infer on each window. The windows in flight (about
// window / step) advance together: per message, one input projection and one
// small GEMM W_hh x [their hidden states], instead of a window's whole
// recurrence when it completes. Fixed memory, allocated here.
class WindowStream {
 public:
  explicit WindowStream(const Model& model);  // window/step from model.meta()
  // Adds one message (raw features). Returns true when a window completed;
  // *score set then. `ws` is not used (the stream holds its own state).
  bool Push(const float* features, Workspace& ws, float* score);
  void Reset();
  long messages() const { return seen_; }

 private:
  const Model* model_;
  int window_, step_, slots_;
  std::vector<int> age_;  // per slot: messages its window has seen; -1 free
  // Per Push: the columns (hidden states -> W_hh h) of the GEMM.
  std::vector<const float*> gemm_x_;
  std::vector<float*> gemm_y_;
  // Per Push, GRU: the windows whose gates are computed (GruCells' columns).
  std::vector<const float*> cell_x_, cell_hp_;
  std::vector<float*> cell_h_;
  // Offsets in mem_ of: the message's projection (gh), W_hh h per slot
  // (gh x slots), layer >= 1 input projections (gh x slots), hidden states
  // (layers x slots x h), GRU's r and z scratch (2 x h x slots), LSTM cells
  // (layers x slots x h).
  size_t proj_ = 0, hp_ = 0, xproj_ = 0, state_ = 0, gate_ = 0, cell_ = 0;
  std::vector<float> mem_;
  long seen_ = 0;
};

}  // namespace nn
