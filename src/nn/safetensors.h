// The safetensors container (https://github.com/huggingface/safetensors),
// float32 only: 8-byte little-endian header length N, N bytes of JSON, then the
// raw little-endian data. The JSON maps each tensor name to
// {"dtype","shape","data_offsets":[begin,end]} (offsets relative to the data
// section) plus an optional "__metadata__" object of string values. This layer
// checks the container; ModelFile checks what the tensors mean.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace nn {

struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;  // row-major, size == product of shape

  int64_t NumElements() const;
  std::string ShapeString() const;  // "[192, 64]"
};

struct SafetensorsContent {
  std::map<std::string, std::string> metadata;
  std::map<std::string, Tensor> tensors;
};

// Serialises to the file's bytes. The header is padded with spaces to a
// multiple of 8 bytes (as the reference implementation does) so the data
// section stays aligned.
std::string EncodeSafetensors(const SafetensorsContent& content);

// Parses a whole file's bytes; `name` (the path) prefixes every error message.
// Rejects: a file shorter than its header, a header that is not a JSON object,
// dtypes other than F32, shapes whose size disagrees with the byte range,
// ranges outside the data or overlapping, data not covered by any tensor, and
// non-finite values.
util::Result<SafetensorsContent> DecodeSafetensors(std::string_view bytes,
                                                   const std::string& name);

}  // namespace nn
