// How the kernels were compiled: Eigen version, SIMD instruction sets,
// -march=native or not.
#pragma once

#include <string>

namespace nn {

std::string KernelBuildInfo();  // e.g. "Eigen 3.4.0, SIMD SSE, SSE2, AVX, AVX2,
                                // FMA, -march=native"

}  // namespace nn
