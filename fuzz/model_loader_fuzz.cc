// libFuzzer target: the input as a model file (safetensors + metadata) through
// nn::ModelFile::Parse; an accepted file is turned into a Model and scores one window, as
// `detect --model` does.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "nn/model.h"
#include "nn/model_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto file = nn::ModelFile::Parse(bytes, "fuzz.safetensors");
  if (!file.ok()) return 0;
  auto model = nn::Model::Create(*file);
  if (!model.ok()) return 0;
  const int steps = model->meta().window;
  if (steps < 1 || steps > 1024 || model->input_size() > 4096) return 0;
  std::vector<float> window(static_cast<size_t>(steps) * model->input_size(), 0.5f);
  nn::Workspace ws = model->NewWorkspace(1, steps);
  float score = 0;
  (void)model->Infer(window.data(), 1, steps, &score, ws);
  return 0;
}
