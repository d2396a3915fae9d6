// The evidence an alert carries beside its score (docs/alerts.md): the attack's
// peak INVITE rate, the share of its INVITEs from sources first seen during the
// attack, the share of its sources that never completed a dialog, and its
// commonest User-Agents. One per protected server; fixed memory, nothing
// allocated per message. The figures start at the first malicious window: a
// ring of the last `window` INVITEs seeds them when an attack starts. A source
// counts as new when its first INVITE came during the attack or in the
// kNewSourceLookback before it (the flood's ramp-up, before the model's first
// malicious window).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "detect/alert.h"
#include "detect/source_sample.h"
#include "detect/user_agent_counter.h"
#include "features/sip_event.h"

namespace detect {

// What the encoder said about one INVITE's source (MessageContext's fields).
struct SourceFacts {
  bool known_state = false;   // per-source state is tracked; the two below mean something
  bool first_invite = false;  // the source had sent no INVITE before
  bool completed = false;     // the source has completed a dialog
};

class AttackEvidence {
 public:
  static constexpr util::Micros kNewSourceLookback = 10'000'000;
  static constexpr int kFirstSeenRing = 256;  // newest first INVITEs remembered

  explicit AttackEvidence(int window);

  // Every INVITE to the server; `rate` is the server's INVITE rate after it.
  void OnInvite(const features::SipEvent &e, const SourceFacts &f, bool attack_active, double rate);
  // During an attack: `src` completed a dialog (its ACK or BYE matched an
  // answered INVITE).
  void OnCompleted(const util::IpAddress &src) { sample_.MarkCompleted(src); }
  // The attack starts at `now`: forget the last attack, count the ring's
  // INVITEs.
  void Start(util::Micros now, double rate);
  // Writes the evidence fields of *ev (not reason, threshold); top_n
  // User-Agents.
  void Fill(AlertEvent *ev, int top_n) const;

 private:
  struct Recent {
    util::IpAddress src;
    SourceFacts facts;
    uint8_t ua_length = 0;
    std::array<char, UserAgentCounter::kMaxLength> ua{};
  };
  std::vector<Recent> recent_;
  size_t recent_next_ = 0, recent_used_ = 0;
  struct FirstSeen {
    util::IpAddress src;
    util::Micros time = 0;
  };
  std::array<FirstSeen, kFirstSeenRing> first_seen_{};
  size_t first_seen_next_ = 0;
  bool state_known_ = false;
  double peak_rate_ = 0;
  SourceSample sample_;
  UserAgentCounter agents_;
};

}  // namespace detect
