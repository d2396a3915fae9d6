// End to end: `sipddos calibrate` on the project's real benign captures and on
// a simulated legitimate-only capture; the calibrated copy keeps the weights
// bit for bit, records the calibration, and `sipddos detect` runs with (and
// reports) its threshold.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

#include "cli/test_support.h"
#include "nn/model_file.h"
#include "sim/preset.h"
#include "sim/simulator.h"

namespace cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string ShippedModel() {
  return std::string(SIPDDOS_SOURCE_DIR) + "/models/default-gru.safetensors";
}
std::string RealSip(const std::string &name) {
  return std::string(SIPDDOS_TESTDATA) + "/real-sip/" + name;
}

// The weights of two model files are the same bits.
void ExpectSameWeights(const std::string &a, const std::string &b) {
  auto fa = nn::ModelFile::Load(a);
  auto fb = nn::ModelFile::Load(b);
  ASSERT_TRUE(fa.ok()) << fa.status().message();
  ASSERT_TRUE(fb.ok()) << fb.status().message();
  ASSERT_EQ(fa->tensors.size(), fb->tensors.size());
  for (const auto &[name, t] : fa->tensors) {
    ASSERT_TRUE(fb->tensors.count(name)) << name;
    const nn::Tensor &u = fb->tensors.at(name);
    EXPECT_EQ(t.shape, u.shape) << name;
    ASSERT_EQ(t.data.size(), u.data.size()) << name;
    EXPECT_EQ(std::memcmp(t.data.data(), u.data.data(), t.data.size() * sizeof(float)), 0) << name;
  }
  EXPECT_EQ(fa->meta.norm_mean, fb->meta.norm_mean);
  EXPECT_EQ(fa->meta.norm_std, fb->meta.norm_std);
}

json CalibrationOf(const std::string &model) {
  auto f = nn::ModelFile::Load(model);
  EXPECT_TRUE(f.ok()) << f.status().message();
  if (!f.ok() || !f->meta.extra.count("calibration")) return json();
  return json::parse(f->meta.extra.at("calibration"));
}

// "windows B benign / M malicious" from detect's summary.
std::pair<long, long> DetectWindows(const std::string &output) {
  std::smatch m;
  if (!std::regex_search(output, m, std::regex(R"(windows (\d+) benign / (\d+) malicious)")))
    return {-1, -1};
  return {std::stol(m[1]), std::stol(m[2])};
}

// The project's real captures are a few calls each: at most 8 INVITEs to one
// server, fewer than the model's window of 10, so no window is scored and there
// is nothing to calibrate on.
TEST(Calibrate, RealCapturesHoldNoWindowAndSaySo) {
  TempDir dir;
  const std::string out = dir.path() + "/cal.safetensors";
  std::string list;
  for (const char *n : {"SIP_DTMF2.pcap", "aaa.pcap", "nb6-telephone.pcap", "sip-rtp-g722.pcap",
                        "sip-rtp-opus.pcap"})
    list += (list.empty() ? "" : ",") + RealSip(n);
  auto r = RunSipddos({"calibrate", "--pcap", list, "--model", ShippedModel(), "--out", out});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("no window was scored: the capture(s) hold fewer "
                          "than 10 INVITEs to any "
                          "one server"),
            std::string::npos)
      << r.output;
  EXPECT_TRUE(fs::is_empty(dir.path()));
}

class CalibrateSimulated : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    sim::Preset p = sim::SmallPreset();
    sim::SplitTarget t = p.splits.front();
    t.name = "benign";
    t.windows = 2000;
    t.malicious_share = 0;
    p.splits = {t};
    sim::SimulateOptions o;
    o.out_dir = dir_->path() + "/sim";
    o.csv = false;
    auto r = sim::Simulate(p, o);
    ASSERT_TRUE(r.ok()) << r.status().message();
    ASSERT_EQ((*r)[0].malicious_rows, 0);
  }
  static void TearDownTestSuite() { delete dir_; }
  static std::string Pcap() { return dir_->path() + "/sim/benign.pcap"; }
  static TempDir *dir_;
};
TempDir *CalibrateSimulated::dir_ = nullptr;

TEST_F(CalibrateSimulated, ThresholdMeetsTheTargetAndDetectRunsWithIt) {
  const std::string out = dir_->path() + "/lower.safetensors";
  auto r = RunSipddos({"calibrate", "--pcap", Pcap(), "--model", ShippedModel(), "--fp-rate",
                       "0.01", "--allow-lower", "--out", out});
  ASSERT_EQ(r.status, 0) << r.output;
  ExpectSameWeights(ShippedModel(), out);
  json c = CalibrationOf(out);
  ASSERT_TRUE(c.is_object());
  const uint64_t windows = c["windows"];
  EXPECT_GE(windows, 1000u);
  EXPECT_TRUE(c["measurable"].get<bool>());
  EXPECT_LE(c["achieved_fp_rate"].get<double>(), 0.01);
  EXPECT_TRUE(c["allow_lower"].get<bool>());
  const uint64_t fps = c["false_positive_windows"];
  auto f = nn::ModelFile::Load(out);
  ASSERT_TRUE(f.ok());
  EXPECT_FLOAT_EQ(f->meta.threshold, c["threshold"].get<float>());

  // detect on the same capture with the calibrated model: the same windows, and
  // exactly the calibrated number of them at or above the threshold.
  auto d = RunSipddos(
      {"detect", "--pcap", Pcap(), "--model", out, "--alerts", dir_->path() + "/eve-lower.json"});
  ASSERT_EQ(d.status, 0) << d.output;
  auto [benign, malicious] = DetectWindows(d.output);
  EXPECT_EQ(uint64_t(benign + malicious), windows) << d.output;
  EXPECT_EQ(uint64_t(malicious), fps) << d.output;
  EXPECT_LE(double(malicious) / double(windows), 0.01);
  EXPECT_NE(
      d.output.find("from calibrated on benign.pcap (" + std::to_string(windows) + " windows, FP "),
      std::string::npos)
      << d.output;
  // The flag overrides and says so.
  auto t = RunSipddos({"detect", "--pcap", Pcap(), "--model", out, "--threshold", "0.9", "--alerts",
                       dir_->path() + "/eve-t.json"});
  ASSERT_EQ(t.status, 0) << t.output;
  EXPECT_NE(t.output.find("threshold 0.9 from --threshold"), std::string::npos) << t.output;
}

TEST_F(CalibrateSimulated, TooFewWindowsForTheTargetIsSaid) {
  const std::string out = dir_->path() + "/few.safetensors";
  auto r = RunSipddos({"calibrate", "--pcap", Pcap(), "--model", ShippedModel(), "--out", out});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("too few to measure a false-positive rate of 0.0001 (that needs at "
                          "least 10000 windows)"),
            std::string::npos)
      << r.output;
  ExpectSameWeights(ShippedModel(), out);
  json c = CalibrationOf(out);
  ASSERT_TRUE(c.is_object());
  ASSERT_EQ(c["captures"].size(), 1u);
  EXPECT_EQ(c["captures"][0]["name"], "benign.pcap");
  EXPECT_EQ(c["captures"][0]["path"], Pcap());
  EXPECT_EQ(c["captures"][0]["bytes"].get<uint64_t>(), fs::file_size(Pcap()));
  EXPECT_EQ(c["captures"][0]["windows"], c["windows"]);
  EXPECT_FALSE(c["measurable"].get<bool>());
  EXPECT_DOUBLE_EQ(c["target_fp_rate"].get<double>(), 1e-4);
  EXPECT_EQ(c["false_positive_windows"], 0);
  EXPECT_DOUBLE_EQ(c["achieved_fp_rate"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(c["old_threshold"].get<double>(), 0.5);
  EXPECT_GE(c["threshold"].get<double>(),
            0.5);  // never lowered without --allow-lower
  EXPECT_FALSE(c["date"].get<std::string>().empty());
}

TEST_F(CalibrateSimulated, KeepsTheModelsThresholdUnlessAllowedLower) {
  const std::string out = dir_->path() + "/kept.safetensors";
  auto r = RunSipddos({"calibrate", "--pcap", Pcap(), "--model", ShippedModel(), "--fp-rate",
                       "0.01", "--out", out});
  ASSERT_EQ(r.status, 0) << r.output;
  json c = CalibrationOf(out);
  ASSERT_TRUE(c.is_object());
  EXPECT_GE(c["threshold"].get<double>(), 0.5);
  EXPECT_GE(c["threshold"].get<double>(), c["measured_threshold"].get<double>());
  EXPECT_LE(c["achieved_fp_rate"].get<double>(), 0.01);
}

TEST(Calibrate, BadInputIsAClearErrorWithNoOutput) {
  TempDir dir;
  const std::string out = dir.path() + "/never.safetensors";
  struct Case {
    std::vector<std::string> args;
    int status;
    std::string says;
  };
  const std::vector<Case> cases = {
      {{"--pcap", dir.path() + "/missing.pcap"}, 1, "missing.pcap"},
      {{"--pcap", RealSip("nb6-telephone.pcap")}, 1, "no window was scored"},
      {{"--pcap", RealSip("aaa.pcap"), "--fp-rate", "0"}, 2, "--fp-rate"},
      {{"--pcap", RealSip("aaa.pcap"), "--fp-rate", "1"}, 2, "--fp-rate"},
      {{"--pcap", RealSip("aaa.pcap"), "--fp-rate", "1.5"}, 2, "--fp-rate"},
      {{"--pcap", RealSip("aaa.pcap"), "--model", dir.path() + "/nope.safetensors"},
       1,
       "nope.safetensors"},
  };
  for (const Case &k : cases) {
    std::vector<std::string> args = {"calibrate", "--out", out};
    if (std::find(k.args.begin(), k.args.end(), "--model") == k.args.end()) {
      args.push_back("--model");
      args.push_back(ShippedModel());
    }
    args.insert(args.end(), k.args.begin(), k.args.end());
    auto r = RunSipddos(args);
    EXPECT_EQ(r.status, k.status) << k.args[1] << "\n" << r.output;
    EXPECT_NE(r.output.find(k.says), std::string::npos) << r.output;
    EXPECT_FALSE(fs::exists(out)) << k.args[1];
  }
  EXPECT_TRUE(fs::is_empty(dir.path()));  // not even a temporary file left behind
}

}  // namespace
}  // namespace cli
