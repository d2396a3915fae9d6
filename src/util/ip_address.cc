#include "util/ip_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace util {

IpAddress IpAddress::V4(uint32_t h) {
  uint8_t b[4] = {uint8_t(h >> 24), uint8_t(h >> 16), uint8_t(h >> 8), uint8_t(h)};
  return V4Bytes(b);
}

IpAddress IpAddress::V4Bytes(const uint8_t b[4]) {
  IpAddress a;
  a.family_ = Family::kV4;
  std::memcpy(a.bytes_.data(), b, 4);
  return a;
}

IpAddress IpAddress::V6Bytes(const uint8_t b[16]) {
  IpAddress a;
  a.family_ = Family::kV6;
  std::memcpy(a.bytes_.data(), b, 16);
  return a;
}

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
  }
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buf[46];
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  uint8_t out[16];
  if (inet_pton(AF_INET, buf, out) == 1) return V4Bytes(out);
  if (inet_pton(AF_INET6, buf, out) == 1) return V6Bytes(out);
  return std::nullopt;
}

uint32_t IpAddress::v4() const {
  if (!is_v4()) return 0;
  return uint32_t(bytes_[0]) << 24 | uint32_t(bytes_[1]) << 16 | uint32_t(bytes_[2]) << 8 |
         bytes_[3];
}

bool IpAddress::is_loopback() const {
  if (is_v4()) return bytes_[0] == 127;
  if (is_v6()) {
    for (int i = 0; i < 15; ++i)
      if (bytes_[i]) return false;
    return bytes_[15] == 1;
  }
  return false;
}

std::string IpAddress::ToString() const {
  char buf[INET6_ADDRSTRLEN];
  if (is_v4()) return inet_ntop(AF_INET, bytes_.data(), buf, sizeof buf);
  if (is_v6()) return inet_ntop(AF_INET6, bytes_.data(), buf, sizeof buf);
  return "";
}

bool IpAddress::InPrefix(const IpAddress& prefix, int len) const {
  if (family_ != prefix.family_ || empty()) return false;
  int bits = int(size()) * 8;
  if (len < 0 || len > bits) return false;
  int full = len / 8, rem = len % 8;
  if (std::memcmp(bytes_.data(), prefix.bytes_.data(), full) != 0) return false;
  if (rem == 0) return true;
  uint8_t mask = uint8_t(0xff << (8 - rem));
  return (bytes_[full] & mask) == (prefix.bytes_[full] & mask);
}

uint64_t IpAddress::Hash() const {
  // FNV-1a over family and bytes; callers keying attacker-controlled tables add their own seed.
  uint64_t h = 1469598103934665603ull ^ uint8_t(family_);
  for (uint8_t b : bytes_) h = (h ^ b) * 1099511628211ull;
  return h;
}

std::optional<Cidr> Cidr::Parse(std::string_view text) {
  size_t slash = text.find('/');
  auto addr = IpAddress::Parse(text.substr(0, slash));
  if (!addr) return std::nullopt;
  int bits = int(addr->size()) * 8;
  int len = bits;
  if (slash != std::string_view::npos) {
    std::string_view l = text.substr(slash + 1);
    auto [p, ec] = std::from_chars(l.data(), l.data() + l.size(), len);
    if (ec != std::errc() || p != l.data() + l.size() || len < 0 || len > bits) return std::nullopt;
  }
  return Cidr{*addr, len};
}

}  // namespace util
