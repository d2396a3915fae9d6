// A fixed-size, uniform sample of an attack's distinct sources (adaptive
// distinct sampling, Gibbons 2001): a source is kept when its keyed hash falls
// below 2^-level; when the table is full the level rises and half the entries
// leave. Shares computed over the sample estimate the shares over all distinct
// sources whatever their number (exact while level is 0), in fixed memory and
// without allocating after construction.
#pragma once

#include <cstdint>
#include <vector>

#include "util/ip_address.h"

namespace detect {

class SourceSample {
 public:
  static constexpr int kCapacity = 1024;  // sources kept at once

  explicit SourceSample(uint64_t seed = 0x9e3779b97f4a7c15ull);

  // One INVITE of the attack from `src`. `first_invite`: the source had sent no
  // INVITE before (it is new to the server); `completed`: it has completed a
  // dialog (as of this INVITE).
  void AddInvite(const util::IpAddress &src, bool first_invite, bool completed);
  // The source's first INVITE came just before the attack (its ramp-up): its
  // INVITEs of the attack count as from a new source. It is not an attack
  // source until it sends one.
  void MarkNew(const util::IpAddress &src);
  // The source completed a dialog (its ACK/BYE matched an answered INVITE).
  void MarkCompleted(const util::IpAddress &src);
  void Clear();

  struct Shares {
    uint64_t sampled_sources = 0;   // sources in the sample with INVITEs in the attack
    int level = 0;                  // each sampled source stands for 2^level
    double new_source_invites = 0;  // share of the sampled sources' INVITEs sent
                                    // by sources first seen during the attack
    double never_completed = 0;     // share of sampled sources without a completed dialog
  };
  Shares shares() const;

 private:
  struct Entry {
    uint64_t hash = 0;  // 0: empty slot
    uint32_t invites = 0;
    bool first_seen_in_attack = false;
    bool completed = false;
  };
  static constexpr int kSlots = 2 * kCapacity;  // open addressing, load <= 1/2
  uint64_t HashOf(const util::IpAddress &a) const;
  bool Sampled(uint64_t h) const { return level_ == 0 || (h >> (64 - level_)) == 0; }
  Entry *Find(uint64_t h);
  Entry *Insert(uint64_t h);  // h not present; may raise the level; null when h is dropped
  void RaiseLevel();

  uint64_t seed_;
  int level_ = 0, used_ = 0;
  std::vector<Entry> slots_,
      spare_;  // spare_: scratch for RaiseLevel, allocated once
};

}  // namespace detect
