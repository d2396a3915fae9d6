#include "nn/fma_peak.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "nn/build_info.h"

namespace {

// The packets measured are the kernels' own: their width follows the build's instruction set.
TEST(FmaPeak, RunsOnTheKernelsPacketsAndGivesAFiniteRate) {
  const nn::FmaPeak p = nn::MeasureFmaPeak(0.02);
  const std::string build = nn::KernelBuildInfo();
  const int expected = build.find("AVX512F") != std::string::npos ? 16
                       : build.find("AVX") != std::string::npos   ? 8
                                                                  : 4;
  EXPECT_EQ(p.packet_floats, expected) << build;
  EXPECT_EQ(p.chains, 12);
  EXPECT_TRUE(std::isfinite(p.flops_per_s));
  EXPECT_GT(p.flops_per_s, 1e8);  // any x86-64 core, even under a sanitizer
}

}  // namespace
