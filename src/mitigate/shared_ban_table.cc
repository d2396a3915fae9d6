#include "mitigate/shared_ban_table.h"

#include <random>

namespace mitigate {

SharedBanTable::SharedBanTable(int capacity, uint64_t seed) {
  size_t n = kWays;
  while (n < size_t(capacity)) n <<= 1;
  slots_ = std::make_unique<Slot[]>(n);
  mask_ = n / kWays - 1;
  if (seed == 0) {
    std::random_device rd;  // forged sources must not be able to aim at one set
    seed = (uint64_t(rd()) << 32 | rd()) | 1;
  }
  seed_ = seed;
}

uint64_t SharedBanTable::KeyOf(const util::IpAddress &a) const {
  uint64_t x = a.Hash() ^ seed_;
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x ? x : 1;  // 0 marks an empty slot
}

void SharedBanTable::Ban(const util::IpAddress &a, util::Micros until) {
  const uint64_t key = KeyOf(a);
  Slot *b = Bucket(key);
  Slot *victim = nullptr;
  for (int i = 0; i < kWays; ++i) {
    if (b[i].key.load(std::memory_order_relaxed) == key) {
      if (b[i].until.load(std::memory_order_relaxed) < until)
        b[i].until.store(until, std::memory_order_release);
      return;
    }
    if (!victim ||
        b[i].until.load(std::memory_order_relaxed) < victim->until.load(std::memory_order_relaxed))
      victim = &b[i];
  }
  if (victim->key.load(std::memory_order_relaxed) != 0)
    evictions_.fetch_add(1, std::memory_order_relaxed);
  // Expiry cleared first: a reader between these stores sees the slot as not
  // banned.
  victim->until.store(0, std::memory_order_release);
  victim->key.store(key, std::memory_order_release);
  victim->until.store(until, std::memory_order_release);
  inserted_.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace mitigate
