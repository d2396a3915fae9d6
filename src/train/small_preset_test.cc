// The acceptance test: on the simulator's small preset (simulated once,
// here), RNN, LSTM and GRU each train a short run and beat a constant
// classifier by a wide margin on test1 (the training network) and test2 (the
// other network's addresses).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "nn/model_file.h"
#include "sim/preset.h"
#include "sim/simulator.h"
#include "train/trainer.h"

namespace train {
namespace {

namespace fs = std::filesystem;

// A constant classifier's best accuracy is the majority share; its best F1
// is that of "always malicious", 2p / (1 + p).
void ExpectWellAboveConstant(const Confusion& c, const std::string& what) {
  ASSERT_GT(c.total(), 1000) << what;
  double p = double(c.tp + c.fn) / double(c.total());
  double const_acc = std::max(p, 1 - p), const_f1 = 2 * p / (1 + p);
  EXPECT_GT(c.accuracy(), const_acc + 0.3) << what << ": " << c.Summary() << " share " << p;
  EXPECT_GT(c.f1(), const_f1 + 0.2) << what << ": " << c.Summary() << " share " << p;
  EXPECT_GT(c.accuracy(), 0.95) << what << ": " << c.Summary();
  EXPECT_GT(c.f1(), 0.95) << what << ": " << c.Summary();
}

TEST(SmallPreset, EveryModelBeatsAConstantClassifierOnBothTestSplits) {
  const std::string dir =
      fs::temp_directory_path() / ("sipddos-small-preset-" + std::to_string(getpid()));
  fs::remove_all(dir);
  sim::SimulateOptions so;
  so.out_dir = dir;
  auto sims = sim::Simulate(sim::SmallPreset(), so);
  ASSERT_TRUE(sims.ok()) << sims.status().message();

  for (nn::CellKind kind : {nn::CellKind::kRnn, nn::CellKind::kLstm, nn::CellKind::kGru}) {
    const std::string name(nn::CellKindName(kind));
    TrainOptions o;  // the paper's batch and learning rate, full features
    o.model = kind;
    o.train_path = dir + "/train.csv";
    o.val_path = dir + "/val.csv";
    o.test_paths = {dir + "/test1.csv", dir + "/test2.csv"};
    o.out_path = dir + "/" + name + ".safetensors";
    o.epochs = 3;  // a short run keeps the test quick
    o.hidden = 16;
    o.log = nullptr;
    auto r = Train(o);
    ASSERT_TRUE(r.ok()) << name << ": " << r.status().message();
    ASSERT_EQ(r->tests.size(), 2u);
    ExpectWellAboveConstant(r->tests[0].second, name + " test1");
    ExpectWellAboveConstant(r->tests[1].second, name + " test2");
    // The written file evaluates to the same counts (what detection loads).
    auto c = EvaluateModelFile(o.out_path, dir + "/test2.csv");
    ASSERT_TRUE(c.ok()) << c.status().message();
    EXPECT_EQ(c->misclassified(), r->tests[1].second.misclassified()) << name;
  }
  fs::remove_all(dir);
}

}  // namespace
}  // namespace train
