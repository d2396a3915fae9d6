#include "capture/reassembler.h"

#include <algorithm>
#include <cstring>

namespace capture {

Reassembler::Reassembler(const ReassemblyLimits& limits, Stats* stats)
    : limits_(limits), stats_(stats) {
  limits_.max_datagrams = std::max<size_t>(limits_.max_datagrams, 1);
  // One datagram of the largest size must fit, or nothing large could ever complete.
  limits_.max_bytes = std::max(limits_.max_bytes, kMaxDatagram);
  slots_.resize(limits_.max_datagrams);
}

uint64_t Reassembler::HashKey(const FragmentKey& k) {
  uint64_t h = k.src.Hash() * 31 + k.dst.Hash();
  return (h ^ (uint64_t{k.id} << 8 | k.proto)) * 1099511628211ull;
}

Reassembler::Slot* Reassembler::Find(const FragmentKey& key, uint64_t hash) {
  for (Slot& s : slots_)
    if (s.used && s.hash == hash && s.key == key) return &s;
  return nullptr;
}

Reassembler::Slot* Reassembler::Oldest(const Slot* except) {
  Slot* oldest = nullptr;
  for (Slot& s : slots_)
    if (s.used && &s != except && (!oldest || s.order < oldest->order)) oldest = &s;
  return oldest;
}

Reassembler::Slot* Reassembler::Allocate(util::Micros ts, const FragmentKey& key, uint64_t hash) {
  Slot* slot = nullptr;
  if (in_progress_ == slots_.size()) {
    slot = Oldest(nullptr);
    ++stats_->fragment_evictions;
    Release(slot);
  } else {
    // Prefer a free slot that still has a buffer, so reuse allocates nothing.
    for (Slot& s : slots_) {
      if (s.used) continue;
      if (!slot || s.buf.capacity() > slot->buf.capacity()) slot = &s;
    }
  }
  slot->used = true;
  slot->hash = hash;
  slot->order = next_order_++;
  slot->key = key;
  slot->first_ts = ts;
  slot->proto = 0;
  slot->total = 0;
  slot->npieces = 0;
  slot->buf.clear();
  ++in_progress_;
  next_expiry_ = std::min(next_expiry_, ts + limits_.timeout);
  return slot;
}

void Reassembler::Release(Slot* s) {
  s->used = false;
  s->buf.clear();  // keeps capacity for the next datagram
  --in_progress_;
}

void Reassembler::FreeMemory(Slot* s) {
  bytes_held_ -= s->buf.capacity();
  std::vector<uint8_t>().swap(s->buf);
}

bool Reassembler::Reserve(Slot* s, size_t size) {
  if (size <= s->buf.capacity()) {
    if (size > s->buf.size()) s->buf.resize(size);
    return true;
  }
  size_t want = std::min(kMaxDatagram, std::max({size, s->buf.capacity() * 2, size_t{2048}}));
  size_t grow = want - s->buf.capacity();
  // Make room: first buffers nobody uses, then the oldest datagrams in progress.
  for (Slot& f : slots_) {
    if (bytes_held_ + grow <= limits_.max_bytes) break;
    if (!f.used && f.buf.capacity() > 0) FreeMemory(&f);
  }
  if (bytes_held_ + grow > limits_.max_bytes && done_.capacity() > 0) {
    bytes_held_ -= done_.capacity();
    std::vector<uint8_t>().swap(done_);
  }
  while (bytes_held_ + grow > limits_.max_bytes) {
    Slot* victim = Oldest(s);
    if (!victim) return false;  // cannot happen while max_bytes >= kMaxDatagram
    ++stats_->fragment_evictions;
    Release(victim);
    FreeMemory(victim);
  }
  bytes_held_ += want - s->buf.capacity();
  s->buf.reserve(want);
  s->buf.resize(size);
  return true;
}

bool Reassembler::Insert(Slot* s, uint32_t b, uint32_t e, const uint8_t* data, bool* dup) {
  *dup = b == e;  // an empty last fragment only fixes the length
  if (*dup) return true;
  uint32_t i = 0;
  while (i < s->npieces && s->pieces[i].end < b) ++i;  // first piece that may touch [b, e)
  if (i < s->npieces && s->pieces[i].begin < e && s->pieces[i].end > b) {
    // Overlaps piece i: fine only as an exact resend of bytes already held.
    if (s->pieces[i].begin <= b && e <= s->pieces[i].end &&
        std::memcmp(s->buf.data() + b, data, e - b) == 0) {
      *dup = true;
      return true;
    }
    return false;
  }
  // Disjoint: merge with the neighbours it touches (piece i may start exactly at e, or end at b).
  bool join_left = i < s->npieces && s->pieces[i].end == b;
  if (join_left) {
    // pieces[i] ends at b; pieces[i + 1] may start at e.
    if (i + 1 < s->npieces && s->pieces[i + 1].begin < e) return false;
    s->pieces[i].end = e;
    if (i + 1 < s->npieces && s->pieces[i + 1].begin == e) {
      s->pieces[i].end = s->pieces[i + 1].end;
      std::copy(s->pieces.begin() + i + 2, s->pieces.begin() + s->npieces,
                s->pieces.begin() + i + 1);
      --s->npieces;
    }
  } else if (i < s->npieces && s->pieces[i].begin == e) {
    s->pieces[i].begin = b;
  } else {
    if (s->npieces == kMaxPieces) return false;
    std::copy_backward(s->pieces.begin() + i, s->pieces.begin() + s->npieces,
                       s->pieces.begin() + s->npieces + 1);
    s->pieces[i] = {b, e};
    ++s->npieces;
  }
  std::memcpy(s->buf.data() + b, data, e - b);
  return true;
}

bool Reassembler::Add(util::Micros ts, const FragmentKey& key, uint32_t offset, bool more,
                      uint8_t proto, std::span<const uint8_t> data, Completed* out) {
  Expire(ts);
  uint64_t hash = HashKey(key);
  Slot* s = Find(key, hash);
  size_t end = size_t{offset} + data.size();
  bool bad = end > kMaxDatagram || (more && data.empty());
  if (!s) {
    if (bad) {
      ++stats_->fragment_errors;
      return false;
    }
    s = Allocate(ts, key, hash);
  }
  if (!bad && !more) {
    // The last fragment fixes the length; nothing may lie beyond it.
    bad = (s->total != 0 && s->total != end) ||
          (s->npieces > 0 && s->pieces[s->npieces - 1].end > end);
    if (!bad) s->total = uint32_t(end);
  }
  if (!bad && s->total != 0 && end > s->total) bad = true;
  bool dup = false;
  if (!bad) {
    if (!Reserve(s, std::max(s->buf.size(), end))) {
      ++stats_->fragment_evictions;
      Release(s);
      return false;
    }
    bad = !Insert(s, offset, uint32_t(end), data.data(), &dup);
  }
  if (bad) {
    ++stats_->fragment_errors;
    Release(s);
    return false;
  }
  if (offset == 0 && !dup) s->proto = proto;
  if (s->total == 0 || s->npieces != 1 || s->pieces[0].begin != 0 || s->pieces[0].end != s->total)
    return false;
  // Complete: hand its buffer out through done_ (swapped, so no bytes are copied).
  s->buf.resize(s->total);
  s->buf.swap(done_);
  out->proto = s->proto;
  out->payload = std::span<const uint8_t>(done_.data(), done_.size());
  Release(s);
  return true;
}

void Reassembler::Expire(util::Micros now) {
  if (now < next_expiry_) return;
  next_expiry_ = INT64_MAX;
  for (Slot& s : slots_) {
    if (!s.used) continue;
    if (now >= s.first_ts + limits_.timeout) {
      ++stats_->fragment_timeouts;
      Release(&s);
    } else {
      next_expiry_ = std::min(next_expiry_, s.first_ts + limits_.timeout);
    }
  }
}

void Reassembler::Finish() {
  for (Slot& s : slots_) {
    if (!s.used) continue;
    ++stats_->fragment_timeouts;
    Release(&s);
  }
  next_expiry_ = INT64_MAX;
}

}  // namespace capture
