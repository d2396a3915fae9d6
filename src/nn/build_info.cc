#include "nn/build_info.h"

#include <Eigen/Core>

namespace nn {

std::string KernelBuildInfo() {
  std::string s = "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." +
                  std::to_string(EIGEN_MAJOR_VERSION) + "." +
                  std::to_string(EIGEN_MINOR_VERSION) + ", SIMD " +
                  Eigen::SimdInstructionSetsInUse();
#ifdef __AVX2__
  s += ", AVX2";
#endif
#ifdef __FMA__
  s += ", FMA";
#endif
#ifdef SIPDDOS_NN_NATIVE
  s += ", -march=native (SIPDDOS_NATIVE=ON)";
#else
  s += ", portable x86-64 (SIPDDOS_NATIVE=OFF)";
#endif
  return s;
}

}  // namespace nn
