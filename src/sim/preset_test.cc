#include "sim/preset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

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

namespace sim {
namespace {

// Both presets mix every phone kind and carry trunks: busy ones (10-30
// calls/s) in legitimate-only episodes, others there and beside attacks; the
// mimic copies every kind.
TEST(Presets, MixCallerKindsAndTrunks) {
  for (const Preset& p : {PaperPreset(), SmallPreset()}) {
    auto kinds = PhoneKinds(p.legit, p.legit.users);
    std::set<CallerKind> phone_kinds(kinds.begin(), kinds.end());
    EXPECT_EQ(phone_kinds.size(), 11u) << p.name;
    auto plan = BuildPlan(p, p.splits[2], 1);  // test1
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    int busy_a = 0, trunk_attack = 0;
    std::set<CallerKind> trunk_kinds, imitated;
    for (const Episode& ep : plan->episodes) {
      for (const TrunkSpec& t : ep.trunks) {
        EXPECT_TRUE(IsTrunk(t.kind));
        trunk_kinds.insert(t.kind);
        EXPECT_GE(t.calls_per_s * p.legit.trunk_quiet_factor, 2 - 1e-9);
        EXPECT_LE(t.calls_per_s * p.legit.trunk_busy_factor, 30 + 1e-9);
        if (ep.scenario == Scenario::kA &&
            t.calls_per_s * p.legit.trunk_quiet_factor >= 10 - 1e-9)
          ++busy_a;
        if (ep.scenario != Scenario::kA) ++trunk_attack;
      }
      for (const AttackerSpec& a : ep.attackers)
        if (a.kind.tool == dataset::Tool::kMimic) imitated.insert(a.imitates);
    }
    EXPECT_GT(busy_a, 0) << p.name;
    EXPECT_GT(trunk_attack, 0) << p.name;
    if (p.name == "paper") {
      EXPECT_EQ(trunk_kinds.size(), 4u);
      EXPECT_GE(imitated.size(), 12u);  // one block of 12 mimic episodes
    } else {
      EXPECT_GE(trunk_kinds.size(), 2u);  // few episodes
    }

    // Every trunk INVITE is legitimate.
    Network net = MakeNetwork(plan->network, p.legit.users);
    Engine eng(*plan, net, p.legit, p.server, p.attack);
    Invite inv;
    int64_t trunk_rows = 0;
    while (eng.Next(&inv)) {
      if (!inv.malicious && IsTrunk(inv.kind)) {
        ++trunk_rows;
        EXPECT_EQ(inv.user, 0u);
      }
    }
    EXPECT_GT(trunk_rows, 0) << p.name;
  }
}

}  // namespace
}  // namespace sim
