#include "nn/kernels.h"

#include <Eigen/Core>
#include <algorithm>
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

// Eigen's own float approximations (the ones its Array::tanh() and
// ::logistic() use). (A division-free exp-based sigmoid written with AVX2
// intrinsics measured no faster: both are bound by the FMA ports, ~8 cycles
// per packet.)
inline Packet Tanh(const Packet& x) {
  return Eigen::internal::generic_fast_tanh_float(x);
}
inline Packet Sigmoid(const Packet& x) {
  return Eigen::internal::scalar_logistic_op<float>().packetOp(x);
}
// N packets at once (unrolled: independent work side by side).
template <int N>
inline void SigmoidN(Packet (&x)[N]) {
#pragma GCC unroll 8
  for (int i = 0; i < N; ++i) x[i] = Sigmoid(x[i]);
}
template <int N>
inline void TanhN(Packet (&x)[N]) {
#pragma GCC unroll 8
  for (int i = 0; i < N; ++i) x[i] = Tanh(x[i]);
}

// Keeps a value in a register: without it GCC folds the W loads of ColBlock<2,
// 4> into every FMA (12 loads per 8 FMAs, load-bound, 1.5x slower than 2 x 5).
inline void InRegister(Packet& v) {
#if defined(__GNUC__) && defined(__AVX__)
  __asm__("" : "+x"(v));
#else
  (void)v;
#endif
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

// GemmColumns' blocks: rows [r0, r0 + R*P) x C columns of Y, accumulators in
// registers: each W packet is loaded once per column block and used C times.
// x[c], y[c]: column c of X and Y (any addresses: the stream passes its
// windows' slots). The fixed loops must be unrolled (else the accumulators live
// on the stack): hence the pragmas.
template <int R, int C>
inline void ColBlock(const float* w, int rows, int cols, const float* const* x,
                     const float* bias, float* const* y, int r0) {
  Packet acc[C][R];
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) {
    const Packet b = bias ? ploadu<Packet>(bias + r0 + r * P) : pzero(Packet());
#pragma GCC unroll 16
    for (int c = 0; c < C; ++c) acc[c][r] = b;
  }
  const float* wj = w + r0;
  for (int j = 0; j < cols; ++j, wj += rows) {
    Packet wv[R];
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) {
      wv[r] = ploadu<Packet>(wj + r * P);
      // Only where they fit beside the accumulators (not the GEMV's 12).
      if constexpr (R * C + R + 1 <= 16) InRegister(wv[r]);
    }
#pragma GCC unroll 16
    for (int c = 0; c < C; ++c) {
      const Packet xc = pload1<Packet>(x[c] + j);
#pragma GCC unroll 16
      for (int r = 0; r < R; ++r) acc[c][r] = pmadd(wv[r], xc, acc[c][r]);
    }
  }
#pragma GCC unroll 16
  for (int c = 0; c < C; ++c)
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r) pstoreu(y[c] + r0 + r * P, acc[c][r]);
}

// All rows for C columns: blocks of R packets, the rest in blocks of R/2, R/4,
// ... packets, then a scalar tail for rows % P.
template <int C, int R>
void ColRows(const float* w, int rows, int cols, const float* const* x,
             const float* bias, float* const* y, int r) {
  for (; r + R * P <= rows; r += R * P)
    ColBlock<R, C>(w, rows, cols, x, bias, y, r);
  if constexpr (R > 1) {
    ColRows<C, R / 2>(w, rows, cols, x, bias, y, r);
  } else {
    for (; r < rows; ++r) {
      for (int c = 0; c < C; ++c) {
        float acc = bias ? bias[r] : 0.f;
        for (int j = 0; j < cols; ++j)
          acc = std::fma(w[static_cast<long>(j) * rows + r], x[c][j], acc);
        y[c][r] = acc;
      }
    }
  }
}

// Up to 5 columns. Register budget (16 with AVX2): R*C accumulators + R weights
// + 1 broadcast. One column (a GEMV) is bound by the FMA latency instead: 12
// independent accumulators, and each weight load folds into its FMA.
void Columns(const float* w, int rows, int cols, const float* const* x, int n,
             const float* bias, float* const* y) {
  switch (n) {
    case 5:
      ColRows<5, 2>(w, rows, cols, x, bias, y, 0);
      break;
    case 4:
      ColRows<4, 2>(w, rows, cols, x, bias, y, 0);
      break;
    case 3:
      ColRows<3, 3>(w, rows, cols, x, bias, y, 0);
      break;
    case 2:
      ColRows<2, 4>(w, rows, cols, x, bias, y, 0);
      break;
    case 1:
      ColRows<1, 12>(w, rows, cols, x, bias, y, 0);
      break;
    default:
      break;
  }
}

// One GEMV's rows [r0, r0 + R*P) over the listed columns only.
template <int R>
inline void SparseBlock(const float* w, int rows, const int* nz, int count,
                        const float* x, const float* bias, float* y, int r0) {
  Packet acc[R];
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) acc[r] = ploadu<Packet>(bias + r0 + r * P);
  for (int i = 0; i < count; ++i) {
    const int j = nz[i];
    const float* wj = w + static_cast<long>(j) * rows + r0;
    const Packet xj = pset1<Packet>(x[j]);
#pragma GCC unroll 16
    for (int r = 0; r < R; ++r)
      acc[r] = pmadd(ploadu<Packet>(wj + r * P), xj, acc[r]);
  }
#pragma GCC unroll 16
  for (int r = 0; r < R; ++r) pstoreu(y + r0 + r * P, acc[r]);
}

template <int R>
void SparseRows(const float* w, int rows, const int* nz, int count,
                const float* x, const float* bias, float* y, int r) {
  for (; r + R * P <= rows; r += R * P)
    SparseBlock<R>(w, rows, nz, count, x, bias, y, r);
  if constexpr (R > 1) {
    SparseRows<R / 2>(w, rows, nz, count, x, bias, y, r);
  } else {
    for (; r < rows; ++r) {
      float acc = bias[r];
      for (int i = 0; i < count; ++i)
        acc = std::fma(w[static_cast<long>(nz[i]) * rows + r], x[nz[i]], acc);
      y[r] = acc;
    }
  }
}

// Runs `body(k)` for the whole packets of [0, h); for the tail, `tail(n)` is
// given n = h % P and must copy the inputs into zero-padded packet buffers, run
// the packet body on them, and copy n results back. So the last units get the
// values whole packets would give them.
template <typename Body, typename Tail>
inline void ForPackets(int h, Body body, Tail tail) {
  int k = 0;
  for (; k + P <= h; k += P) body(k);
  if (k < h) tail(k, h - k);
}

struct Lane {
  alignas(64) float v[P] = {};
  Lane() = default;
  Lane(const float* src, int n) { std::copy_n(src, n, v); }
};

// Runs `f` on groups of G whole packets of [0, len), then single packets,
// then the last len % P elements through a zero-padded packet: f(k, count,
// packet buffers...) is given the element offset k. Every element gets the
// value a whole packet gives it, whatever its position.
template <int G, typename F>
inline void Packets(int len, F f) {
  int k = 0;
  for (; k + G * P <= len; k += G * P) f.template operator()<G>(k, P);
  for (; k + P <= len; k += P) f.template operator()<1>(k, P);
  if (k < len) f.template operator()<1>(k, len - k);
}

// out = sigmoid(a + b), elementwise (GRU's r and z).
inline void SigmoidOfSum(const float* a, const float* b, int len, float* out) {
  Packets<4>(len, [&]<int N>(int k, int valid) {
    Packet v[N];
    if (valid < P) {
      Lane la(a + k, valid), lb(b + k, valid);
      v[0] = padd(ploadu<Packet>(la.v), ploadu<Packet>(lb.v));
    } else {
#pragma GCC unroll 8
      for (int i = 0; i < N; ++i)
        v[i] =
            padd(ploadu<Packet>(a + k + i * P), ploadu<Packet>(b + k + i * P));
    }
    SigmoidN(v);
    if (valid < P) {
      Lane o;
      pstoreu(o.v, v[0]);
      std::copy_n(o.v, valid, out + k);
    } else {
#pragma GCC unroll 8
      for (int i = 0; i < N; ++i) pstoreu(out + k + i * P, v[i]);
    }
  });
}

// n = tanh(x_n + r (hp_n + b_hn)), h' = (h - n) z + n (ATen's order),
// elementwise over h units.
inline void GruUpdate(const float* xn, const float* hn, const float* bhn,
                      const float* r, const float* z, const float* hprev,
                      int len, float* out) {
  Packets<4>(len, [&]<int N>(int k, int valid) {
    auto at = [&](const float* src, int i, Lane& tmp) {
      if (valid == P) return ploadu<Packet>(src + k + i * P);
      tmp = Lane(src + k, valid);
      return ploadu<Packet>(tmp.v);
    };
    Packet v[N];
    Lane t1, t2, t3, t4;
#pragma GCC unroll 8
    for (int i = 0; i < N; ++i)
      v[i] = padd(at(xn, i, t1),
                  pmul(padd(at(hn, i, t2), at(bhn, i, t3)), at(r, i, t4)));
    TanhN(v);
#pragma GCC unroll 8
    for (int i = 0; i < N; ++i)
      v[i] = pmadd(psub(at(hprev, i, t1), v[i]), at(z, i, t2), v[i]);
    if (valid < P) {
      Lane o;
      pstoreu(o.v, v[0]);
      std::copy_n(o.v, valid, out + k);
    } else {
#pragma GCC unroll 8
      for (int i = 0; i < N; ++i) pstoreu(out + k + i * P, v[i]);
    }
  });
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

void GemmColumns(const float* w, int rows, int cols, const float* const* x,
                 int n, const float* bias, float* const* y) {
  for (int c = 0; c < n; c += 5)
    Columns(w, rows, cols, x + c, std::min(5, n - c), bias, y + c);
}

void GemvSkipZeros(const float* w, int rows, int cols, const float* x,
                   const float* bias, float* y, int* scratch) {
  int count = 0;
  for (int j = 0; j < cols; ++j) {
    scratch[count] = j;
    count += x[j] != 0.f;  // branch-free: which features are 0 is data
  }
  SparseRows<12>(w, rows, scratch, count, x, bias, y, 0);
}

void RnnCell(const float* xp, const float* hp, int h, float* h_new) {
  auto body = [](const float* xp, const float* hp, float* out, int k) {
    pstoreu(out + k,
            Tanh(padd(ploadu<Packet>(xp + k), ploadu<Packet>(hp + k))));
  };
  ForPackets(
      h, [&](int k) { body(xp, hp, h_new, k); },
      [&](int k, int n) {
        Lane x(xp + k, n), hh(hp + k, n), out;
        body(x.v, hh.v, out.v, 0);
        std::copy_n(out.v, n, h_new + k);
      });
}

void GruCell(const float* xp, const float* hp, const float* b_hn,
             const float* h_prev, int h, float* h_new) {
  // One loop: at batch 1 the recurrence is latency-bound, and r, z, n of a
  // packet overlap best in one loop body (GruCells' two passes measured 8%
  // slower here).
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
  if (k < h) {
    // The last h % P units through a zero-padded packet: the values
    // GruCells gives them.
    const int m = h - k;
    Lane x[3], hh[3], bhn(b_hn + k, m), prev(h_prev + k, m), out;
    for (int g = 0; g < 3; ++g) {
      x[g] = Lane(xp + g * h + k, m);
      hh[g] = Lane(hp + g * h + k, m);
    }
    const Packet r =
        Sigmoid(padd(ploadu<Packet>(x[0].v), ploadu<Packet>(hh[0].v)));
    const Packet z =
        Sigmoid(padd(ploadu<Packet>(x[1].v), ploadu<Packet>(hh[1].v)));
    const Packet n = Tanh(
        padd(ploadu<Packet>(x[2].v),
             pmul(padd(ploadu<Packet>(hh[2].v), ploadu<Packet>(bhn.v)), r)));
    pstoreu(out.v, pmadd(psub(ploadu<Packet>(prev.v), n), z, n));
    std::copy_n(out.v, m, h_new + k);
  }
}

void GruCells(const float* const* xp, const float* const* hp, const float* b_hn,
              const float* const* h_prev, float* const* h_new, int n, int h,
              float* scratch) {
  // r and z of every column first, into scratch (column c's r at scratch +
  // 2*h*c, z after it), then n and h': independent work side by side.
  for (int c = 0; c < n; ++c)
    SigmoidOfSum(xp[c], hp[c], 2 * h, scratch + 2L * h * c);
  for (int c = 0; c < n; ++c) {
    const float* rz = scratch + 2L * h * c;
    GruUpdate(xp[c] + 2 * h, hp[c] + 2 * h, b_hn, rz, rz + h, h_prev[c], h,
              h_new[c]);
  }
}

void LstmCell(const float* xp, const float* hp, float* c, int h, float* h_new) {
  // Gate g of unit k at xg[g] + k, hg[g] + k.
  auto body = [](const float* const* xg, const float* const* hg, float* c,
                 float* out, int k) {
    auto at = [&](int g) {
      return padd(ploadu<Packet>(xg[g] + k), ploadu<Packet>(hg[g] + k));
    };
    const Packet i = Sigmoid(at(0)), f = Sigmoid(at(1));
    const Packet g = Tanh(at(2)), o = Sigmoid(at(3));
    const Packet cn = pmadd(f, ploadu<Packet>(c + k), pmul(i, g));
    pstoreu(c + k, cn);
    pstoreu(out + k, pmul(o, Tanh(cn)));
  };
  const float* xg[4] = {xp, xp + h, xp + 2 * h, xp + 3 * h};
  const float* hg[4] = {hp, hp + h, hp + 2 * h, hp + 3 * h};
  ForPackets(
      h, [&](int k) { body(xg, hg, c, h_new, k); },
      [&](int k, int n) {
        Lane x[4], hh[4], cell(c + k, n), out;
        const float *xt[4], *ht[4];
        for (int g = 0; g < 4; ++g) {
          x[g] = Lane(xg[g] + k, n);
          hh[g] = Lane(hg[g] + k, n);
          xt[g] = x[g].v;
          ht[g] = hh[g].v;
        }
        body(xt, ht, cell.v, out.v, 0);
        std::copy_n(cell.v, n, c + k);
        std::copy_n(out.v, n, h_new + k);
      });
}

float Dot(const float* a, const float* b, int n) {
  float s = 0.f;
  for (int k = 0; k < n; ++k) s = std::fma(a[k], b[k], s);
  return s;
}

}  // namespace nn::kernels
