// A fixed-size, 4-way set-associative hash table for state keyed by
// attacker-controlled values (source addresses, Call-IDs). Memory is allocated
// once; when a bucket is full, the entry with the oldest `stamp` (least
// recently used) is evicted. Keys are 64-bit hashes; 0 means empty.
#pragma once

#include <cstdint>
#include <vector>

#include "util/time_format.h"

namespace features {

// Entry must have `uint64_t key` and `util::Micros stamp` members and be
// default-constructible.
template <typename Entry>
class BoundedTable {
 public:
  static constexpr int kWays = 4;

  // Capacity is rounded up to a power of two (at least kWays).
  explicit BoundedTable(int capacity) {
    size_t n = kWays;
    while (n < size_t(capacity)) n <<= 1;
    slots_.resize(n);
    mask_ = n / kWays - 1;
  }

  size_t capacity() const { return slots_.size(); }
  uint64_t evictions() const { return evictions_; }

  Entry* Find(uint64_t key) {
    key = NonZero(key);
    Entry* b = Bucket(key);
    for (int i = 0; i < kWays; ++i)
      if (b[i].key == key) return &b[i];
    return nullptr;
  }

  // Starts loading key's bucket into the cache: a lookup is a cache miss once the table
  // outgrows the cache, so callers issue this before other work and Find later.
  void Prefetch(uint64_t key) const {
    const char* b = reinterpret_cast<const char*>(Bucket(NonZero(key)));
    for (size_t off = 0; off < sizeof(Entry) * kWays; off += 64) __builtin_prefetch(b + off);
    __builtin_prefetch(b + sizeof(Entry) * kWays - 1);
  }

  // The entry for key; when absent, a fresh default entry (evicting the
  // bucket's least recently used one if needed) with *inserted = true. Callers
  // set stamp.
  Entry* FindOrInsert(uint64_t key, bool* inserted) {
    key = NonZero(key);
    Entry* b = Bucket(key);
    Entry* victim = &b[0];
    for (int i = 0; i < kWays; ++i) {
      if (b[i].key == key) {
        *inserted = false;
        return &b[i];
      }
      if (victim->key != 0 && (b[i].key == 0 || b[i].stamp < victim->stamp)) victim = &b[i];
    }
    if (victim->key != 0) ++evictions_;
    *victim = Entry();
    victim->key = key;
    *inserted = true;
    return victim;
  }

  void Clear() {
    for (Entry& e : slots_) e = Entry();
    evictions_ = 0;
  }

 private:
  static uint64_t NonZero(uint64_t key) { return key ? key : 1; }
  Entry* Bucket(uint64_t key) { return &slots_[(key & mask_) * kWays]; }
  const Entry* Bucket(uint64_t key) const { return &slots_[(key & mask_) * kWays]; }

  std::vector<Entry> slots_;
  uint64_t mask_ = 0;
  uint64_t evictions_ = 0;
};

}  // namespace features
