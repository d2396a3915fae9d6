#include "nn/model_file.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "nn/random_model.h"

namespace nn {
namespace {

using ::testing::HasSubstr;

ModelFile SmallGru(int layers = 2) {
  return RandomModel({.model = CellKind::kGru,
                      .input_size = 5,
                      .hidden_size = 4,
                      .num_layers = layers,
                      .seed = 7});
}

std::string Bytes(const ModelFile& f) {
  auto b = f.Serialize();
  EXPECT_TRUE(b.ok()) << b.status().message();
  return *b;
}

// Rewrites the JSON header of a serialized file (keeping the data section).
std::string WithHeader(const std::string& bytes,
                       const std::function<void(nlohmann::json&)>& edit) {
  uint64_t n;
  std::memcpy(&n, bytes.data(), 8);
  nlohmann::json h = nlohmann::json::parse(bytes.substr(8, n));
  edit(h);
  std::string text = h.dump();
  std::string out(8, '\0');
  uint64_t m = text.size();
  std::memcpy(out.data(), &m, 8);
  return out + text + bytes.substr(8 + n);
}

std::string ParseError(const std::string& bytes) {
  auto r = ModelFile::Parse(bytes, "m.safetensors");
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

TEST(ModelFileTest, RoundTripKeepsEverything) {
  ModelFile f = SmallGru();
  f.meta.threshold = 0.37f;
  f.meta.feature_schema = 3;
  f.meta.norm_mean[1] =
      0.1f;  // not exact in binary: must survive the text round trip
  f.meta.extra["note"] = "kept";
  auto g = ModelFile::Parse(Bytes(f), "mem");
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->meta.model, CellKind::kGru);
  EXPECT_EQ(g->meta.num_layers, 2);
  EXPECT_EQ(g->meta.threshold, 0.37f);
  EXPECT_EQ(g->meta.feature_schema, 3);
  EXPECT_EQ(g->meta.norm_mean, f.meta.norm_mean);
  EXPECT_EQ(g->meta.norm_std, f.meta.norm_std);
  EXPECT_EQ(g->meta.extra.at("note"), "kept");
  EXPECT_EQ(g->meta.train_command, "nn::RandomModel");
  ASSERT_EQ(g->tensors.size(), f.tensors.size());
  for (const auto& [name, t] : f.tensors) {
    EXPECT_EQ(g->tensors.at(name).shape, t.shape) << name;
    EXPECT_EQ(g->tensors.at(name).data, t.data) << name;
  }
}

TEST(ModelFileTest, HeaderIsPaddedAndDataAligned) {
  std::string b = Bytes(SmallGru(1));
  uint64_t n;
  std::memcpy(&n, b.data(), 8);
  EXPECT_EQ(n % 8, 0u);
  EXPECT_EQ(b[8], '{');
}

TEST(ModelFileTest, SaveAndLoadThroughDisk) {
  std::string path = ::testing::TempDir() + "/nn_model_" +
                     std::to_string(getpid()) + ".safetensors";
  ModelFile f = RandomModel(
      {.model = CellKind::kLstm, .input_size = 3, .hidden_size = 2});
  ASSERT_TRUE(f.Save(path).ok());
  auto g = ModelFile::Load(path);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->meta.model, CellKind::kLstm);
  EXPECT_EQ(g->tensors.at("rnn.weight_ih_l0").shape,
            (std::vector<int64_t>{8, 3}));
  std::remove(path.c_str());
}

TEST(ModelFileTest, SaveRefusesInvalidModelAndLeavesNothing) {
  std::string path = ::testing::TempDir() + "/nn_bad_" +
                     std::to_string(getpid()) + ".safetensors";
  ModelFile f = SmallGru(1);
  f.tensors.erase("fc.bias");
  util::Status st = f.Save(path);
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("fc.bias"));
  EXPECT_FALSE(std::ifstream(path).good());
}

TEST(ModelFileTest, LoadMissingFileNamesIt) {
  auto r = ModelFile::Load("/nonexistent/x.safetensors");
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.status().message(), HasSubstr("/nonexistent/x.safetensors"));
}

TEST(ModelFileTest, EveryTruncationIsAnError) {
  std::string b = Bytes(SmallGru(1));
  for (size_t len = 0; len < b.size(); len += (len < 64 ? 1 : 7)) {
    auto r = ModelFile::Parse(b.substr(0, len), "m.safetensors");
    ASSERT_FALSE(r.ok()) << "length " << len;
    EXPECT_THAT(r.status().message(), HasSubstr("m.safetensors"));
  }
  EXPECT_THAT(ParseError(b.substr(0, 5)), HasSubstr("truncated"));
  EXPECT_THAT(ParseError(b.substr(0, b.size() - 4)),
              HasSubstr("outside the data section"));
}

TEST(ModelFileTest, TrailingBytesAreAnError) {
  EXPECT_THAT(ParseError(Bytes(SmallGru(1)) + "xxxx"),
              HasSubstr("trailing bytes"));
}

TEST(ModelFileTest, HugeHeaderLengthIsAnError) {
  std::string b = Bytes(SmallGru(1));
  uint64_t huge = uint64_t{1} << 40;
  std::memcpy(b.data(), &huge, 8);
  EXPECT_THAT(ParseError(b), HasSubstr("header length"));
}

TEST(ModelFileTest, CorruptJsonIsAnError) {
  std::string b = Bytes(SmallGru(1));
  b[8] = '[';
  EXPECT_THAT(ParseError(b), HasSubstr("not valid JSON"));
}

TEST(ModelFileTest, WrongDtypeIsAnError) {
  std::string b = WithHeader(Bytes(SmallGru(1)), [](nlohmann::json& h) {
    h["fc.bias"]["dtype"] = "F16";
  });
  EXPECT_THAT(ParseError(b), HasSubstr("dtype F16"));
}

TEST(ModelFileTest, ShapeDisagreeingWithOffsetsIsAnError) {
  std::string b = WithHeader(Bytes(SmallGru(1)), [](nlohmann::json& h) {
    h["fc.weight"]["shape"] = {1, 3};
  });
  EXPECT_THAT(ParseError(b), HasSubstr("fc.weight"));
}

TEST(ModelFileTest, OverlappingDataIsAnError) {
  std::string b = WithHeader(Bytes(SmallGru(1)), [](nlohmann::json& h) {
    h["fc.bias"]["data_offsets"] = h["fc.weight"]["data_offsets"];
    h["fc.bias"]["shape"] = h["fc.weight"]["shape"];
  });
  std::string msg = ParseError(b);
  EXPECT_TRUE(msg.find("overlaps") != std::string::npos ||
              msg.find("belong to no tensor") != std::string::npos)
      << msg;
}

TEST(ModelFileTest, NonFiniteValueIsAnErrorWithOffset) {
  ModelFile f = SmallGru(1);
  std::string b = Bytes(f);
  uint64_t n;
  std::memcpy(&n, b.data(), 8);
  nlohmann::json h = nlohmann::json::parse(b.substr(8, n));
  uint64_t begin = h["rnn.bias_hh_l0"]["data_offsets"][0];
  float nan = std::nanf("");
  std::memcpy(b.data() + 8 + n + begin + 4, &nan, 4);
  std::string msg = ParseError(b);
  EXPECT_THAT(msg, HasSubstr("rnn.bias_hh_l0"));
  EXPECT_THAT(msg, HasSubstr("element 1"));
  EXPECT_THAT(msg, HasSubstr("NaN"));
}

TEST(ModelFileTest, ShapeMismatchWithMetadataIsAnError) {
  ModelFile f = SmallGru(1);
  f.meta.hidden_size = 5;  // tensors are for H = 4
  auto bytes = EncodeSafetensors({f.meta.ToStrings(), f.tensors});
  EXPECT_THAT(ParseError(bytes),
              HasSubstr("has shape [1, 4], expected [1, 5]"));
}

TEST(ModelFileTest, MissingAndUnexpectedTensorsAreErrors) {
  ModelFile f = SmallGru(2);
  ModelFile one = f;
  one.meta.num_layers = 1;  // layer-1 tensors now unexpected
  EXPECT_THAT(
      ParseError(EncodeSafetensors({one.meta.ToStrings(), one.tensors})),
      HasSubstr("unexpected tensor 'rnn."));
  ModelFile three = f;
  three.meta.num_layers = 3;
  EXPECT_THAT(
      ParseError(EncodeSafetensors({three.meta.ToStrings(), three.tensors})),
      HasSubstr("'rnn.bias_hh_l2' is missing"));
}

TEST(ModelFileTest, MetadataIsChecked) {
  ModelFile f = SmallGru(1);
  auto with = [&](const std::string& key, const std::string* value) {
    auto m = f.meta.ToStrings();
    if (value)
      m[key] = *value;
    else
      m.erase(key);
    return ParseError(EncodeSafetensors({m, f.tensors}));
  };
  std::string s;
  EXPECT_THAT(with("format", nullptr), HasSubstr("'format' is missing"));
  EXPECT_THAT(with("format", &(s = "other")),
              HasSubstr("expected 'sipddos-model'"));
  EXPECT_THAT(with("version", &(s = "2")),
              HasSubstr("unsupported model file version"));
  EXPECT_THAT(with("model", &(s = "transformer")),
              HasSubstr("rnn, lstm or gru"));
  EXPECT_THAT(with("hidden_size", &(s = "4x")), HasSubstr("not an integer"));
  EXPECT_THAT(with("hidden_size", nullptr),
              HasSubstr("'hidden_size' is missing"));
  EXPECT_THAT(with("window", &(s = "0")), HasSubstr("out of range"));
  EXPECT_THAT(with("threshold", &(s = "1.5")), HasSubstr("threshold"));
  EXPECT_THAT(with("threshold", &(s = "abc")), HasSubstr("not a number"));
  EXPECT_THAT(with("feature_set", &(s = "some")),
              HasSubstr("'full' or 'paper'"));
  EXPECT_THAT(with("norm_mean", &(s = "[1,2]")),
              HasSubstr("norm_mean' has 2 values"));
  EXPECT_THAT(with("norm_std", &(s = "[1,1,0,1,1]")),
              HasSubstr("must be finite and > 0"));
  EXPECT_THAT(with("norm_std", &(s = "not json")),
              HasSubstr("not a JSON array"));
  EXPECT_THAT(ParseError(EncodeSafetensors({{}, f.tensors})),
              HasSubstr("no __metadata__"));
}

}  // namespace
}  // namespace nn
