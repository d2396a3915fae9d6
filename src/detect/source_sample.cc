#include "detect/source_sample.h"

namespace detect {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64's finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

}  // namespace

SourceSample::SourceSample(uint64_t seed) : seed_(seed), slots_(kSlots), spare_(kSlots) {}

uint64_t SourceSample::HashOf(const util::IpAddress &a) const {
  uint64_t h = Mix(a.Hash() ^ seed_);
  return h == 0 ? 1 : h;
}

SourceSample::Entry *SourceSample::Find(uint64_t h) {
  for (size_t i = h % kSlots;; i = (i + 1) % kSlots) {
    if (slots_[i].hash == h) return &slots_[i];
    if (slots_[i].hash == 0) return nullptr;
  }
}

SourceSample::Entry *SourceSample::Insert(uint64_t h) {
  while (used_ >= kCapacity) {
    RaiseLevel();
    if (!Sampled(h)) return nullptr;
  }
  size_t i = h % kSlots;
  while (slots_[i].hash != 0) i = (i + 1) % kSlots;
  slots_[i] = Entry{h};
  ++used_;
  return &slots_[i];
}

void SourceSample::RaiseLevel() {
  ++level_;
  spare_.swap(slots_);
  for (Entry &e : slots_) e = Entry{};
  used_ = 0;
  for (const Entry &e : spare_) {
    if (e.hash == 0 || !Sampled(e.hash)) continue;
    size_t i = e.hash % kSlots;
    while (slots_[i].hash != 0) i = (i + 1) % kSlots;
    slots_[i] = e;
    ++used_;
  }
}

void SourceSample::AddInvite(const util::IpAddress &src, bool first_invite, bool completed) {
  const uint64_t h = HashOf(src);
  if (!Sampled(h)) return;
  Entry *e = Find(h);
  if (e == nullptr) {
    e = Insert(h);
    if (e == nullptr) return;
    // Sampling depends on the hash only, so a sampled source was sampled at its
    // first INVITE of the attack: whether that INVITE was its first ever
    // decides "first seen in the attack".
    e->first_seen_in_attack = first_invite;
  }
  ++e->invites;
  e->completed = e->completed || completed;
}

void SourceSample::MarkNew(const util::IpAddress &src) {
  const uint64_t h = HashOf(src);
  if (!Sampled(h)) return;
  Entry *e = Find(h);
  if (e == nullptr) e = Insert(h);
  if (e != nullptr) e->first_seen_in_attack = true;
}

void SourceSample::MarkCompleted(const util::IpAddress &src) {
  const uint64_t h = HashOf(src);
  if (!Sampled(h)) return;
  if (Entry *e = Find(h)) e->completed = true;
}

void SourceSample::Clear() {
  if (used_ > 0)
    for (Entry &e : slots_) e = Entry{};
  used_ = 0;
  level_ = 0;
}

SourceSample::Shares SourceSample::shares() const {
  Shares s;
  s.level = level_;
  uint64_t invites = 0, new_invites = 0, never = 0;
  for (const Entry &e : slots_) {
    if (e.hash == 0 || e.invites == 0) continue;
    ++s.sampled_sources;
    invites += e.invites;
    if (e.first_seen_in_attack) new_invites += e.invites;
    if (!e.completed) ++never;
  }
  if (invites > 0) s.new_source_invites = double(new_invites) / double(invites);
  if (s.sampled_sources > 0) s.never_completed = double(never) / double(s.sampled_sources);
  return s;
}

}  // namespace detect
