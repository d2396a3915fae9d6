#include "nn/safetensors.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <nlohmann/json.hpp>

namespace nn {
namespace {

// Raw data is little-endian float32; memcpy is only a valid decoder on a
// little-endian host.
static_assert(std::endian::native == std::endian::little,
              "safetensors I/O assumes little-endian");

constexpr uint64_t kMaxHeaderBytes =
    100'000'000;  // the reference implementation's limit

using util::Status;

Status Err(const std::string& name, const std::string& what) {
  return Status::Error(name + ": " + what);
}

}  // namespace

int64_t Tensor::NumElements() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

std::string Tensor::ShapeString() const {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

std::string EncodeSafetensors(const SafetensorsContent& content) {
  nlohmann::ordered_json header = nlohmann::ordered_json::object();
  if (!content.metadata.empty()) {
    nlohmann::ordered_json meta = nlohmann::ordered_json::object();
    for (const auto& [k, v] : content.metadata) meta[k] = v;
    header["__metadata__"] = std::move(meta);
  }
  uint64_t offset = 0;
  for (const auto& [name, t] : content.tensors) {
    uint64_t bytes = t.data.size() * sizeof(float);
    header[name] = {{"dtype", "F32"},
                    {"shape", t.shape},
                    {"data_offsets", {offset, offset + bytes}}};
    offset += bytes;
  }
  // replace: metadata such as train_command may hold non-UTF-8 bytes (a path); dump() would throw.
  std::string json = header.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  json.append((8 - json.size() % 8) % 8, ' ');
  std::string out(8, '\0');
  uint64_t n = json.size();
  std::memcpy(out.data(), &n, 8);
  out += json;
  out.reserve(out.size() + offset);
  for (const auto& [name, t] : content.tensors)
    out.append(reinterpret_cast<const char*>(t.data.data()),
               t.data.size() * sizeof(float));
  return out;
}

util::Result<SafetensorsContent> DecodeSafetensors(std::string_view bytes,
                                                   const std::string& name) {
  if (bytes.size() < 8)
    return Err(name, "truncated: " + std::to_string(bytes.size()) +
                         " bytes, shorter than the 8-byte header length");
  uint64_t header_len;
  std::memcpy(&header_len, bytes.data(), 8);
  if (header_len > kMaxHeaderBytes)
    return Err(name, "header length " + std::to_string(header_len) +
                         " exceeds the limit of " +
                         std::to_string(kMaxHeaderBytes) +
                         " bytes (not a safetensors file?)");
  if (header_len > bytes.size() - 8)
    return Err(name, "truncated: header length " + std::to_string(header_len) +
                         " but only " + std::to_string(bytes.size() - 8) +
                         " bytes follow the length field");
  std::string_view header_text = bytes.substr(8, header_len);
  nlohmann::json header =
      nlohmann::json::parse(header_text, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded())
    return Err(name, "header (file bytes 8.." + std::to_string(8 + header_len) +
                         ") is not valid JSON");
  if (!header.is_object()) return Err(name, "header is not a JSON object");

  const uint64_t data_start = 8 + header_len;
  const uint64_t data_size = bytes.size() - data_start;
  SafetensorsContent out;
  struct Range {
    uint64_t begin, end;
    std::string tensor;
  };
  std::vector<Range> ranges;

  for (const auto& [key, value] : header.items()) {
    if (key == "__metadata__") {
      if (!value.is_object())
        return Err(name, "__metadata__ is not a JSON object");
      for (const auto& [mk, mv] : value.items()) {
        if (!mv.is_string())
          return Err(name, "__metadata__ value '" + mk + "' is not a string");
        out.metadata[mk] = mv.get<std::string>();
      }
      continue;
    }
    const std::string where = "tensor '" + key + "'";
    if (!value.is_object())
      return Err(name, where + ": entry is not a JSON object");
    auto dtype = value.find("dtype");
    if (dtype == value.end() || !dtype->is_string())
      return Err(name, where + ": missing string \"dtype\"");
    if (*dtype != "F32")
      return Err(name, where + ": dtype " + dtype->get<std::string>() +
                           " is not supported (only F32)");
    auto shape = value.find("shape");
    if (shape == value.end() || !shape->is_array())
      return Err(name, where + ": missing array \"shape\"");
    Tensor t;
    uint64_t count = 1;
    for (const auto& d : *shape) {
      if (!d.is_number_unsigned())
        return Err(name, where + ": shape entry is not a non-negative integer");
      uint64_t dim = d.get<uint64_t>();
      if (dim != 0 &&
          count >
              data_size / dim)  // cannot fit: also guards the multiplication
        return Err(name, where + ": shape " + shape->dump() +
                             " is larger than the file's data");
      count *= dim;
      t.shape.push_back(static_cast<int64_t>(dim));
    }
    auto offs = value.find("data_offsets");
    if (offs == value.end() || !offs->is_array() || offs->size() != 2 ||
        !(*offs)[0].is_number_unsigned() || !(*offs)[1].is_number_unsigned())
      return Err(
          name, where + ": \"data_offsets\" must be two non-negative integers");
    uint64_t begin = (*offs)[0].get<uint64_t>(),
             end = (*offs)[1].get<uint64_t>();
    if (begin > end || end > data_size)
      return Err(name,
                 where + ": data_offsets [" + std::to_string(begin) + ", " +
                     std::to_string(end) + "] outside the data section of " +
                     std::to_string(data_size) + " bytes (file truncated?)");
    if (end - begin != count * sizeof(float))
      return Err(name, where + ": shape " + t.ShapeString() + " needs " +
                           std::to_string(count * sizeof(float)) +
                           " bytes but data_offsets span " +
                           std::to_string(end - begin));
    t.data.resize(count);
    if (count)
      std::memcpy(t.data.data(), bytes.data() + data_start + begin,
                  count * sizeof(float));
    for (uint64_t i = 0; i < count; ++i) {
      if (!std::isfinite(t.data[i]))
        return Err(name,
                   where + ": element " + std::to_string(i) + " (file offset " +
                       std::to_string(data_start + begin + i * sizeof(float)) +
                       ") is " + (std::isnan(t.data[i]) ? "NaN" : "infinite"));
    }
    ranges.push_back({begin, end, key});
    out.tensors.emplace(key, std::move(t));
  }

  // The data section must be exactly the tensors, back to back: no holes, no
  // overlap.
  std::sort(ranges.begin(), ranges.end(), [](const Range& a, const Range& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t pos = 0;
  for (const Range& r : ranges) {
    if (r.begin < pos)
      return Err(name, "tensor '" + r.tensor +
                           "' overlaps the previous tensor's data");
    if (r.begin > pos)
      return Err(name, "data bytes " + std::to_string(pos) + ".." +
                           std::to_string(r.begin) + " belong to no tensor");
    pos = r.end;
  }
  if (pos != data_size)
    return Err(name, std::to_string(data_size - pos) +
                         " trailing bytes after the last tensor (file offset " +
                         std::to_string(data_start + pos) + ")");
  return out;
}

}  // namespace nn
