// `sipddos bench` (kernel mode) on the shipped model: the work it divides by and
// the peak it compares against (docs/inference.md).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "cli/test_support.h"

namespace cli {
namespace {

using ::testing::HasSubstr;

TEST(BenchKernels, ShippedGruPrintsExecutedWorkAndSharesOfTheMeasuredPeak) {
  const std::string model = std::string(SIPDDOS_SOURCE_DIR) + "/models/default-gru.safetensors";
  CommandResult r = RunSipddos({"bench", "--model", model, "--iterations", "2000"});
  ASSERT_EQ(r.status, 0) << r.output;
  // GRU input 27, hidden 32, window 10, step 2: 2 x (10 x 96 x 27 + 9 x 96 x 32 + 32) batched,
  // 2 x (2 x 96 x 27 + 9 x 96 x 32 + 32) streamed.
  EXPECT_THAT(r.output, HasSubstr("executed: 107200 batched (no product at t = 0), 65728 streamed"));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(r.output, m,
                                std::regex(R"(peak \(measured in this run\): ([0-9.]+) GFLOP/s)")))
      << r.output;
  EXPECT_GT(std::stod(m[1].str()), 0.1) << r.output;
  // Our three rows (batch 1, batch 256, stream) each with a share of that peak.
  const std::regex row(R"(us/window \(wall +[0-9.]+\) +[0-9.]+ GFLOP/s +[0-9.]+% of peak)");
  const auto rows = std::distance(std::sregex_iterator(r.output.begin(), r.output.end(), row),
                                  std::sregex_iterator());
  EXPECT_GE(rows, 3) << r.output;
}

}  // namespace
}  // namespace cli
