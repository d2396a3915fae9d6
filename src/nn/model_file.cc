#include "nn/model_file.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "util/atomic_file.h"

namespace nn {

using util::Status;

std::string RecurrentTensorName(const std::string& kind, int layer) {
  return "rnn." + kind + "_l" + std::to_string(layer);
}

std::map<std::string, std::vector<int64_t>> ModelFile::ExpectedShapes(
    const ModelMetadata& meta) {
  const int64_t gh = int64_t{GateCount(meta.model)} * meta.hidden_size;
  const int64_t h = meta.hidden_size;
  std::map<std::string, std::vector<int64_t>> s;
  for (int l = 0; l < meta.num_layers; ++l) {
    s[RecurrentTensorName("weight_ih", l)] = {
        gh, l == 0 ? int64_t{meta.input_size} : h};
    s[RecurrentTensorName("weight_hh", l)] = {gh, h};
    s[RecurrentTensorName("bias_ih", l)] = {gh};
    s[RecurrentTensorName("bias_hh", l)] = {gh};
  }
  s["fc.weight"] = {1, h};
  s["fc.bias"] = {1};
  return s;
}

Status ModelFile::Validate() const {
  SIPDDOS_RETURN_IF_ERROR(meta.Validate());
  const auto expected = ExpectedShapes(meta);
  for (const auto& [name, shape] : expected) {
    auto it = tensors.find(name);
    if (it == tensors.end())
      return Status::Error(std::string("tensor '") + name +
                           "' is missing (model=" + CellKindName(meta.model) +
                           ", num_layers=" + std::to_string(meta.num_layers) +
                           ")");
    const Tensor& t = it->second;
    Tensor want{shape, {}};
    if (t.shape != shape)
      return Status::Error(
          "tensor '" + name + "' has shape " + t.ShapeString() + ", expected " +
          want.ShapeString() + " (model=" + CellKindName(meta.model) +
          ", hidden_size=" + std::to_string(meta.hidden_size) +
          ", input_size=" + std::to_string(meta.input_size) + ")");
    if (static_cast<int64_t>(t.data.size()) != t.NumElements())
      return Status::Error("tensor '" + name + "' holds " +
                           std::to_string(t.data.size()) +
                           " values for shape " + t.ShapeString());
    for (size_t i = 0; i < t.data.size(); ++i)
      if (!std::isfinite(t.data[i]))
        return Status::Error("tensor '" + name + "' element " +
                             std::to_string(i) + " is not finite");
  }
  for (const auto& [name, t] : tensors)
    if (!expected.count(name))
      return Status::Error("unexpected tensor '" + name +
                           "' (model=" + CellKindName(meta.model) +
                           ", num_layers=" + std::to_string(meta.num_layers) +
                           ")");
  return Status::Ok();
}

util::Result<std::string> ModelFile::Serialize() const {
  SIPDDOS_RETURN_IF_ERROR(Validate());
  return EncodeSafetensors({meta.ToStrings(), tensors});
}

Status ModelFile::Save(const std::string& path) const {
  auto bytes = Serialize();
  if (!bytes.ok()) return bytes.status().WithContext(path);
  util::AtomicFile out;
  SIPDDOS_RETURN_IF_ERROR(out.Open(path));
  SIPDDOS_RETURN_IF_ERROR(out.Write(*bytes));
  return out.Commit();
}

util::Result<ModelFile> ModelFile::Parse(std::string_view bytes,
                                         const std::string& name) {
  auto content = DecodeSafetensors(bytes, name);
  if (!content.ok()) return content.status();
  if (content->metadata.empty())
    return Status::Error(name + ": no __metadata__ (not a sipddos model file)");
  auto meta = ModelMetadata::FromStrings(content->metadata);
  if (!meta.ok()) return meta.status().WithContext(name);
  ModelFile f;
  f.meta = std::move(*meta);
  f.tensors = std::move(content->tensors);
  SIPDDOS_RETURN_IF_ERROR(f.Validate().WithContext(name));
  return f;
}

util::Result<ModelFile> ModelFile::Load(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return Status::Error(path + ": cannot open: " + std::strerror(errno));
  std::string bytes;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) bytes.append(buf, n);
  bool failed = std::ferror(f);
  std::fclose(f);
  if (failed) return Status::Error(path + ": read error");
  return Parse(bytes, path);
}

}  // namespace nn
