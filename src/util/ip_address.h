// An IPv4 or IPv6 address as a value type (16 bytes + family), cheap to copy and hash.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace util {

class IpAddress {
 public:
  enum class Family : uint8_t { kNone = 0, kV4 = 4, kV6 = 6 };

  IpAddress() = default;
  static IpAddress V4(uint32_t host_order);
  static IpAddress V4Bytes(const uint8_t b[4]);
  static IpAddress V6Bytes(const uint8_t b[16]);
  // Parses dotted IPv4 or textual IPv6 (brackets allowed); nullopt when invalid.
  static std::optional<IpAddress> Parse(std::string_view text);

  Family family() const { return family_; }
  bool is_v4() const { return family_ == Family::kV4; }
  bool is_v6() const { return family_ == Family::kV6; }
  bool empty() const { return family_ == Family::kNone; }
  uint32_t v4() const;  // host order; 0 unless is_v4()
  const uint8_t* bytes() const { return bytes_.data(); }  // 4 or 16 significant bytes
  size_t size() const { return is_v4() ? 4 : is_v6() ? 16 : 0; }
  bool is_loopback() const;
  std::string ToString() const;

  // True when this address lies in prefix/len (same family only).
  bool InPrefix(const IpAddress& prefix, int len) const;

  friend bool operator==(const IpAddress& a, const IpAddress& b) {
    return a.family_ == b.family_ && a.bytes_ == b.bytes_;
  }
  friend bool operator<(const IpAddress& a, const IpAddress& b) {
    return a.family_ != b.family_ ? a.family_ < b.family_ : a.bytes_ < b.bytes_;
  }
  uint64_t Hash() const;

 private:
  Family family_ = Family::kNone;
  std::array<uint8_t, 16> bytes_{};
};

// "192.0.2.0/24" or "2001:db8::/32"; a bare address is a /32 or /128.
struct Cidr {
  IpAddress prefix;
  int length = 0;
  static std::optional<Cidr> Parse(std::string_view text);
  bool Contains(const IpAddress& a) const { return a.InPrefix(prefix, length); }
};

}  // namespace util

template <>
struct std::hash<util::IpAddress> {
  size_t operator()(const util::IpAddress& a) const { return a.Hash(); }
};
