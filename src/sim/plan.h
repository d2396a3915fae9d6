// The traffic model on plain structs (docs/traffic-model.md): legitimate
// phones, attackers and the sequence scenarios of the paper's Fig. 4, arranged
// into one split's timeline.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "dataset/attack_label.h"
#include "sim/caller_kind.h"
#include "util/time_format.h"

namespace sim {

// Fig. 4: (a) legitimate only, (b) ends with malicious traffic, (c) starts with
// malicious traffic, (d) malicious only, (e) legitimate traffic in the middle.
enum class Scenario { kA, kB, kC, kD, kE };
inline constexpr Scenario kAllScenarios[] = {
    Scenario::kA, Scenario::kB, Scenario::kC, Scenario::kD, Scenario::kE};
std::string_view Name(Scenario s);  // "a" ... "e"

struct AttackerSpec {
  dataset::AttackKind kind;
  dataset::Intensity intensity = dataset::Intensity::kM;
  // Subnet spoofing: true draws from the legitimate users' subnet, false from
  // the attackers' LAN.
  bool users_subnet = false;
  // Mimic: the kind of legitimate caller whose layout it copies.
  CallerKind imitates = CallerKind::kSippPaper;
};

// A trunk (sim/caller_kind.h IsTrunk) active while an episode's phones call:
// one address (Network::trunks[slot]) carrying calls_per_s calls per second
// on average, swinging between busy and quiet periods (LegitParams).
struct TrunkSpec {
  CallerKind kind = CallerKind::kAsterisk;
  double calls_per_s = 10;
  int slot = 0;
};

// One scenario. Times are seconds; the episode lasts legit_s + attack_s.
//   a: legitimate phones for legit_s.
//   b: phones for legit_s, then attack for attack_s (phones keep calling).
//   c: attack for attack_s, then phones alone for legit_s (phones call
//   throughout). d: attack alone for attack_s (phones silent); legit_s is
//   ignored. e: attack for attack_s / 2, phones alone for legit_s, attack for
//   attack_s / 2.
struct Episode {
  Scenario scenario = Scenario::kA;
  double legit_s = 0;
  double attack_s = 0;
  std::vector<AttackerSpec> attackers;
  std::vector<TrunkSpec> trunks;
  double duration_s() const {
    return scenario == Scenario::kD ? attack_s : legit_s + attack_s;
  }
};

// A kind of phone and its weight in the phone population.
struct KindShare {
  CallerKind kind = CallerKind::kSippPaper;
  double weight = 1;
};

// Phones (rates with jitter, busy and quiet periods) of the kinds in
// phone_kinds, and the trunks' rate swings.
struct LegitParams {
  int users = 50;
  double calls_per_s = 20;  // all phones together, long-run average
  double heterogeneity =
      0.5;  // phone i's share is scaled by U(1 - h, 1 + h), renormalised
  double busy_factor = 1.6, quiet_factor = 0.4;
  double mean_busy_s = 20, mean_quiet_s = 20;
  double hold_min_s = 2, hold_max_s = 20;  // call duration before the BYE
  // Phone i's kind: weights share the phones out exactly (largest deficit
  // first); empty means every phone is the paper's SIPp UAC.
  std::vector<KindShare> phone_kinds;
  // Trunks: busy-hour swings around their mean rate: busy periods of mean
  // length trunk_mean_period_s (exponential), each followed by a quiet period
  // as long, so the mean rate is TrunkSpec::calls_per_s.
  double trunk_busy_factor = 1.25, trunk_quiet_factor = 0.75;
  double trunk_mean_period_s = 60;
};

// The kind of each of `users` phones under p.phone_kinds.
std::vector<CallerKind> PhoneKinds(const LegitParams& p, int users);

// The SIP server (a SIPp UAS): drops INVITEs when loaded, which makes phones
// retransmit.
struct ServerParams {
  double base_loss = 0.002;  // share of INVITEs left unanswered when idle
  double loss_per_attack_rate =
      5e-5;  // extra loss per INVITE/s of flood (1000/s: +5%)
  double max_loss = 0.2;
  int max_invite_retrans =
      5;  // SIPp -max_retrans default: INVITE at 0, .5, 1.5, 3.5, 7.5, 15.5 s
  int max_ok_retrans =
      5;  // 200 OK retransmissions without ACK (T1 doubling, capped at T2)
};

// Stealthy attackers keep each source address just below this rate.
struct AttackParams {
  double per_source_threshold = 1.0;  // INVITE/s
  double stealthy_margin =
      0.8;  // each source sends at margin * threshold at most
};

struct SplitPlan {
  std::string name;  // train, val, test1, test2
  int network = 1;
  uint64_t seed =
      0;  // derived from --seed and the split (test2 shares test1's)
  int64_t rows =
      0;  // exact number of INVITE rows; 0: run the timeline to its end
  util::Micros start = 0;
  std::vector<Episode> episodes;
  // The last episode is legitimate-only and lasts until `rows` rows exist.
  bool open_ended_last = false;
};

}  // namespace sim
