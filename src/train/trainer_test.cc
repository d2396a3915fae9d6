#include "train/trainer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "features/feature_schema.h"
#include "nn/model_file.h"
#include "train/blas_info.h"
#include "train/testing_traffic.h"

namespace train {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class TrainerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(fs::temp_directory_path() /
                           ("sipddos-train-test-" + std::to_string(getpid())));
    fs::create_directories(*dir_);
    synth::TrafficSpec spec;
    spec.seed = 1;
    ASSERT_GT(synth::WriteTraffic(*dir_, "train", spec), 1500);
    spec.seed = 2;
    spec.seconds = 60;
    spec.attacks = {{10, 15, 40, false}, {35, 40, 30, true}};
    ASSERT_GT(synth::WriteTraffic(*dir_, "val", spec), 500);
    spec.seed = 3;
    spec.seconds = 90;
    spec.attacks = {{10, 20, 25, true}, {50, 55, 60, false}, {70, 75, 20, true}};
    ASSERT_GT(synth::WriteTraffic(*dir_, "test1", spec), 500);
    spec.seed = 4;
    spec.net = "172.20.9.";  // dataset 2: other client and server addresses
    ASSERT_GT(synth::WriteTraffic(*dir_, "test2", spec), 500);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
  }

  static std::string Path(const std::string& name) { return *dir_ + "/" + name; }

  static TrainOptions Quick(nn::CellKind kind, features::FeatureSet set, const std::string& out) {
    TrainOptions o;
    o.model = kind;
    o.features = set;
    o.train_path = Path("train.csv");
    o.val_path = Path("val.csv");
    o.out_path = Path(out);
    o.epochs = 4;
    o.batch = 32;
    o.hidden = 16;
    o.lr = 3e-3;
    o.threads = 1;
    o.log = nullptr;
    return o;
  }

  static std::string* dir_;
};
std::string* TrainerTest::dir_ = nullptr;

// The best a constant classifier does on these windows: accuracy of the
// majority class, F1 of "always malicious".
void ExpectBeatsConstant(const Confusion& c, const std::string& what) {
  double p = double(c.tp + c.fn) / double(c.total());
  double const_acc = std::max(p, 1 - p), const_f1 = 2 * p / (1 + p);
  EXPECT_GT(c.accuracy(), const_acc + 0.25) << what << ": " << c.Summary() << " share " << p;
  EXPECT_GT(c.f1(), const_f1 + 0.2) << what << ": " << c.Summary() << " share " << p;
  EXPECT_GT(c.f1(), 0.9) << what << ": " << c.Summary();
}

TEST_F(TrainerTest, EveryModelLearnsAndGeneralisesToTheOtherNetwork) {
  for (nn::CellKind kind : {nn::CellKind::kRnn, nn::CellKind::kLstm, nn::CellKind::kGru}) {
    std::string name = std::string(nn::CellKindName(kind));
    TrainOptions o = Quick(kind, features::FeatureSet::kFull, name + ".safetensors");
    o.test_paths = {Path("test1.csv"), Path("test2.csv")};
    auto r = Train(o);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ(r->epochs.size(), 4u);
    ASSERT_EQ(r->tests.size(), 2u);
    EXPECT_GE(r->best_epoch, 1);
    ExpectBeatsConstant(r->epochs[size_t(r->best_epoch - 1)].val, name + " val");
    ExpectBeatsConstant(r->tests[0].second, name + " test1");
    ExpectBeatsConstant(r->tests[1].second, name + " test2");
    EXPECT_GT(r->train_windows, 500);
  }
}

TEST_F(TrainerTest, PaperFeaturesTrainFromTheCsvAlone) {
  TrainOptions o = Quick(nn::CellKind::kGru, features::FeatureSet::kPaper, "paper.safetensors");
  o.test_paths = {Path("test2.csv")};
  auto r = Train(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  ExpectBeatsConstant(r->tests[0].second, "paper test2");
  auto file = nn::ModelFile::Load(Path("paper.safetensors"));
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->meta.feature_set, "paper");
  EXPECT_EQ(file->meta.input_size, features::FeatureCount(features::FeatureSet::kPaper));
}

TEST_F(TrainerTest, ModelFileCarriesMetadataAndReproducesTheTestFigures) {
  TrainOptions o = Quick(nn::CellKind::kGru, features::FeatureSet::kFull, "meta.safetensors");
  o.epochs = 2;
  o.test_paths = {Path("test1.pcap")};
  o.command_line = "sipddos train --model gru ...";
  auto r = Train(o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  auto file = nn::ModelFile::Load(o.out_path);
  ASSERT_TRUE(file.ok()) << file.status().message();
  const nn::ModelMetadata& m = file->meta;
  EXPECT_EQ(m.model, nn::CellKind::kGru);
  EXPECT_EQ(m.feature_set, "full");
  EXPECT_EQ(m.feature_schema, features::kSchemaVersion);
  EXPECT_EQ(m.input_size, features::kFullCount);
  EXPECT_EQ(m.hidden_size, 16);
  EXPECT_EQ(m.window, 10);
  EXPECT_EQ(m.step, 2);
  EXPECT_EQ(m.min_malicious, 2);
  EXPECT_FLOAT_EQ(m.threshold, 0.5f);
  EXPECT_EQ(m.norm_mean.size(), size_t(m.input_size));
  EXPECT_EQ(m.train_command, o.command_line);
  EXPECT_THAT(m.trained_on, HasSubstr("train.pcap"));
  EXPECT_EQ(file->tensors.at("rnn.weight_ih_l0").shape, (std::vector<int64_t>{48, m.input_size}));
  // Reloading the file gives exactly the counts measured right after training.
  auto c = EvaluateModelFile(o.out_path, Path("test1.csv"));
  ASSERT_TRUE(c.ok()) << c.status().message();
  const Confusion& t = r->tests[0].second;
  EXPECT_EQ(c->tp, t.tp);
  EXPECT_EQ(c->fp, t.fp);
  EXPECT_EQ(c->fn, t.fn);
  EXPECT_EQ(c->tn, t.tn);
}

TEST_F(TrainerTest, SameSeedAndThreadsGiveTheSameWeights) {
  TrainOptions a = Quick(nn::CellKind::kLstm, features::FeatureSet::kPaper, "det-a.safetensors");
  TrainOptions b = Quick(nn::CellKind::kLstm, features::FeatureSet::kPaper, "det-b.safetensors");
  TrainOptions c = Quick(nn::CellKind::kLstm, features::FeatureSet::kPaper, "det-c.safetensors");
  a.epochs = b.epochs = c.epochs = 1;
  c.seed = 99;
  ASSERT_TRUE(Train(a).ok());
  ASSERT_TRUE(Train(b).ok());
  ASSERT_TRUE(Train(c).ok());
  auto fa = nn::ModelFile::Load(a.out_path), fb = nn::ModelFile::Load(b.out_path),
       fc = nn::ModelFile::Load(c.out_path);
  ASSERT_TRUE(fa.ok() && fb.ok() && fc.ok());
  EXPECT_EQ(fa->tensors.at("rnn.weight_hh_l0").data, fb->tensors.at("rnn.weight_hh_l0").data);
  EXPECT_EQ(fa->tensors.at("fc.weight").data, fb->tensors.at("fc.weight").data);
  EXPECT_NE(fa->tensors.at("rnn.weight_hh_l0").data, fc->tensors.at("rnn.weight_hh_l0").data);
}

TEST_F(TrainerTest, ModelWithAnotherFeatureSchemaIsRejected) {
  TrainOptions o = Quick(nn::CellKind::kRnn, features::FeatureSet::kPaper, "schema.safetensors");
  o.epochs = 1;
  ASSERT_TRUE(Train(o).ok());
  auto file = nn::ModelFile::Load(o.out_path);
  ASSERT_TRUE(file.ok());
  file->meta.feature_schema = features::kSchemaVersion + 1;
  ASSERT_TRUE(file->Save(Path("schema-next.safetensors")).ok());
  auto c = EvaluateModelFile(Path("schema-next.safetensors"), Path("test1.csv"));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.status().message(), HasSubstr("schema-next.safetensors"));
  EXPECT_THAT(c.status().message(),
              HasSubstr("feature schema " + std::to_string(features::kSchemaVersion + 1)));
}

void WriteFile(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string Header() {
  return "Seq,Temps,Source,MSG,Via,From,To,Call-ID,CSeq,Contact,Max-Forwards,"
         "Subject,"
         "Content-Type,Content-Length,Label,Attack,Intensity\n";
}

TEST_F(TrainerTest, BadInputsGiveClearErrorsAndWriteNothing) {
  const std::string out = Path("bad.safetensors");
  auto expect_error = [&](const std::string& train, features::FeatureSet set,
                          const std::string& expected) {
    TrainOptions o = Quick(nn::CellKind::kGru, set, "bad.safetensors");
    o.train_path = train;
    auto r = Train(o);
    ASSERT_FALSE(r.ok()) << train;
    EXPECT_THAT(r.status().message(), HasSubstr(expected)) << train;
    EXPECT_FALSE(fs::exists(out));
  };
  WriteFile(Path("empty.csv"), "");
  expect_error(Path("empty.csv"), features::FeatureSet::kPaper, "empty.csv");
  WriteFile(Path("nocallid.csv"), "Seq,Temps,Source,MSG\n1,1.0,10.0.0.2,INVITE sip:a@b SIP/2.0\n");
  expect_error(Path("nocallid.csv"), features::FeatureSet::kPaper, "nocallid.csv");
  std::string row =
      "1,notatime,10.0.0.2,INVITE sip:a@b SIP/2.0,v,f,t,c,1 "
      "INVITE,ct,70,,,0,0,none,none\n";
  WriteFile(Path("badtime.csv"), Header() + row);
  expect_error(Path("badtime.csv"), features::FeatureSet::kPaper, "badtime.csv:2");
  row =
      "1,1.5,10.0.0.2,INVITE sip:a@b SIP/2.0,v,f,t,c,1 "
      "INVITE,ct,70,,,0,,none,none\n";
  WriteFile(Path("nolabel.csv"), Header() + row);
  expect_error(Path("nolabel.csv"), features::FeatureSet::kPaper, "Label");
  row =
      "1,1.5,somewhere,INVITE sip:a@b SIP/2.0,v,f,t,c,1 "
      "INVITE,ct,70,,,0,1,none,none\n";
  WriteFile(Path("badsource.csv"), Header() + row);
  expect_error(Path("badsource.csv"), features::FeatureSet::kPaper, "badsource.csv:2: Source");
  expect_error(Path("missing.csv"), features::FeatureSet::kPaper, "missing.csv: no such file");
  row =
      "1,1.5,10.0.0.2,INVITE sip:a@b SIP/2.0,v,f,t,c,1 "
      "INVITE,ct,70,,,0,yes,none,none\n";
  WriteFile(Path("wordlabel.csv"), Header() + row);
  expect_error(Path("wordlabel.csv"), features::FeatureSet::kPaper, "wordlabel.csv:2");
  // A header and no rows: no window to train on.
  WriteFile(Path("headeronly.csv"), Header());
  expect_error(Path("headeronly.csv"), features::FeatureSet::kPaper, "headeronly.csv");
  // The full set needs the pcap beside the CSV.
  fs::copy_file(Path("val.csv"), Path("csvonly.csv"));
  expect_error(Path("csvonly.csv"), features::FeatureSet::kFull, "csvonly.pcap does not exist");
  // A pcap whose CSV is another capture's.
  fs::copy_file(Path("val.pcap"), Path("mixed.pcap"));
  fs::copy_file(Path("test1.csv"), Path("mixed.csv"));
  expect_error(Path("mixed.pcap"), features::FeatureSet::kFull, "not the same traffic");
  // Bad options.
  TrainOptions o = Quick(nn::CellKind::kGru, features::FeatureSet::kPaper, "bad.safetensors");
  o.windows.step = 0;
  EXPECT_FALSE(Train(o).ok());
  EXPECT_FALSE(fs::exists(out));
}

TEST(BlasInfo, LibtorchRunsOnOpenBlas) {
  // Linking libtorch maps its BLAS at start-up; Debian's alternative must be
  // OpenBLAS.
  std::vector<std::string> libs = LoadedBlasLibraries();
  ASSERT_FALSE(libs.empty());
  EXPECT_TRUE(UsingOpenBlas(libs)) << ::testing::PrintToString(libs);
  EXPECT_FALSE(UsingOpenBlas({"/usr/lib/x86_64-linux-gnu/blas/libblas.so.3.11.0"}));
  EXPECT_FALSE(UsingOpenBlas({}));
  EXPECT_TRUE(UsingOpenBlas({"/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3"}));
  // Training sets OpenBLAS's own thread pool to its thread count.
  EXPECT_EQ(SetOpenBlasThreads(1), 1);
}

}  // namespace
}  // namespace train
