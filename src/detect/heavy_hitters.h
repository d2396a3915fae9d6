// Space-saving top-k counter (Metwally et al.): the heaviest source addresses of an attack in
// fixed memory, whatever the number of distinct (spoofed) sources.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "detect/alert.h"
#include "util/ip_address.h"

namespace detect {

class HeavyHitters {
 public:
  static constexpr int kSlots = 64;

  void Add(const util::IpAddress& a);
  void Clear();
  // Up to n entries, heaviest first. Counts may overestimate by at most the smallest slot's.
  std::vector<SourceCount> Top(int n) const;
  // Number of Add calls whose address was not tracked at the time (a lower bound on distinct).
  uint64_t new_addresses() const { return new_addresses_; }

 private:
  struct Slot {
    util::IpAddress addr;
    uint64_t count = 0;
  };
  std::array<Slot, kSlots> slots_{};
  int used_ = 0;
  uint64_t new_addresses_ = 0;
};

}  // namespace detect
