// Regression: metadata holding bytes that are not UTF-8 (train_command records the command line,
// whose paths may be any bytes) made EncodeSafetensors throw nlohmann's type_error 316 out of
// ModelFile::Save, killing `sipddos train` after training. Now the bytes are replaced.
#include <gtest/gtest.h>

#include "nn/safetensors.h"

namespace nn {
namespace {

TEST(SafetensorsUtf8, NonUtf8MetadataEncodesAndReadsBack) {
  SafetensorsContent c;
  c.metadata["train_command"] = "sipddos train --out /tmp/\xff\xfe.safetensors";
  c.tensors["fc.bias"] = Tensor{{1}, {0.5f}};
  std::string bytes = EncodeSafetensors(c);
  auto back = DecodeSafetensors(bytes, "x.safetensors");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->metadata.at("train_command"),
            "sipddos train --out /tmp/\xef\xbf\xbd\xef\xbf\xbd.safetensors");  // U+FFFD each
  EXPECT_EQ(back->tensors.at("fc.bias").data, std::vector<float>{0.5f});
}

}  // namespace
}  // namespace nn
