#include "nn/kernels.h"

#include <Eigen/Core>
#include <cmath>

namespace nn::kernels {
namespace {

using Eigen::internal::padd;
using Eigen::internal::pload1;
using Eigen::internal::ploadu;
using Eigen::internal::pmadd;
using Eigen::internal::pmul;
using Eigen::internal::pset1;
using Eigen::internal::pstoreu;
using Eigen::internal::psub;
using Eigen::internal::pzero;
using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int P = Eigen::internal::unpacket_traits<Packet>::size;

// Eigen's own float approximations (the ones its Array::tanh() and ::logistic()
// use), on packets and, for the tails, on single floats: the same values either
// way.
template <typename T>
T Tanh(const T& x) {
  return Eigen::internal::generic_fast_tanh_float(x);
}
template <typename T>
T Sigmoid(const T& x) {
  return Eigen::internal::scalar_logistic_op<float>().packetOp(x);
}

// Rows [0, R*P) x columns [0, C) of Y, accumulators in registers: each W packet
// is loaded once per column of X and used C times. The fixed loops must be
// unrolled (else the accumulators live on the stack): hence the pragmas.
template <int R, int C>
inline void Block(const float* w, int rows, int cols, const float* x, long ldx,
                  const float* bias, float* y, long ldy) {
  Packet acc[C][R];
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) {
    const Packet b = bias ? ploadu<Packet>(bias + r * P) : pzero(Packet());
#pragma GCC unroll 16
    for (int c = 0; c < C; ++c) acc[c][r] = b;
  }
  for (int j = 0; j < cols; ++j) {
    const float* wj = w + static_cast<long>(j) * rows;
    Packet wv[R];
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) wv[r] = ploadu<Packet>(wj + r * P);
#pragma GCC unroll 16
    for (int c = 0; c < C; ++c) {
      const Packet xc = pload1<Packet>(x + c * ldx + j);
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r) acc[c][r] = pmadd(wv[r], xc, acc[c][r]);
    }
  }
#pragma GCC unroll 16
  for (int c = 0; c < C; ++c)
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) pstoreu(y + c * ldy + r * P, acc[c][r]);
}

// All rows for C columns: blocks of R packets, the rest in blocks of R/2, R/4,
// ... packets, then a scalar tail for rows % P.
template <int C, int R>
void Rows(const float* w, int rows, int cols, const float* x, long ldx,
          const float* bias, float* y, long ldy, int r) {
  for (; r + R * P <= rows; r += R * P)
    Block<R, C>(w + r, rows, cols, x, ldx, bias ? bias + r : nullptr, y + r,
                ldy);
  if constexpr (R > 1) {
    Rows<C, R / 2>(w, rows, cols, x, ldx, bias, y, ldy, r);
  } else {
    for (; r < rows; ++r) {
      for (int c = 0; c < C; ++c) {
        float acc = bias ? bias[r] : 0.f;
        for (int j = 0; j < cols; ++j)
          acc =
              std::fma(w[static_cast<long>(j) * rows + r], x[c * ldx + j], acc);
        y[c * ldy + r] = acc;
      }
    }
  }
}

}  // namespace

void Gemm(const float* w, int rows, int cols, const float* x, long ldx, int n,
          const float* bias, float* y, long ldy) {
  // Register budget (16 with AVX2): R*C accumulators + R weights + 1 broadcast.
  // One column (a GEMV) is bound by the FMA latency instead: 12 independent
  // accumulators, and each weight load folds into its FMA.
  int c = 0;
  for (; c + 5 <= n; c += 5)
    Rows<5, 2>(w, rows, cols, x + c * ldx, ldx, bias, y + c * ldy, ldy, 0);
  switch (n - c) {
    case 4:
      Rows<4, 2>(w, rows, cols, x + c * ldx, ldx, bias, y + c * ldy, ldy, 0);
      break;
    case 3:
      Rows<3, 3>(w, rows, cols, x + c * ldx, ldx, bias, y + c * ldy, ldy, 0);
      break;
    case 2:
      Rows<2, 4>(w, rows, cols, x + c * ldx, ldx, bias, y + c * ldy, ldy, 0);
      break;
    case 1:
      Rows<1, 12>(w, rows, cols, x + c * ldx, ldx, bias, y + c * ldy, ldy, 0);
      break;
    default:
      break;
  }
}

void RnnCell(const float* xp, const float* hp, int h, float* h_new) {
  int k = 0;
  for (; k + P <= h; k += P)
    pstoreu(h_new + k,
            Tanh(padd(ploadu<Packet>(xp + k), ploadu<Packet>(hp + k))));
  for (; k < h; ++k) h_new[k] = Tanh(xp[k] + hp[k]);
}

void GruCell(const float* xp, const float* hp, const float* b_hn,
             const float* h_prev, int h, float* h_new) {
  const float *xr = xp, *xz = xp + h, *xn = xp + 2 * h;
  const float *hr = hp, *hz = hp + h, *hn = hp + 2 * h;
  int k = 0;
  for (; k + P <= h; k += P) {
    const Packet r =
        Sigmoid(padd(ploadu<Packet>(xr + k), ploadu<Packet>(hr + k)));
    const Packet z =
        Sigmoid(padd(ploadu<Packet>(xz + k), ploadu<Packet>(hz + k)));
    const Packet n = Tanh(
        padd(ploadu<Packet>(xn + k),
             pmul(padd(ploadu<Packet>(hn + k), ploadu<Packet>(b_hn + k)), r)));
    pstoreu(h_new + k, pmadd(psub(ploadu<Packet>(h_prev + k), n), z, n));
  }
  for (; k < h; ++k) {
    const float r = Sigmoid(xr[k] + hr[k]), z = Sigmoid(xz[k] + hz[k]);
    const float n = Tanh(xn[k] + (hn[k] + b_hn[k]) * r);
    h_new[k] = std::fma(h_prev[k] - n, z, n);
  }
}

void LstmCell(const float* xp, const float* hp, float* c, int h, float* h_new) {
  int k = 0;
  auto at = [&](int gate, int k) {
    return padd(ploadu<Packet>(xp + gate * h + k),
                ploadu<Packet>(hp + gate * h + k));
  };
  for (; k + P <= h; k += P) {
    const Packet i = Sigmoid(at(0, k)), f = Sigmoid(at(1, k));
    const Packet g = Tanh(at(2, k)), o = Sigmoid(at(3, k));
    const Packet cn = pmadd(f, ploadu<Packet>(c + k), pmul(i, g));
    pstoreu(c + k, cn);
    pstoreu(h_new + k, pmul(o, Tanh(cn)));
  }
  for (; k < h; ++k) {
    auto s = [&](int gate) { return xp[gate * h + k] + hp[gate * h + k]; };
    const float i = Sigmoid(s(0)), f = Sigmoid(s(1)), g = Tanh(s(2)),
                o = Sigmoid(s(3));
    c[k] = std::fma(f, c[k], i * g);
    h_new[k] = o * Tanh(c[k]);
  }
}

float Dot(const float* a, const float* b, int n) {
  float s = 0.f;
  for (int k = 0; k < n; ++k) s = std::fma(a[k], b[k], s);
  return s;
}

}  // namespace nn::kernels
