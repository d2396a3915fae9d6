#include "mitigate/invite_policy.h"

#include <algorithm>
#include <random>

#include "features/header_fields.h"

namespace mitigate {

const char *ReasonName(Reason r) {
  switch (r) {
    case Reason::kNotSip:
      return "not_sip";
    case Reason::kNotInvite:
      return "not_invite";
    case Reason::kNoAttack:
      return "no_attack";
    case Reason::kAllowlisted:
      return "allowlisted";
    case Reason::kKnownCaller:
      return "known_caller";
    case Reason::kRetransmission:
      return "retransmission";
    case Reason::kNewDialog:
      return "new_dialog";
    case Reason::kKnownOverRate:
      return "known_over_rate";
    case Reason::kSourceOverRate:
      return "source_over_rate";
    case Reason::kRetransmissionBudget:
      return "retransmission_budget";
    case Reason::kNewDialogBudget:
      return "new_dialog_budget";
    case Reason::kSharedBan:
      return "shared_ban";
    case Reason::kCount:
      break;
  }
  return "?";
}

namespace {

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

uint64_t SeedOrRandom(uint64_t seed) {
  if (seed != 0) return seed;
  std::random_device rd;  // spoofed sources must not be able to aim at one table bucket
  return (uint64_t(rd()) << 32 | rd()) | 1;
}

}  // namespace

InvitePolicy::InvitePolicy(const PolicyOptions &options, BanSink ban_sink)
    : options_(options), ban_sink_(std::move(ban_sink)), sources_(options.source_capacity),
      external_bans_(options.shared_ban_capacity, options.seed) {
  options_.seed = SeedOrRandom(options.seed);
  options_.max_servers = std::max(1, options_.max_servers);
  budgets_.reserve(options_.max_servers);
}

bool InvitePolicy::Allowlisted(const util::IpAddress &a) const {
  for (const auto &c : options_.allow)
    if (c.Contains(a)) return true;
  return false;
}

Reason InvitePolicy::Decide(const features::SipEvent &e, const detect::MessageContext &ctx) {
  Reason r;
  if (e.kind != features::EventKind::kInvite || !ctx.invite) {
    r = Reason::kNotInvite;
  } else if (external_bans_.Banned(e.src, e.time) && !Allowlisted(e.src)) {
    r = Reason::kSharedBan;
  } else if (!ctx.attack_active) {
    r = Reason::kNoAttack;
  } else if (Allowlisted(e.src)) {
    r = Reason::kAllowlisted;
  } else {
    bool inserted = false;
    SourceEntry &s = *sources_.FindOrInsert(Mix(e.src.Hash() ^ options_.seed), &inserted);
    s.stamp = std::max(s.stamp, e.time);
    r = Judge(e, ctx, s);
    if (ban_sink_) Attribute(e, ctx, s, r);
  }
  Count(r);
  return r;
}

Reason InvitePolicy::Judge(const features::SipEvent &e, const detect::MessageContext &ctx,
                           SourceEntry &s) {
  const util::Micros now = e.time;
  if (ctx.source_known)
    return s.bucket.TryTake(now, options_.known_rate, options_.known_burst)
               ? Reason::kKnownCaller
               : Reason::kKnownOverRate;
  const uint64_t call_id = features::HashBytes(e.call_id, options_.seed) | 1;
  ServerBudget &budget = BudgetFor(ctx.server, now);
  if (s.dropped_call_id == call_id && now - s.dropped_at >= options_.min_retransmit_gap) {
    if (!s.bucket.Available(now, options_.source_rate, options_.source_burst))
      return Reason::kSourceOverRate;
    if (!budget.retransmissions.TryTake(now, options_.retransmit_rate, options_.retransmit_burst))
      return Reason::kRetransmissionBudget;
    s.bucket.Take();
    s.dropped_call_id = 0;
    return Reason::kRetransmission;
  }
  if (s.dropped_call_id == call_id) return Reason::kNewDialogBudget;  // repeated too soon
  if (!s.bucket.Available(now, options_.source_rate, options_.source_burst))
    return Reason::kSourceOverRate;
  if (!budget.new_dialogs.TryTake(now, options_.new_dialog_rate, options_.new_dialog_burst)) {
    // Remember it: if the same dialog comes back like a retransmission, rule 3
    // may let it in.
    s.dropped_call_id = call_id;
    s.dropped_at = now;
    return Reason::kNewDialogBudget;
  }
  s.bucket.Take();
  return Reason::kNewDialog;
}

InvitePolicy::ServerBudget &InvitePolicy::BudgetFor(const detect::ServerKey &key,
                                                    util::Micros now) {
  for (auto &b : budgets_)
    if (b.key == key) {
      b.last = std::max(b.last, now);
      return b;
    }
  if (int(budgets_.size()) >= options_.max_servers) {
    auto victim = std::min_element(budgets_.begin(), budgets_.end(),
                                   [](auto &a, auto &b) { return a.last < b.last; });
    budgets_.erase(victim);
  }
  budgets_.push_back(ServerBudget{key, now, {}, {}});
  return budgets_.back();
}

void InvitePolicy::Attribute(const features::SipEvent &e, const detect::MessageContext &ctx,
                             SourceEntry &s, Reason r) {
  const util::Micros now = e.time;
  // Pike-like rate check: consecutive intervals with at least
  // ban_interval_invites INVITEs.
  if (s.interval_start == 0 || now - s.interval_start >= options_.ban_interval) {
    bool hot =
        s.interval_start != 0 && s.interval_invites >= uint32_t(options_.ban_interval_invites);
    bool adjacent = s.interval_start != 0 && now - s.interval_start < 2 * options_.ban_interval;
    s.hot_intervals = hot && adjacent ? s.hot_intervals + 1 : 0;
    s.interval_start = now;
    s.interval_invites = 0;
  }
  ++s.interval_invites;
  if (VerdictOf(r) == Verdict::kDrop) ++s.drops;
  if (s.drops < uint32_t(options_.ban_min_drops) || now < s.banned_until) return;
  uint32_t hot =
      s.hot_intervals + (s.interval_invites >= uint32_t(options_.ban_interval_invites) ? 1 : 0);
  bool looks_real = ctx.source_known || hot >= uint32_t(options_.ban_hot_intervals);
  if (!looks_real || e.src == ctx.server.addr) return;  // allowlisted never reaches here
  s.banned_until = now + options_.ban_time;
  s.drops = 0;
  bans_requested_.fetch_add(1, std::memory_order_relaxed);
  ban_sink_(e.src, now);
}

}  // namespace mitigate
