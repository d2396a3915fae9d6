#include "detect/attack_evidence.h"

#include <algorithm>
#include <cstring>
#include <string_view>

namespace detect {

AttackEvidence::AttackEvidence(int window) : recent_(std::max(1, window)) {}

void AttackEvidence::OnInvite(const features::SipEvent &e, const SourceFacts &f, bool attack_active,
                              double rate) {
  std::string_view ua = e.user_agent.substr(0, UserAgentCounter::kMaxLength);
  Recent &r = recent_[recent_next_];
  r.src = e.src;
  r.facts = f;
  r.ua_length = uint8_t(ua.size());
  if (!ua.empty()) std::memcpy(r.ua.data(), ua.data(), ua.size());  // data() is null for an absent User-Agent
  recent_next_ = (recent_next_ + 1) % recent_.size();
  recent_used_ = std::min(recent_used_ + 1, recent_.size());
  if (!attack_active) {
    if (f.known_state && f.first_invite) {
      first_seen_[first_seen_next_] = {e.src, e.time};
      first_seen_next_ = (first_seen_next_ + 1) % first_seen_.size();
    }
    return;
  }
  peak_rate_ = std::max(peak_rate_, rate);
  agents_.Add(ua);
  if (f.known_state) {
    state_known_ = true;
    sample_.AddInvite(e.src, f.first_invite, f.completed);
  }
}

void AttackEvidence::Start(util::Micros now, double rate) {
  peak_rate_ = rate;
  sample_.Clear();
  agents_.Clear();
  state_known_ = false;
  for (const FirstSeen &f : first_seen_)
    if (f.time != 0 && f.time >= now - kNewSourceLookback) sample_.MarkNew(f.src);
  // Oldest first, so a source's first INVITE in the window is seen before its
  // later ones.
  const size_t n = recent_.size();
  for (size_t k = 0; k < recent_used_; ++k) {
    const Recent &r = recent_[(recent_next_ + n - recent_used_ + k) % n];
    agents_.Add(std::string_view(r.ua.data(), r.ua_length));
    if (r.facts.known_state) {
      state_known_ = true;
      sample_.AddInvite(r.src, r.facts.first_invite, r.facts.completed);
    }
  }
}

void AttackEvidence::Fill(AlertEvent *ev, int top_n) const {
  ev->peak_invite_rate = std::max(peak_rate_, ev->invite_rate);
  ev->top_user_agents = agents_.Top(top_n);
  ev->user_agent_invites = agents_.total();
  if (state_known_) {
    SourceSample::Shares s = sample_.shares();
    ev->new_source_share = s.new_source_invites;
    ev->never_completed_share = s.never_completed;
    ev->sampled_sources = s.sampled_sources;
  } else {
    ev->new_source_share = ev->never_completed_share = -1;
    ev->sampled_sources = 0;
  }
}

}  // namespace detect
