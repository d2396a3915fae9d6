#include "nn/fma_peak.h"

#include <time.h>

#include <Eigen/Core>
#include <algorithm>

namespace nn {
namespace {

using Packet = Eigen::internal::packet_traits<float>::type;
constexpr int kFloats = Eigen::internal::unpacket_traits<Packet>::size;
// 2 FMA pipes x 4-5 cycles of latency need 8-10 chains; 12 fit AVX2's 16
// registers with the two operands.
constexpr int kChains = 12;

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) * 1e-9;
}

// iterations x kChains multiply-adds; the result keeps the loop alive.
__attribute__((noinline)) float Chains(long iterations, float seed) {
  using namespace Eigen::internal;
  Packet acc[kChains];
  for (int i = 0; i < kChains; ++i) acc[i] = pset1<Packet>(seed * float(i + 1));
  // |a| < 1 and a small b: the values stay normal numbers (no denormal slow path).
  const Packet a = pset1<Packet>(0.999f), b = pset1<Packet>(1e-3f);
  for (long n = 0; n < iterations; ++n) {
#pragma GCC unroll 12
    for (int i = 0; i < kChains; ++i) acc[i] = pmadd(acc[i], a, b);
  }
  float sum = 0;
  for (int i = 0; i < kChains; ++i) sum += predux(acc[i]);
  return sum;
}

volatile float g_sink;

}  // namespace

FmaPeak MeasureFmaPeak(double seconds) {
  FmaPeak peak{0, kFloats, kChains};
  constexpr int kRounds = 10;
  long iterations = 1 << 16;
  // Grow the round until it takes a measurable share of the budget.
  for (;;) {
    const double t0 = ThreadCpuSeconds();
    g_sink = Chains(iterations, 0.5f);
    if (ThreadCpuSeconds() - t0 >= seconds / kRounds || iterations > (1L << 40)) break;
    iterations *= 2;
  }
  for (int r = 0; r < kRounds; ++r) {
    const double t0 = ThreadCpuSeconds();
    g_sink = Chains(iterations, 0.5f + float(r));
    const double dt = ThreadCpuSeconds() - t0;
    if (dt > 0)
      peak.flops_per_s =
          std::max(peak.flops_per_s, 2.0 * kFloats * kChains * double(iterations) / dt);
  }
  return peak;
}

}  // namespace nn
