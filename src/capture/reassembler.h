// IPv4/IPv6 fragment reassembly with hard bounds, because fragments are attacker-controlled: at
// most `max_datagrams` datagrams in progress and `max_bytes` of buffer memory held in all (the
// oldest datagram is evicted to make room), and a datagram whose first fragment is older than
// `timeout` (capture time) is dropped. Overlapping fragments drop the datagram (RFC 5722; what
// Linux does for IPv4 too); an exact duplicate of data already held is ignored. Buffers are reused
// between datagrams, so steady-state reassembly allocates nothing.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "capture/datagram.h"
#include "util/ip_address.h"
#include "util/time_format.h"

namespace capture {

struct ReassemblyLimits {
  size_t max_datagrams = 256;          // datagrams in progress at once
  size_t max_bytes = size_t{4} << 20;  // buffer memory held in all (at least 64 KiB)
  util::Micros timeout = 30'000'000;   // from a datagram's first fragment
};

// Identifies one datagram: RFC 791 (src, dst, protocol, id) / RFC 8200 (src, dst, id).
struct FragmentKey {
  util::IpAddress src, dst;
  uint32_t id = 0;
  uint8_t proto = 0;  // IPv4 protocol; 0 for IPv6 (the next header is in the first fragment)
  friend bool operator==(const FragmentKey&, const FragmentKey&) = default;
};

class Reassembler {
 public:
  static constexpr size_t kMaxDatagram = 65535;  // largest reassembled payload accepted
  static constexpr size_t kMaxPieces = 64;       // disjoint pieces held per datagram

  // Counters go to *stats (fragment_evictions, fragment_timeouts, fragment_errors).
  Reassembler(const ReassemblyLimits& limits, Stats* stats);

  struct Completed {
    uint8_t proto = 0;                 // IPv4 protocol / IPv6 next header of the first fragment
    std::span<const uint8_t> payload;  // valid until the next Add/Expire/Finish call
  };
  // Adds one fragment: `offset` in bytes from the start of the fragmentable part, `more` the MF / M
  // flag, `proto` the protocol carried (meaningful in the fragment at offset 0). Returns true and
  // fills *out when this fragment completes its datagram.
  bool Add(util::Micros ts, const FragmentKey& key, uint32_t offset, bool more, uint8_t proto,
           std::span<const uint8_t> data, Completed* out);
  // Drops datagrams whose first fragment is older than now - timeout. Cheap when none is.
  void Expire(util::Micros now);
  // End of capture: drops every datagram in progress (counted as timeouts).
  void Finish();

  size_t in_progress() const { return in_progress_; }
  size_t bytes_held() const { return bytes_held_; }

 private:
  struct Range {
    uint32_t begin, end;
  };
  struct Slot {
    bool used = false;
    uint64_t hash = 0;
    uint64_t order = 0;  // creation order: the smallest is the oldest
    FragmentKey key;
    util::Micros first_ts = 0;
    uint8_t proto = 0;
    uint32_t total = 0;  // payload length, known once the last fragment arrived (0 = unknown)
    uint32_t npieces = 0;
    std::array<Range, kMaxPieces> pieces;  // sorted, disjoint, merged
    std::vector<uint8_t> buf;
  };

  static uint64_t HashKey(const FragmentKey& k);
  Slot* Find(const FragmentKey& key, uint64_t hash);
  Slot* Allocate(util::Micros ts, const FragmentKey& key, uint64_t hash);
  Slot* Oldest(const Slot* except);
  // Grows s->buf to `size` within max_bytes; false if impossible.
  bool Reserve(Slot* s, size_t size);
  // Returns true if [b, e) was added (or was an exact duplicate: *dup set); false on overlap or too
  // many pieces.
  bool Insert(Slot* s, uint32_t b, uint32_t e, const uint8_t* data, bool* dup);
  void Release(Slot* s);
  void FreeMemory(Slot* s);

  ReassemblyLimits limits_;
  Stats* stats_;
  std::vector<Slot> slots_;
  std::vector<uint8_t> done_;  // the last completed datagram's bytes
  size_t in_progress_ = 0;
  size_t bytes_held_ = 0;  // sum of buffer capacities, done_ included
  uint64_t next_order_ = 0;
  util::Micros next_expiry_ = INT64_MAX;
};

}  // namespace capture
