// Parity with PyTorch: random-weight models written by our writer are scored by
// torch.nn.RNN/LSTM/GRU + Linear (src/nn/torch_parity.py, Debian's
// /usr/bin/python3 with python3-torch) and by our kernels; logits and scores
// must agree within 1e-5.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>

#include "nn/model.h"
#include "nn/random_model.h"
#include "util/test_if.h"

namespace nn {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = fs::path(SIPDDOS_TESTDATA).parent_path();
const char* kPython = "/usr/bin/python3";

std::string ReadText(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool PythonHasTorch() {
  std::string cmd = std::string(kPython) + " -c 'import torch' >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

struct ParityCase {
  CellKind kind;
  int layers, hidden, input, n;
  std::string name;
};

std::vector<ParityCase> Cases() {
  std::vector<ParityCase> cases;
  for (CellKind k : {CellKind::kRnn, CellKind::kLstm, CellKind::kGru})
    for (int layers : {1, 2})
      for (int hidden : {16, 64})
        for (int n : {1, 50}) {
          int input = hidden == 16 ? 9 : 32;
          cases.push_back(
              {k, layers, hidden, input, n,
               std::string(CellKindName(k)) + "_l" + std::to_string(layers) +
                   "_h" + std::to_string(hidden) + "_n" + std::to_string(n)});
        }
  return cases;
}

// Registered only where Debian's python3-torch imports.
TEST_IF(PythonHasTorch(), TorchParityTest, KernelsMatchPyTorch) {
  fs::path dir = fs::path(::testing::TempDir()) /
                 ("nn_parity_" + std::to_string(getpid()));
  fs::create_directories(dir);
  const int steps = 10;
  nlohmann::json manifest = nlohmann::json::array();
  std::vector<ParityCase> cases = Cases();
  std::vector<std::vector<float>> inputs;
  std::vector<ModelFile> files;
  uint64_t seed = 100;
  for (const ParityCase& c : cases) {
    ModelFile f = RandomModel({.model = c.kind,
                               .input_size = c.input,
                               .hidden_size = c.hidden,
                               .num_layers = c.layers,
                               .seed = ++seed});
    fs::path model = dir / (c.name + ".safetensors"),
             input = dir / (c.name + ".in"), output = dir / (c.name + ".out");
    ASSERT_TRUE(f.Save(model.string()).ok());
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> u(-3.f, 3.f);
    std::vector<float> x(static_cast<size_t>(c.n) * steps * c.input);
    for (size_t i = 0; i < x.size(); ++i) {
      int feature = static_cast<int>(i % c.input);
      x[i] = f.meta.norm_mean[feature] + f.meta.norm_std[feature] * u(rng);
    }
    std::ofstream(input, std::ios::binary)
        .write(reinterpret_cast<const char*>(x.data()),
               x.size() * sizeof(float));
    manifest.push_back({{"model", model.string()},
                        {"input", input.string()},
                        {"n", c.n},
                        {"steps", steps},
                        {"output", output.string()}});
    inputs.push_back(std::move(x));
    files.push_back(std::move(f));
  }
  std::ofstream(dir / "manifest.json") << manifest.dump(1);
  std::string cmd = std::string(kPython) + " " +
                    (kSourceDir / "src/nn/torch_parity.py").string() + " " +
                    (dir / "manifest.json").string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

  for (size_t k = 0; k < cases.size(); ++k) {
    const ParityCase& c = cases[k];
    SCOPED_TRACE(c.name);
    std::string out = ReadText(dir / (c.name + ".out"));
    ASSERT_EQ(out.size(), 2 * c.n * sizeof(float));
    std::vector<float> torch_values(2 * c.n);
    std::memcpy(torch_values.data(), out.data(), out.size());
    // Load what we wrote, as a user would: this exercises the reader too.
    auto file = ModelFile::Load((dir / (c.name + ".safetensors")).string());
    ASSERT_TRUE(file.ok()) << file.status().message();
    auto model = Model::Create(*file);
    ASSERT_TRUE(model.ok());
    Workspace ws = model->NewWorkspace(16);
    std::vector<float> scores(c.n), logits(c.n);
    ASSERT_TRUE(model
                    ->Infer(inputs[k].data(), c.n, steps, scores.data(), ws,
                            logits.data())
                    .ok());
    double worst = 0;
    for (int b = 0; b < c.n; ++b) {
      EXPECT_NEAR(logits[b], torch_values[b], 1e-5) << "window " << b;
      EXPECT_NEAR(scores[b], torch_values[c.n + b], 1e-5) << "window " << b;
      worst = std::max(worst, std::abs(double{logits[b]} - torch_values[b]));
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.3g", worst);
    ::testing::Test::RecordProperty(c.name + "_max_abs_logit_diff", buf);
  }
  fs::remove_all(dir);
}

// docs/model-format.md tells users how to load a model in Python; the parity
// script runs exactly that code, so the two must not drift apart.
TEST(TorchParityTest, DocumentedLoaderIsTheTestedOne) {
  std::string doc = ReadText(kSourceDir / "docs/model-format.md");
  std::string script = ReadText(kSourceDir / "src/nn/torch_parity.py");
  const std::string begin = "# --- begin loader (docs/model-format.md) ---\n";
  const std::string end = "# --- end loader ---\n";
  size_t b = script.find(begin), e = script.find(end);
  ASSERT_NE(b, std::string::npos);
  ASSERT_NE(e, std::string::npos);
  std::string loader = script.substr(b, e + end.size() - b);
  EXPECT_NE(doc.find("```python\n" + loader + "```"), std::string::npos)
      << "docs/model-format.md must contain the loader block of "
         "src/nn/torch_parity.py verbatim";
}

}  // namespace
}  // namespace nn
