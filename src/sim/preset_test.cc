#include "sim/preset.h"

#include <gtest/gtest.h>

#include <cmath>

#include "sim/engine.h"

namespace sim {
namespace {

struct Labels {
  std::vector<int8_t> labels;
};

Labels RunLabels(const Preset& p, const SplitPlan& plan) {
  Network net = MakeNetwork(plan.network, p.legit.users);
  Engine eng(plan, net, p.legit, p.server, p.attack);
  Labels out;
  Invite inv;
  while (eng.Next(&inv)) out.labels.push_back(inv.malicious ? 1 : 0);
  return out;
}

// The paper preset reproduces Table 1: exact window totals, malicious share
// within 1 point. Runs the same engine `simulate` runs, without formatting any
// text.
TEST(PaperPreset, ReproducesTable1) {
  Preset p = PaperPreset();
  const int64_t kTotals[] = {1135855, 77671, 215455, 215455};
  const int64_t kMalicious[] = {457512, 32827, 91436, 91436};
  std::vector<int8_t> test1;
  for (size_t i = 0; i < p.splits.size(); ++i) {
    const SplitTarget& t = p.splits[i];
    if (t.name == "train")
      continue;  // covered by the slower TrainSplit test below
    auto plan = BuildPlan(p, t, 1);
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    Labels l = RunLabels(p, *plan);
    dataset::WindowStats st = dataset::CountWindows(l.labels, p.windows);
    EXPECT_EQ(st.total(), kTotals[i]) << t.name;
    double share = st.malicious_share(),
           want = double(kMalicious[i]) / double(kTotals[i]);
    EXPECT_NEAR(share, want, 0.01) << t.name;
    std::printf("%s: %lld windows, %lld malicious (%.2f%%, Table 1: %.2f%%)\n",
                t.name.c_str(), (long long)st.total(), (long long)st.malicious,
                100 * share, 100 * want);
    if (t.name == "test1") test1 = l.labels;
    if (t.name == "test2") {
      EXPECT_EQ(l.labels, test1);  // same scenarios, other network
    }
  }
}

TEST(PaperPreset, TrainSplit) {
  Preset p = PaperPreset();
  auto plan = BuildPlan(p, p.splits[0], 1);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  Labels l = RunLabels(p, *plan);
  dataset::WindowStats st = dataset::CountWindows(l.labels, p.windows);
  EXPECT_EQ(st.total(), 1135855);
  EXPECT_NEAR(st.malicious_share(), 457512.0 / 1135855, 0.01);
  std::printf("train: %lld windows, %lld malicious (%.2f%%)\n",
              (long long)st.total(), (long long)st.malicious,
              100 * st.malicious_share());
}

}  // namespace
}  // namespace sim
