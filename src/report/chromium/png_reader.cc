#include "report/chromium/png_reader.h"

#include <zlib.h>

#include <cstdlib>
#include <cstring>

namespace report::testing {
namespace {

uint32_t Be32(const uint8_t* p) {
  return uint32_t{p[0]} << 24 | uint32_t{p[1]} << 16 | uint32_t{p[2]} << 8 | p[3];
}

uint8_t Paeth(int a, int b, int c) {
  int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return static_cast<uint8_t>(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
}

}  // namespace

bool DecodePng(const std::string& bytes, Image* image, std::string* error) {
  static const uint8_t kSignature[8] = {137, 80, 78, 71, 13, 10, 26, 10};
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  if (bytes.size() < 8 || std::memcmp(data, kSignature, 8) != 0) return *error = "not a PNG", false;
  std::string idat;
  int depth = 0, color = 0, interlace = 0;
  for (std::size_t at = 8; at + 12 <= bytes.size();) {
    uint32_t len = Be32(data + at);
    std::string type(bytes, at + 4, 4);
    if (at + 12 + len > bytes.size()) return *error = "truncated chunk " + type, false;
    const uint8_t* body = data + at + 8;
    if (type == "IHDR" && len >= 13) {
      image->width = static_cast<int>(Be32(body));
      image->height = static_cast<int>(Be32(body + 4));
      depth = body[8];
      color = body[9];
      interlace = body[12];
    } else if (type == "IDAT") {
      idat.append(reinterpret_cast<const char*>(body), len);
    } else if (type == "IEND") {
      break;
    }
    at += 12 + len;
  }
  if (depth != 8 || (color != 2 && color != 6) || interlace != 0)
    return *error = "unsupported PNG (depth " + std::to_string(depth) + ", colour type " +
                    std::to_string(color) + ")",
           false;
  if (image->width <= 0 || image->height <= 0 || image->width > 20000 || image->height > 40000)
    return *error = "bad PNG size", false;
  image->channels = color == 6 ? 4 : 3;
  std::size_t stride = static_cast<std::size_t>(image->width) * image->channels;
  std::vector<uint8_t> raw((stride + 1) * image->height);
  uLongf raw_len = raw.size();
  if (uncompress(raw.data(), &raw_len, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) !=
          Z_OK ||
      raw_len != raw.size())
    return *error = "bad PNG image data", false;
  image->pixels.assign(stride * image->height, 0);
  const int bpp = image->channels;
  for (int y = 0; y < image->height; ++y) {
    uint8_t filter = raw[y * (stride + 1)];
    const uint8_t* in = &raw[y * (stride + 1) + 1];
    uint8_t* row = &image->pixels[y * stride];
    const uint8_t* up = y > 0 ? row - stride : nullptr;
    for (std::size_t x = 0; x < stride; ++x) {
      int a = x >= static_cast<std::size_t>(bpp) ? row[x - bpp] : 0;
      int b = up ? up[x] : 0;
      int c = up && x >= static_cast<std::size_t>(bpp) ? up[x - bpp] : 0;
      int v = in[x];
      switch (filter) {
        case 0:
          break;
        case 1:
          v += a;
          break;
        case 2:
          v += b;
          break;
        case 3:
          v += (a + b) / 2;
          break;
        case 4:
          v += Paeth(a, b, c);
          break;
        default:
          return *error = "bad PNG filter " + std::to_string(filter), false;
      }
      row[x] = static_cast<uint8_t>(v);
    }
  }
  return true;
}

}  // namespace report::testing
