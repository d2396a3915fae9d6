// The floating-point peak of one thread on this core, measured rather than
// derived from /proc/cpuinfo (whose "cpu MHz" is the nominal clock, not the one
// the core runs at): the denominator of `sipddos bench`'s "share of peak".
#pragma once

namespace nn {

struct FmaPeak {
  double flops_per_s = 0;  // 2 FLOP per multiply-add per float
  int packet_floats = 0;   // floats per SIMD packet in this build (8 with AVX2)
  int chains = 0;          // independent multiply-add chains run side by side
};

// Runs independent multiply-add chains on the kernels' SIMD packets (the same
// build flags as the kernels) for about `seconds` of this thread's CPU time in
// several short rounds and returns the best round: enough chains to cover the
// FMA latency on every FMA pipe, so the rate is the throughput bound.
FmaPeak MeasureFmaPeak(double seconds = 0.1);

}  // namespace nn
