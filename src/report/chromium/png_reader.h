// A minimal PNG decoder for tests: 8-bit RGB or RGBA, not interlaced (what Chromium writes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace report::testing {

struct Image {
  int width = 0, height = 0, channels = 0;  // channels: 3 (RGB) or 4 (RGBA)
  std::vector<uint8_t> pixels;              // rows top to bottom, unfiltered
};

// Decodes a PNG file's bytes; on failure returns false with error set.
bool DecodePng(const std::string& bytes, Image* image, std::string* error);

}  // namespace report::testing
