// Per-message verdicts for inline mitigation (docs/mitigation.md, "The rule").
// Nothing is dropped while the destination server has no active attack. During
// an attack only INVITEs can be dropped, one decision each, from what the
// detector knows of the source:
//   1. allowlisted source                                  -> accept
//   2. source with a completed dialog (a known caller)     -> accept up to
//   known_rate per source
//   3. retransmission of an INVITE this policy dropped     -> accept up to
//   source_rate per source
//      (same source, same Call-ID, >= min_retransmit_gap     and
//      retransmit_rate per server later: what RFC 3261 Timer A makes a real UAC
//      do)
//   4. any other INVITE (new dialog, unproven source)      -> accept up to
//   source_rate per source
//                                                             and
//                                                             new_dialog_rate
//                                                             per server
// A spoofed random-source flood lands in rule 4 and shares the server's small
// budget; a new real caller whose first INVITE is dropped gets through on its
// retransmission (rule 3).
//
// Block-list attribution: a source is reported to the ban sink when, during an
// attack, it had at least ban_min_drops INVITEs dropped and looks real (it
// completed a dialog, or it sent at least ban_interval_invites INVITEs per
// ban_interval for ban_hot_intervals intervals in a row, like Kamailio's pike).
// Never an allowlisted address, never the server itself; once per ban_time.
//
// State is one fixed-size table keyed by a seeded hash of the source address
// (4-way LRU), plus one set of budgets per server (bounded, least recently used
// evicted). Decide allocates nothing.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "detect/detector.h"
#include "features/bounded_table.h"
#include "features/sip_event.h"
#include "mitigate/shared_ban_table.h"
#include "mitigate/token_bucket.h"
#include "util/ip_address.h"

namespace mitigate {

enum class Verdict : uint8_t { kAccept, kDrop };

enum class Reason : uint8_t {
  // accepted
  kNotSip,          // not a SIP message (or not UDP/IP): never judged
  kNotInvite,       // ACK, BYE, CANCEL, responses, other requests
  kNoAttack,        // INVITE to a server without an active attack
  kAllowlisted,     // rule 1
  kKnownCaller,     // rule 2
  kRetransmission,  // rule 3
  kNewDialog,       // rule 4, within budget
  // dropped
  kKnownOverRate,         // rule 2, the source's bucket is empty
  kSourceOverRate,        // rules 3 and 4, the source's bucket is empty
  kRetransmissionBudget,  // rule 3, the server's retransmission budget is empty
  kNewDialogBudget,       // rule 4, the server's new-dialog budget is empty
  kSharedBan,             // banned by another sensor (external_bans(), src/cluster/)
  kCount,
};
inline constexpr int kReasonCount = int(Reason::kCount);
const char *ReasonName(Reason r);  // snake_case, e.g. "new_dialog_budget"
inline Verdict VerdictOf(Reason r) {
  return r < Reason::kKnownOverRate ? Verdict::kAccept : Verdict::kDrop;
}

struct PolicyOptions {
  std::vector<util::Cidr> allow;              // never dropped, never banned
  double known_rate = 50, known_burst = 100;  // INVITE/s per known caller
  double source_rate = 1, source_burst = 3;   // INVITE/s per unproven source
  double new_dialog_rate = 5,
         new_dialog_burst = 10;  // INVITE/s per server, rule 4
  double retransmit_rate = 20,
         retransmit_burst = 40;               // INVITE/s per server, rule 3
  util::Micros min_retransmit_gap = 400'000;  // RFC 3261 T1 is 500 ms
  int source_capacity = 65536;                // sources tracked (LRU beyond)
  int max_servers = 16;                       // servers with budgets (LRU beyond)
  int shared_ban_capacity = 65536;            // bans from other sensors (soonest expiry evicted)
  // Block-list attribution (used only when a ban sink is given).
  util::Micros ban_interval = 2'000'000;
  int ban_interval_invites = 30;  // pike's default: 30 requests per 2 s
  int ban_hot_intervals = 3;
  int ban_min_drops = 20;
  util::Micros ban_time = 60'000'000;
  uint64_t seed = 0;  // keys the source hash; 0: a random seed
};

class InvitePolicy {
 public:
  // Called on the packet path when a source is attributable: must not block
  // (queue it).
  using BanSink = std::function<void(const util::IpAddress &source, util::Micros now)>;

  explicit InvitePolicy(const PolicyOptions &options, BanSink ban_sink = nullptr);

  // The verdict for SIP message e, which the detector consumed just before (ctx
  // is its last_message()). Counts the reason.
  Reason Decide(const features::SipEvent &e, const detect::MessageContext &ctx);
  // Counts a packet that is not SIP (accepted without a decision).
  void CountNotSip() { Count(Reason::kNotSip); }

  bool Allowlisted(const util::IpAddress &a) const;
  // Bans other sensors decided: while one is in force, the source's INVITEs drop
  // (kSharedBan) whether or not an attack is active; allowlisted sources still pass.
  // Written by one other thread (the cluster subscriber), read here without a lock.
  SharedBanTable &external_bans() { return external_bans_; }
  uint64_t count(Reason r) const { return counts_[int(r)].load(std::memory_order_relaxed); }
  uint64_t bans_requested() const { return bans_requested_.load(std::memory_order_relaxed); }
  const PolicyOptions &options() const { return options_; }

 private:
  struct SourceEntry {
    uint64_t key = 0;
    util::Micros stamp = 0;  // last INVITE during an attack
    TokenBucket bucket;
    uint64_t dropped_call_id = 0;  // Call-ID hash of the last INVITE dropped by rule 4
    util::Micros dropped_at = 0;
    util::Micros interval_start = 0;
    uint32_t interval_invites = 0;
    uint32_t hot_intervals = 0;
    uint32_t drops = 0;
    util::Micros banned_until = 0;
  };
  struct ServerBudget {
    detect::ServerKey key;
    util::Micros last = 0;
    TokenBucket new_dialogs, retransmissions;
  };

  Reason Judge(const features::SipEvent &e, const detect::MessageContext &ctx, SourceEntry &s);
  ServerBudget &BudgetFor(const detect::ServerKey &key, util::Micros now);
  void Attribute(const features::SipEvent &e, const detect::MessageContext &ctx, SourceEntry &s,
                 Reason r);
  void Count(Reason r) { counts_[int(r)].fetch_add(1, std::memory_order_relaxed); }

  PolicyOptions options_;
  BanSink ban_sink_;
  features::BoundedTable<SourceEntry> sources_;
  std::vector<ServerBudget> budgets_;
  SharedBanTable external_bans_;
  std::array<std::atomic<uint64_t>, kReasonCount> counts_{};
  std::atomic<uint64_t> bans_requested_{0};
};

}  // namespace mitigate
