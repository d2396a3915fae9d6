#include "status/source_top.h"

#include <algorithm>

namespace status {

void SourceTop::Add(const util::IpAddress& a) {
  const uint64_t h = a.Hash();  // a collision only costs the address comparison
  for (int i = 0; i < used_; ++i) {
    if (hash_[i] == h && addr_[i] == a) {
      ++count_[i];
      return;
    }
  }
  ++new_addresses_;
  int slot = used_;
  if (used_ < kSlots) {
    ++used_;
  } else {  // the newcomer takes the lightest slot and inherits its count (space-saving)
    slot = int(std::min_element(count_.begin(), count_.end()) - count_.begin());
  }
  hash_[slot] = h;
  addr_[slot] = a;
  ++count_[slot];
}

void SourceTop::Clear() {
  count_.fill(0);
  used_ = 0;
  new_addresses_ = 0;
}

std::vector<detect::SourceCount> SourceTop::Top(int n) const {
  std::vector<detect::SourceCount> out;
  out.reserve(size_t(used_));
  for (int i = 0; i < used_; ++i) out.push_back({addr_[i], count_[i]});
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.invites != b.invites ? a.invites > b.invites : a.addr < b.addr;
  });
  if (int(out.size()) > n) out.resize(size_t(std::max(0, n)));
  return out;
}

}  // namespace status
