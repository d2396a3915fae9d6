// The streaming feature encoder: consumes every SIP message of a stream in time
// order and emits one feature vector per INVITE (docs/features.md defines each
// feature). The same code runs in training, evaluation and live detection.
// State lives in fixed-size tables allocated once; Consume allocates nothing.
#pragma once

#include <cstdint>

#include "features/bounded_table.h"
#include "features/feature_schema.h"
#include "features/sip_event.h"

namespace features {

class Encoder {
 public:
  struct Options {
    FeatureSet set = FeatureSet::kFull;
    int source_capacity = 65536;  // distinct sources tracked (LRU eviction beyond)
    int dialog_capacity = 65536;  // INVITE dialogs tracked for retransmission / completion
    uint64_t seed = 0x5170dd05c0ffee11ull;  // keys the table hashes
  };
  struct Stats {
    uint64_t events = 0, invites = 0, completed = 0;
    uint64_t source_evictions = 0, dialog_evictions = 0;
  };

  Encoder() : Encoder(Options()) {}
  explicit Encoder(const Options& options);

  FeatureSet set() const { return options_.set; }
  int size() const { return size_; }

  // Updates the state with e. When e is an INVITE, writes size() floats to out
  // and returns true; otherwise returns false and leaves out untouched.
  bool Consume(const SipEvent& e, float* out);

  // Back to the state of a fresh encoder (tables emptied, not reallocated).
  void Reset();
  Stats stats() const;

 private:
  struct SourceEntry {
    uint64_t key = 0;
    util::Micros stamp = 0;  // last INVITE time
    double rate_1s = 0, rate_10s = 0;
    uint32_t invites = 0, completed = 0;
  };
  struct DialogEntry {
    uint64_t key = 0;
    util::Micros stamp = 0;  // last INVITE time for this Call-ID
    uint64_t source_key = 0;
    uint64_t to_tag_hash = 0;  // To tag of the 2xx answer, 0 before one is seen
    bool answered = false;     // a final response to the INVITE was seen
    bool success = false;      // ... and it was a 2xx
    bool completed = false;    // the caller ACKed the 2xx (or sent BYE)
  };
  // Exponentially weighted event rate (events per second) with time constant
  // tau.
  struct Rate {
    double value = 0;
    util::Micros last = 0;
    double Decayed(util::Micros now, double tau_s) const;
    void Add(util::Micros now, double tau_s, double amount);
    // Add split in two, for rates sharing `last` and tau: exp(-dt / tau), then the update.
    double DecayFactor(util::Micros now, double tau_s) const;
    void AddDecayed(util::Micros now, double factor, double tau_s, double amount);
  };

  void EncodeInvite(const SipEvent& e, float* out);
  void OnResponse(const SipEvent& e);
  void OnAckOrBye(const SipEvent& e);
  uint64_t SourceKey(const util::IpAddress& a) const;

  Options options_;
  int size_;
  BoundedTable<SourceEntry> sources_;
  BoundedTable<DialogEntry> dialogs_;
  bool have_previous_ = false;
  util::Micros previous_time_ = 0;
  uint64_t previous_source_ = 0;
  Rate global_1s_, global_10s_, global_60s_, new_10s_;
  Rate completed_10s_, completed_60s_;
  Stats stats_;
};

}  // namespace features
