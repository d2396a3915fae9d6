// End to end: `sipddos evaluate` on a small simulated split with the shipped
// GRU; the JSON's figures must agree with each other and with `sipddos
// simulate`'s manifest.
#include <gtest/gtest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "cli/test_support.h"
#include "util/test_if.h"

namespace cli {
namespace {

using nlohmann::json;

std::string ShippedModel() {
  return std::string(SIPDDOS_SOURCE_DIR) + "/models/default-gru.safetensors";
}

// Checks every number in a layout is finite (the renderer's contract) and ids
// are unique.
void CheckLayout(const json &j, std::set<std::string> *ids) {
  if (j.is_object()) {
    if (j.contains("id") && j["id"].is_string()) {
      std::string id = j["id"];
      EXPECT_TRUE(ids->insert(id).second) << "duplicate id " << id;
      EXPECT_EQ(id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-"), std::string::npos)
          << id;
    }
    for (const auto &[k, v] : j.items()) CheckLayout(v, ids);
  } else if (j.is_array()) {
    for (const auto &v : j) CheckLayout(v, ids);
  } else if (j.is_number_float()) {
    EXPECT_TRUE(std::isfinite(j.get<double>()));
  }
}

TEST(EvaluateTest, FiguresAreConsistentOnASmallSimulatedSplit) {
  TempDir dir;
  auto sim =
      RunSipddos({"simulate", "--preset", "small", "--splits", "test1", "--out", dir.path()});
  ASSERT_EQ(sim.status, 0) << sim.output;
  const std::string out = dir.path() + "/eval.json";
  auto r = RunSipddos({"evaluate", "--model", ShippedModel(), "--test", dir.path() + "/test1.csv",
                       "--json", out, "--steps", "5"});
  ASSERT_EQ(r.status, 0) << r.output;
  json doc = json::parse(ReadFile(out));
  json manifest = json::parse(ReadFile(dir.path() + "/manifest.json"));
  EXPECT_EQ(doc["schema"], "sipddos-evaluation/1");
  const json &fig = doc["figures"];
  const int64_t windows = manifest["splits"]["test1"]["windows"]["total"];
  ASSERT_EQ(fig["splits"].size(), 1u);
  EXPECT_EQ(fig["splits"][0]["total"], windows);
  EXPECT_EQ(fig["splits"][0]["malicious"], manifest["splits"]["test1"]["windows"]["malicious"]);

  ASSERT_EQ(fig["results"].size(), 2u);  // the model's step 2, and step 5
  for (const json &res : fig["results"]) {
    const int64_t tp = res["tp"], fp = res["fp"], tn = res["tn"], fn = res["fn"];
    const int step = res["step"];
    EXPECT_EQ(tp + fp + tn + fn, res["windows"].get<int64_t>());
    if (step == 2) {
      EXPECT_EQ(res["windows"].get<int64_t>(), windows);
    } else {
      EXPECT_EQ(res["windows"].get<int64_t>(), (windows - 1) * 2 / 5 + 1);
    }
    EXPECT_EQ(res["misclassified"].get<int64_t>(), fp + fn);
    EXPECT_NEAR(res["accuracy"].get<double>(), double(tp + tn) / double(tp + fp + tn + fn), 1e-12);
    EXPECT_NEAR(res["iou"].get<double>(), double(tp) / double(tp + fp + fn), 1e-12);
    EXPECT_GT(tp, 0);
    EXPECT_GT(tn, 0);
    // Every misclassified window is counted under exactly one pattern.
    int64_t by_pattern = 0;
    for (const json &p : res["patterns"]) {
      EXPECT_EQ(p["pattern"].get<std::string>().size(), 10u);
      by_pattern += p["errors"].get<int64_t>();
    }
    EXPECT_EQ(by_pattern, fp + fn);
    EXPECT_EQ(res["patterns"][1]["pattern"],
              "1100000000");  // the paper's rows come first
    const json &inf = res["inference_us"];
    EXPECT_GT(inf["mean"].get<double>(), 0);
    EXPECT_GE(inf["p99"].get<double>(), inf["median"].get<double>());
    EXPECT_EQ(inf["samples"].get<int64_t>(),
              res["windows"].get<int64_t>());  // all timed
    ASSERT_TRUE(res["roc_auc"].is_number());
    EXPECT_GT(res["roc_auc"].get<double>(), 0.9);
    EXPECT_EQ(res["roc"].front(), json::array({0.0, 0.0}));
    EXPECT_EQ(res["roc"].back(), json::array({1.0, 1.0}));
  }
  // Baselines: the same windows.
  ASSERT_EQ(fig["baselines"].size(), 3u);
  for (const json &b : fig["baselines"]) {
    EXPECT_EQ(b["windows"].get<int64_t>(), windows);
    EXPECT_EQ(b["tp"].get<int64_t>() + b["fn"].get<int64_t>(),
              manifest["splits"]["test1"]["windows"]["malicious"].get<int64_t>());
  }
  // Detection delay over test1.pcap, at steps 2 and 5.
  ASSERT_EQ(fig["delay"].size(), 2u);
  for (const json &d : fig["delay"]) {
    EXPECT_GT(d["episodes"].get<int64_t>(), 0);
    EXPECT_EQ(d["detected"].get<int64_t>() + d["missed"].get<int64_t>(), d["episodes"]);
    int64_t by_intensity = 0;
    for (const json &g : d["by_intensity"]) by_intensity += g["episodes"].get<int64_t>();
    EXPECT_EQ(by_intensity, d["episodes"]);
    EXPECT_GT(d["detected"].get<int64_t>(), 0);
  }
  EXPECT_TRUE(fig["score_trace"].is_object());
  EXPECT_FALSE(fig["score_trace"]["scores"].empty());

  const json &layout = doc["report"];
  EXPECT_EQ(layout["title"], "sipddos evaluation");
  std::set<std::string> section_ids, ids;
  for (const json &s : layout["sections"]) section_ids.insert(s["id"]);
  for (const char *want : {"table1", "table3", "table4", "metrics", "baselines", "delay"})
    EXPECT_TRUE(section_ids.count(want)) << want;
  CheckLayout(layout, &ids);
}

TEST(EvaluateTest, MissingModelNamesTheFile) {
  TempDir dir;
  WriteFile(dir.path() + "/t.csv", "Seq\n");
  auto r = RunSipddos(
      {"evaluate", "--model", dir.path() + "/nope.safetensors", "--test", dir.path() + "/t.csv"});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.output.find("nope.safetensors"), std::string::npos) << r.output;
}

// `reproduce --preset small` trains nine models: minutes, so opt-in.
// Registered with SIPDDOS_LONG_TESTS=1 in a libtorch build only.
bool LongTestsWithTorch() {
  return std::getenv("SIPDDOS_LONG_TESTS") &&
         RunSipddos({"version"}).output.find("training: libtorch") != std::string::npos;
}
TEST_IF(LongTestsWithTorch(), EvaluateTest, ReproduceSmallPreset) {
  TempDir dir;
  auto r = RunSipddos({"reproduce", "--preset", "small", "--out", dir.path(), "--epochs", "3",
                       "--hold-out", "random"});
  ASSERT_EQ(r.status, 0) << r.output;
  json doc = json::parse(ReadFile(dir.path() + "/evaluation.json"));
  std::set<std::string> groups;
  for (const json &m : doc["figures"]["models"]) groups.insert(m["group"]);
  EXPECT_EQ(groups, (std::set<std::string>{"main", "paper-features", "holdout-random"}));
  EXPECT_EQ(doc["figures"]["splits"].size(), 4u);  // train, val, test1, test2
}

}  // namespace
}  // namespace cli
