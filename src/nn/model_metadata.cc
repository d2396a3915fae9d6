#include "nn/model_metadata.h"

#include <charconv>
#include <cmath>
#include <nlohmann/json.hpp>
#include <set>

namespace nn {
namespace {

using util::Status;

constexpr int kMaxDim = 1 << 16;  // sanity bound on sizes read from a file

std::string FloatText(float v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf,
                         v);  // shortest text that round-trips
  return std::string(buf, r.ptr);
}

std::string FloatArrayText(const std::vector<float>& v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s += ",";
    s += FloatText(v[i]);
  }
  return s + "]";
}

Status KeyError(const std::string& key, const std::string& value,
                const std::string& what) {
  return Status::Error("metadata '" + key + "' = '" + value.substr(0, 80) +
                       "': " + what);
}

Status ParseInt(const std::map<std::string, std::string>& m,
                const std::string& key, int lo, int hi, int* out) {
  auto it = m.find(key);
  if (it == m.end())
    return Status::Error("metadata: required key '" + key + "' is missing");
  const std::string& s = it->second;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size())
    return KeyError(key, s, "not an integer");
  if (*out < lo || *out > hi)
    return KeyError(key, s,
                    "out of range [" + std::to_string(lo) + ", " +
                        std::to_string(hi) + "]");
  return Status::Ok();
}

Status ParseFloatArray(const std::map<std::string, std::string>& m,
                       const std::string& key, std::vector<float>* out) {
  auto it = m.find(key);
  if (it == m.end())
    return Status::Error("metadata: required key '" + key + "' is missing");
  nlohmann::json j =
      nlohmann::json::parse(it->second, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array())
    return KeyError(key, it->second, "not a JSON array");
  out->clear();
  for (const auto& e : j) {
    if (!e.is_number())
      return KeyError(key, it->second, "element is not a number");
    out->push_back(static_cast<float>(e.get<double>()));
  }
  return Status::Ok();
}

}  // namespace

const char* CellKindName(CellKind k) {
  switch (k) {
    case CellKind::kRnn:
      return "rnn";
    case CellKind::kLstm:
      return "lstm";
    case CellKind::kGru:
      return "gru";
  }
  return "?";
}

int GateCount(CellKind k) {
  switch (k) {
    case CellKind::kRnn:
      return 1;
    case CellKind::kLstm:
      return 4;
    case CellKind::kGru:
      return 3;
  }
  return 0;
}

Status ModelMetadata::Validate() const {
  auto range = [](const char* key, int v, int lo, int hi) {
    if (v < lo || v > hi)
      return Status::Error(std::string("metadata '") + key +
                           "' = " + std::to_string(v) + ": out of range [" +
                           std::to_string(lo) + ", " + std::to_string(hi) +
                           "]");
    return Status::Ok();
  };
  SIPDDOS_RETURN_IF_ERROR(range("input_size", input_size, 1, kMaxDim));
  SIPDDOS_RETURN_IF_ERROR(range("hidden_size", hidden_size, 1, kMaxDim));
  SIPDDOS_RETURN_IF_ERROR(range("num_layers", num_layers, 1, 64));
  SIPDDOS_RETURN_IF_ERROR(range("feature_schema", feature_schema, 0, 1 << 30));
  SIPDDOS_RETURN_IF_ERROR(range("window", window, 1, 4096));
  SIPDDOS_RETURN_IF_ERROR(range("step", step, 1, window));
  SIPDDOS_RETURN_IF_ERROR(range("min_malicious", min_malicious, 0, window));
  if (feature_set != "full" && feature_set != "paper")
    return Status::Error("metadata 'feature_set' = '" + feature_set +
                         "': must be 'full' or 'paper'");
  if (!(threshold >= 0.f && threshold <= 1.f))
    return Status::Error("metadata 'threshold' = " + FloatText(threshold) +
                         ": must be in [0, 1]");
  if (norm_mean.size() != static_cast<size_t>(input_size))
    return Status::Error(
        "metadata 'norm_mean' has " + std::to_string(norm_mean.size()) +
        " values, input_size is " + std::to_string(input_size));
  if (norm_std.size() != static_cast<size_t>(input_size))
    return Status::Error(
        "metadata 'norm_std' has " + std::to_string(norm_std.size()) +
        " values, input_size is " + std::to_string(input_size));
  for (size_t i = 0; i < norm_mean.size(); ++i) {
    if (!std::isfinite(norm_mean[i]))
      return Status::Error("metadata 'norm_mean'[" + std::to_string(i) +
                           "] is not finite");
    if (!std::isfinite(norm_std[i]) || !(norm_std[i] > 0.f))
      return Status::Error("metadata 'norm_std'[" + std::to_string(i) + "] = " +
                           FloatText(norm_std[i]) + ": must be finite and > 0");
  }
  return Status::Ok();
}

std::map<std::string, std::string> ModelMetadata::ToStrings() const {
  std::map<std::string, std::string> m = extra;
  m["format"] = kFormat;
  m["version"] = std::to_string(kVersion);
  m["model"] = CellKindName(model);
  m["input_size"] = std::to_string(input_size);
  m["hidden_size"] = std::to_string(hidden_size);
  m["num_layers"] = std::to_string(num_layers);
  m["feature_set"] = feature_set;
  m["feature_schema"] = std::to_string(feature_schema);
  m["window"] = std::to_string(window);
  m["step"] = std::to_string(step);
  m["min_malicious"] = std::to_string(min_malicious);
  m["threshold"] = FloatText(threshold);
  m["norm_mean"] = FloatArrayText(norm_mean);
  m["norm_std"] = FloatArrayText(norm_std);
  m["train_command"] = train_command;
  m["trained_on"] = trained_on;
  m["created"] = created;
  return m;
}

util::Result<ModelMetadata> ModelMetadata::FromStrings(
    const std::map<std::string, std::string>& m) {
  auto get = [&m](const std::string& key) -> const std::string* {
    auto it = m.find(key);
    return it == m.end() ? nullptr : &it->second;
  };
  const std::string* format = get("format");
  if (!format)
    return Status::Error(
        "metadata: required key 'format' is missing (not a sipddos model?)");
  if (*format != kFormat)
    return KeyError("format", *format,
                    std::string("expected '") + kFormat + "'");
  ModelMetadata md;
  int version = 0;
  SIPDDOS_RETURN_IF_ERROR(ParseInt(m, "version", 0, 1 << 30, &version));
  if (version != kVersion)
    return KeyError("version", *get("version"),
                    "unsupported model file version (this build reads " +
                        std::to_string(kVersion) + ")");
  const std::string* model = get("model");
  if (!model) return Status::Error("metadata: required key 'model' is missing");
  if (*model == "rnn")
    md.model = CellKind::kRnn;
  else if (*model == "lstm")
    md.model = CellKind::kLstm;
  else if (*model == "gru")
    md.model = CellKind::kGru;
  else
    return KeyError("model", *model, "must be rnn, lstm or gru");
  SIPDDOS_RETURN_IF_ERROR(
      ParseInt(m, "input_size", 1, kMaxDim, &md.input_size));
  SIPDDOS_RETURN_IF_ERROR(
      ParseInt(m, "hidden_size", 1, kMaxDim, &md.hidden_size));
  SIPDDOS_RETURN_IF_ERROR(ParseInt(m, "num_layers", 1, 64, &md.num_layers));
  SIPDDOS_RETURN_IF_ERROR(
      ParseInt(m, "feature_schema", 0, 1 << 30, &md.feature_schema));
  SIPDDOS_RETURN_IF_ERROR(ParseInt(m, "window", 1, 4096, &md.window));
  SIPDDOS_RETURN_IF_ERROR(ParseInt(m, "step", 1, 4096, &md.step));
  SIPDDOS_RETURN_IF_ERROR(
      ParseInt(m, "min_malicious", 0, 4096, &md.min_malicious));
  const std::string* fs = get("feature_set");
  if (!fs)
    return Status::Error("metadata: required key 'feature_set' is missing");
  md.feature_set = *fs;
  const std::string* th = get("threshold");
  if (!th)
    return Status::Error("metadata: required key 'threshold' is missing");
  auto r = std::from_chars(th->data(), th->data() + th->size(), md.threshold);
  if (r.ec != std::errc() || r.ptr != th->data() + th->size())
    return KeyError("threshold", *th, "not a number");
  SIPDDOS_RETURN_IF_ERROR(ParseFloatArray(m, "norm_mean", &md.norm_mean));
  SIPDDOS_RETURN_IF_ERROR(ParseFloatArray(m, "norm_std", &md.norm_std));
  static const std::set<std::string> kKnown = {
      "format",      "version",    "model",         "input_size",
      "hidden_size", "num_layers", "feature_set",   "feature_schema",
      "window",      "step",       "min_malicious", "threshold",
      "norm_mean",   "norm_std",   "train_command", "trained_on",
      "created"};
  if (const std::string* s = get("train_command")) md.train_command = *s;
  if (const std::string* s = get("trained_on")) md.trained_on = *s;
  if (const std::string* s = get("created")) md.created = *s;
  for (const auto& [k, v] : m)
    if (!kKnown.count(k)) md.extra[k] = v;
  SIPDDOS_RETURN_IF_ERROR(md.Validate());
  return md;
}

}  // namespace nn
