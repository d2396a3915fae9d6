#include "detect/heavy_hitters.h"

#include <algorithm>

namespace detect {

void HeavyHitters::Add(const util::IpAddress& a) {
  int min_i = 0;
  for (int i = 0; i < used_; ++i) {
    if (slots_[i].addr == a) {
      ++slots_[i].count;
      return;
    }
    if (slots_[i].count < slots_[min_i].count) min_i = i;
  }
  ++new_addresses_;
  if (used_ < kSlots) {
    slots_[used_++] = {a, 1};
    return;
  }
  // Replace the lightest: the newcomer inherits its count (space-saving's overestimate).
  slots_[min_i].addr = a;
  ++slots_[min_i].count;
}

void HeavyHitters::Clear() {
  used_ = 0;
  new_addresses_ = 0;
}

std::vector<SourceCount> HeavyHitters::Top(int n) const {
  std::vector<SourceCount> out;
  for (int i = 0; i < used_; ++i) out.push_back({slots_[i].addr, slots_[i].count});
  std::sort(out.begin(), out.end(), [](const SourceCount& a, const SourceCount& b) {
    return a.invites != b.invites ? a.invites > b.invites : a.addr < b.addr;
  });
  if (int(out.size()) > n) out.resize(n);
  return out;
}

}  // namespace detect
