// Space-saving top-k over User-Agent strings: the commonest User-Agents of an
// attack in fixed memory (values are keyed by a hash and kept truncated in
// place, so Add never allocates).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "detect/alert.h"

namespace detect {

class UserAgentCounter {
 public:
  static constexpr int kSlots = 16;
  static constexpr size_t kMaxLength = 64;  // longer values are kept truncated

  void Add(std::string_view user_agent);
  void Clear() {
    used_ = 0;
    total_ = 0;
  }
  // Up to n entries, commonest first (counts may overestimate by the smallest
  // slot's count).
  std::vector<UserAgentCount> Top(int n) const;
  uint64_t total() const { return total_; }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint64_t count = 0;
    uint8_t length = 0;
    std::array<char, kMaxLength> text{};
  };
  std::array<Slot, kSlots> slots_{};
  int used_ = 0;
  uint64_t total_ = 0;
};

}  // namespace detect
