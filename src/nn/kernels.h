// The inner loops of nn::Model (docs/inference.md): a small-matrix GEMM that
// keeps its accumulators in SIMD registers, and the RNN/LSTM/GRU gate updates
// on SIMD packets. Written with Eigen's packet primitives, so the packet width
// is the build's (8 floats with AVX2). Internal to src/nn/.
#pragma once

namespace nn::kernels {

// Y[:, c] = bias + W X[:, c] for c < n (bias may be null: zero). W is rows x
// cols column-major (leading dimension rows), column c of X starts at x +
// c*ldx, of Y at y + c*ldy. Each output is summed in the same order (bias, then
// j = 0..cols-1, one fused multiply-add each) whatever n is, so a window's
// result does not depend on what it was batched with.
void Gemm(const float* w, int rows, int cols, const float* x, long ldx, int n,
          const float* bias, float* y, long ldy);
// The same for n columns at any addresses: x[c] -> y[c] (the stream's windows
// sit in slots that are not contiguous when one of them is fresh).
void GemmColumns(const float* w, int rows, int cols, const float* const* x,
                 int n, const float* bias, float* const* y);
// y = bias + W x for one column, skipping the columns j where x[j] == 0 (raw
// features are often 0: flags, counters). Equal to Gemm's result, since
// fma(w, 0, acc) == acc. scratch: cols ints.
void GemvSkipZeros(const float* w, int rows, int cols, const float* x,
                   const float* bias, float* y, int* scratch);

// One time step of one window, PyTorch's equations (Eigen's float tanh and
// logistic); xp: the input projection
// with biases (gates x h), hp: W_hh h_prev (gates x h). RNN: h' = tanh(xp +
// hp).
void RnnCell(const float* xp, const float* hp, int h, float* h_new);
// GRU: r, z = sigmoid(.), n = tanh(x_n + r (hp_n + b_hn)), h' = (h - n) z + n.
// h_new may be h_prev (updated in place).
void GruCell(const float* xp, const float* hp, const float* b_hn,
             const float* h_prev, int h, float* h_new);
// The same for n windows at once: r, z = sigmoid(.), n = tanh(x_n + r (hp_n +
// b_hn)), h' = (h - n) z + n; column c: xp[c], hp[c] -> h_new[c] from
// h_prev[c] (may be the same). r and z of all columns are computed first (into
// scratch, 2*h*n floats), then n and h': one unit's r -> n -> h' is a long
// dependency chain, and independent chains side by side keep the core busy.
void GruCells(const float* const* xp, const float* const* hp, const float* b_hn,
              const float* const* h_prev, float* const* h_new, int n, int h,
              float* scratch);
// LSTM: i, f, o = sigmoid(.), g = tanh(.), c' = f c + i g, h' = o tanh(c'); c
// updated in place.
void LstmCell(const float* xp, const float* hp, float* c, int h, float* h_new);

// fc_b + fc_w . h.
float Dot(const float* a, const float* b, int n);

}  // namespace nn::kernels
