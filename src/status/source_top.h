// Space-saving top-k of INVITE sources (Metwally et al., as detect::HeavyHitters), laid out for
// the status page's per-INVITE path under a flood of distinct sources: the slots' address hashes
// and counts sit in contiguous arrays, so finding a source or the lightest slot scans 64
// integers rather than 64 addresses. Fixed memory whatever the number of sources.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "detect/alert.h"
#include "util/ip_address.h"

namespace status {

class SourceTop {
 public:
  static constexpr int kSlots = 64;

  void Add(const util::IpAddress& a);  // allocates nothing
  void Clear();
  // Up to n entries, heaviest first (ties by address). A count may overestimate by at most the
  // lightest slot's count.
  std::vector<detect::SourceCount> Top(int n) const;
  // Add calls whose source was not tracked at the time: about the distinct sources when many.
  uint64_t new_addresses() const { return new_addresses_; }

 private:
  std::array<uint64_t, kSlots> hash_{}, count_{};
  std::array<util::IpAddress, kSlots> addr_{};
  int used_ = 0;
  uint64_t new_addresses_ = 0;
};

}  // namespace status
