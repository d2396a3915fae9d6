// Bans decided elsewhere (other sensors, through src/cluster/) that the inline
// policy enforces. One writer thread (the cluster subscriber) and any number of
// readers (the packet path) share it without a lock: each slot is two atomics,
// and the writer replaces a slot by clearing its expiry first, and a reader
// re-reads the key after the expiry, so a reader that races a replacement sees
// "not banned" (fail open), never another address's ban. Fixed size (4-way
// sets); a full set evicts its soonest-expiring entry.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "util/ip_address.h"
#include "util/time_format.h"

namespace mitigate {

class SharedBanTable {
 public:
  static constexpr int kWays = 4;
  // Capacity is rounded up to a power of two (at least kWays); seed keys the
  // address hash.
  SharedBanTable(int capacity, uint64_t seed);

  // Writer (one thread at a time): bans `a` until `until` (a later expiry
  // wins).
  void Ban(const util::IpAddress &a, util::Micros until);
  // Readers (any thread): whether `a` is banned at `now`. Never blocks,
  // allocates nothing.
  bool Banned(const util::IpAddress &a, util::Micros now) const {
    if (inserted_.load(std::memory_order_relaxed) == 0) return false;
    const uint64_t key = KeyOf(a);
    const Slot *b = Bucket(key);
    for (int i = 0; i < kWays; ++i) {
      if (b[i].key.load(std::memory_order_acquire) != key) continue;
      const int64_t until = b[i].until.load(std::memory_order_acquire);
      // Re-read: if the slot was replaced meanwhile, `until` may be the
      // newcomer's.
      return b[i].key.load(std::memory_order_acquire) == key && until > now;
    }
    return false;
  }

  size_t capacity() const { return mask_ * kWays + kWays; }
  uint64_t inserted() const { return inserted_.load(std::memory_order_relaxed); }
  uint64_t evictions() const { return evictions_.load(std::memory_order_relaxed); }

 private:
  struct Slot {
    std::atomic<uint64_t> key{0};
    std::atomic<int64_t> until{0};
  };
  uint64_t KeyOf(const util::IpAddress &a) const;
  const Slot *Bucket(uint64_t key) const { return &slots_[(key & mask_) * kWays]; }
  Slot *Bucket(uint64_t key) { return &slots_[(key & mask_) * kWays]; }

  std::unique_ptr<Slot[]> slots_;
  uint64_t mask_ = 0, seed_ = 0;
  std::atomic<uint64_t> inserted_{0}, evictions_{0};
};

}  // namespace mitigate
