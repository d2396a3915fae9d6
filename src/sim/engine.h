// The discrete-event core: turns a SplitPlan into the split's INVITE
// transmissions in time order (legitimate first transmissions and RFC 3261
// timer-A retransmissions, attack INVITEs), with their labels. It renders
// nothing: the simulator formats rows and packets from each Invite.
#pragma once

#include <cstdint>
#include <limits>
#include <queue>
#include <string>
#include <vector>

#include "sim/caller_kind.h"
#include "sim/network.h"
#include "sim/plan.h"
#include "sim/rng.h"

namespace sim {

// What one INVITE transmission is; every field of its text derives from (style,
// key, ...).
struct Invite {
  util::Micros time = 0;
  bool malicious = false;
  bool mrsip_style = false;  // Mr.SIP layout (LF) rather than `kind`'s
  CallerKind kind = CallerKind::kSippPaper;  // layout (a mimic: the copied one)
  bool answered =
      false;  // the server answers this transmission (else it was dropped)
  uint8_t attempt = 0;    // 0: first transmission; n: n-th retransmission
  int32_t attacker = -1;  // index into Engine::attackers(), -1 for a phone
  uint32_t episode = 0;   // index into SplitPlan::episodes
  uint32_t user = 0;  // 1-based phone index (From user SipPhone<user>), also
                      // for mimic; 0 for a trunk
  uint32_t call_number = 0;  // SIPp [call_number]
  uint64_t key =
      0;  // seeds the message's random fields (tag, Call-ID, branch, ...)
  uint32_t src = 0;  // source address (spoofed for attackers)
  uint16_t sport = 5060;
  double hold_s = 0;  // answered legitimate call: seconds between ACK and BYE
};

struct AttackerRuntime {
  AttackerSpec spec;
  std::string label;  // dataset::AttackLabel(spec.kind)
  double rate = 0;    // nominal INVITE/s
  uint16_t port = 5060;
  CallerKind kind = CallerKind::kSippPaper;  // mimic: the layout it copies
  uint32_t episode = 0;
  std::vector<uint32_t> sources;  // stealthy: the fixed source of each emitter
};

class Engine {
 public:
  Engine(const SplitPlan& plan, const Network& net, const LegitParams& legit,
         const ServerParams& server, const AttackParams& attack);
  // The next transmission; false when plan.rows rows were produced or the
  // timeline ended.
  bool Next(Invite* out);
  const std::vector<AttackerRuntime>& attackers() const { return attackers_; }
  int64_t rows() const { return rows_; }
  // Absolute start of each episode (plus the end of the last one, open-ended:
  // max).
  const std::vector<util::Micros>& episode_starts() const {
    return episode_starts_;
  }

  static constexpr util::Micros kNever =
      std::numeric_limits<util::Micros>::max();

 private:
  struct Interval {
    util::Micros begin, end;
  };
  // A legitimate caller: a phone, or a trunk during one episode.
  struct User {
    double base_rate = 0;  // calls/s
    bool busy = false;
    util::Micros state_end = 0;
    size_t interval = 0;  // cursor into its intervals
    int on = -1;          // its intervals: -1 legit_on_, else trunk_on_[on]
    size_t counter = 0;   // its call counter in calls_ (per address)
    CallerKind kind = CallerKind::kSippPaper;
    uint32_t src = 0;
    uint16_t sport = 5060;
    uint32_t user = 0;  // 1-based phone index, 0 for a trunk
    double busy_factor = 1, quiet_factor = 1, mean_busy_s = 1, mean_quiet_s = 1;
    bool paired = false;  // each quiet period as long as the busy one before
    util::Micros last_busy = 0;
  };
  enum class Timing : uint8_t { kGrid, kAbrupt };
  struct Emitter {
    uint32_t attacker = 0;
    Timing timing = Timing::kGrid;
    double rate = 0;  // INVITE/s of this emitter
    double jitter =
        0;  // width of the uniform offset inside each grid slot (0..1)
    double phase = 0;        // stealthy: offset of this emitter's grid
    uint32_t fixed_src = 0;  // 0: draw a spoofed source per message
    std::vector<Interval> on;
    size_t interval = 0;
    int64_t k =
        0;  // grid slot within the interval, or message within the burst
    // Abrupt: the current cycle's burst.
    util::Micros burst_begin = 0;
    double burst_s = 0, cycle_s = 0;
    int64_t burst_n = 0;
    double swing =
        0;  // alternating +/- rate multiplier keeps the long-run mean exact
    bool swing_up = true;
  };
  struct Pending {
    util::Micros t;
    uint64_t order;
    uint8_t type;  // 0: a phone's next call, 1: an emitter's next INVITE, 2: a
                   // retransmission
    uint8_t attempt = 0, lost = 0;
    uint32_t index = 0;  // phone (0-based) or emitter
    uint32_t call_number = 0;
    uint32_t episode = 0;
    uint64_t key = 0;
    double hold_s = 0;
    bool operator>(const Pending& o) const {
      return t != o.t ? t > o.t : order > o.order;
    }
  };

  void BuildTimeline();
  size_t PhoneCount() const;
  void Push(Pending p);
  util::Micros NextCall(User& u, util::Micros t);
  util::Micros NextEmission(Emitter& e, util::Micros after);
  double LossAt(util::Micros t) const;
  uint32_t EpisodeAt(util::Micros t);
  uint32_t SpoofedSource(const AttackerRuntime& a);
  void StartCall(const Pending& p, Invite* out);

  const SplitPlan& plan_;
  const Network& net_;
  LegitParams legit_;
  ServerParams server_;
  AttackParams attack_;
  Rng rng_;
  uint64_t key_counter_ = 0, order_ = 0;
  int64_t rows_ = 0;
  std::vector<Interval> legit_on_;
  std::vector<std::pair<util::Micros, double>>
      attack_rate_steps_;  // (time, rate from then on)
  std::vector<util::Micros> episode_starts_;
  size_t episode_cursor_ = 0;
  std::vector<User> users_;
  std::vector<std::vector<Interval>> trunk_on_;
  std::vector<uint32_t> calls_;  // per phone, then per trunk slot
  std::vector<AttackerRuntime> attackers_;
  std::vector<uint32_t> mimic_calls_;  // per attacker: its own call counter
  std::vector<Emitter> emitters_;
  std::priority_queue<Pending, std::vector<Pending>, std::greater<Pending>>
      heap_;
};

// Seconds to microseconds, rounded.
inline util::Micros Us(double s) { return util::Micros(std::llround(s * 1e6)); }

}  // namespace sim
