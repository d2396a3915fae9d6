#include "sim/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace sim {
namespace {

using dataset::AttackKind;
using dataset::Behaviour;
using dataset::Intensity;
using dataset::Spoofing;
using dataset::Tool;

constexpr util::Micros kT0 = 1700000000LL * 1000000;

SplitPlan OneEpisode(Scenario sc, double legit_s, double attack_s,
                     std::vector<AttackerSpec> attackers, uint64_t seed = 7) {
  SplitPlan plan;
  plan.name = "t";
  plan.seed = seed;
  plan.start = kT0;
  Episode ep;
  ep.scenario = sc;
  ep.legit_s = legit_s;
  ep.attack_s = attack_s;
  ep.attackers = std::move(attackers);
  plan.episodes.push_back(ep);
  return plan;
}

std::vector<Invite> RunAll(const SplitPlan& plan, const Network& net,
                           LegitParams legit = {}, ServerParams server = {},
                           AttackParams attack = {}) {
  Engine eng(plan, net, legit, server, attack);
  std::vector<Invite> out;
  Invite inv;
  while (eng.Next(&inv)) out.push_back(inv);
  return out;
}

double Seconds(util::Micros t) { return double(t - kT0) * 1e-6; }

// Every behaviour at every intensity: the measured rate over the attack is
// within 5%.
TEST(Engine, EveryBehaviourAndIntensityKeepsItsNominalRate) {
  Network net = MakeNetwork(1, 10);
  for (Behaviour b : dataset::kAllBehaviours) {
    for (Intensity in : dataset::kAllIntensities) {
      double rate = dataset::RatePerSecond(in);
      // Abrupt bursts come in 1-4 s cycles: a longer attack averages them out.
      double secs = b == Behaviour::kAbrupt ? 400 : std::max(30.0, 3000 / rate);
      AttackerSpec a{AttackKind{Tool::kMrSip, b, Spoofing::kRandom}, in};
      auto rows = RunAll(OneEpisode(Scenario::kD, 0, secs, {a}), net);
      int64_t n = std::count_if(rows.begin(), rows.end(),
                                [](auto& r) { return r.malicious; });
      EXPECT_NEAR(double(n) / secs, rate, 0.05 * rate)
          << dataset::Name(b) << " " << dataset::Name(in);
      for (const Invite& r : rows) {
        ASSERT_GE(r.time, kT0);
        ASSERT_LT(r.time, kT0 + Us(secs));
      }
    }
  }
}

TEST(Engine, AbruptComesInBurstsAndLowRateIsSteady) {
  Network net = MakeNetwork(1, 10);
  auto per_second = [&](Behaviour b) {
    AttackerSpec a{AttackKind{Tool::kMrSip, b, Spoofing::kRandom},
                   Intensity::kH};
    auto rows = RunAll(OneEpisode(Scenario::kD, 0, 100, {a}), net);
    std::vector<int> bins(100);
    for (const Invite& r : rows) ++bins[size_t(Seconds(r.time))];
    return bins;
  };
  auto abrupt = per_second(Behaviour::kAbrupt);
  auto steady = per_second(Behaviour::kLowRate);
  int abrupt_empty = int(std::count(abrupt.begin(), abrupt.end(), 0));
  int abrupt_peak = *std::max_element(abrupt.begin(), abrupt.end());
  EXPECT_GT(abrupt_empty, 10);  // silent seconds between bursts
  EXPECT_GT(abrupt_peak, 200);  // bursts well above the 100/s average
  for (int n : steady) EXPECT_NEAR(n, 100, 2);
}

TEST(Engine, StealthyStaysBelowThePerSourceThresholdAmongPhones) {
  Network net = MakeNetwork(1, 50);
  AttackParams ap;
  for (Intensity in : {Intensity::kVL, Intensity::kL}) {
    for (Spoofing sp : dataset::kAllSpoofings) {
      AttackerSpec a{AttackKind{Tool::kMrSip, Behaviour::kStealthy, sp}, in};
      auto rows = RunAll(OneEpisode(Scenario::kB, 30, 120, {a}), net);
      std::map<uint32_t, int> per_source;
      int legit_during_attack = 0;
      for (const Invite& r : rows) {
        if (r.malicious)
          ++per_source[r.src];
        else if (Seconds(r.time) >= 30)
          ++legit_during_attack;
      }
      double rate = dataset::RatePerSecond(in);
      EXPECT_GE(per_source.size(), size_t(rate / ap.per_source_threshold));
      for (const auto& [src, n] : per_source)
        EXPECT_LT(n / 120.0, ap.per_source_threshold) << Ipv4ToString(src);
      EXPECT_GT(legit_during_attack,
                120 * 20 * 0.8);  // phones keep calling (20 calls/s)
    }
  }
}

TEST(Engine, SpoofedSourcesLieInTheirRanges) {
  Network net = MakeNetwork(1, 50);
  std::set<uint32_t> list(net.spoof_list.begin(), net.spoof_list.end());
  std::set<uint32_t> phones(net.phones.begin(), net.phones.end());
  int phones_in_list = 0;
  for (uint32_t a : list) phones_in_list += phones.count(a);
  EXPECT_GT(phones_in_list,
            0);  // the list may include legitimate users' addresses
  for (Tool tool : dataset::kAllTools) {
    for (Spoofing sp : dataset::kAllSpoofings) {
      for (bool users_subnet : {false, true}) {
        AttackerSpec a{AttackKind{tool, Behaviour::kVeryHigh, sp},
                       Intensity::kVH, users_subnet};
        auto rows = RunAll(OneEpisode(Scenario::kD, 0, 10, {a}), net);
        std::set<uint32_t> seen;
        for (const Invite& r : rows) {
          ASSERT_TRUE(r.malicious);
          seen.insert(r.src);
          switch (sp) {
            case Spoofing::kRandom:
              ASSERT_GE(r.src >> 24, 1u);
              ASSERT_LE(r.src >> 24, 223u);
              ASSERT_NE(r.src >> 24, 127u);
              break;
            case Spoofing::kSubnet: {
              const Subnet& s =
                  users_subnet ? net.users_subnet : net.attacker_subnet;
              ASSERT_TRUE(s.Contains(r.src)) << Ipv4ToString(r.src);
              ASSERT_NE(r.src, net.server);
              ASSERT_NE(r.src & 255, 0u);
              ASSERT_NE(r.src & 255, 255u);
              break;
            }
            case Spoofing::kList:
              ASSERT_TRUE(list.count(r.src)) << Ipv4ToString(r.src);
              break;
          }
        }
        if (sp == Spoofing::kRandom) {
          EXPECT_GT(seen.size(), rows.size() * 99 / 100);
        } else if (sp == Spoofing::kSubnet) {
          EXPECT_GT(seen.size(), 200u);
        } else {
          EXPECT_EQ(seen.size(), list.size());
        }
        if (sp == Spoofing::kSubnet && users_subnet) {
          int on_phones = 0;
          for (uint32_t s : seen) on_phones += phones.count(s);
          EXPECT_GT(on_phones,
                    0);  // the users' subnet holds the phones' addresses too
        }
      }
    }
  }
}

// Where malicious and legitimate rows fall in each Fig. 4 scenario.
TEST(Engine, ScenariosPlaceTheAttack) {
  Network net = MakeNetwork(1, 20);
  AttackerSpec a{AttackKind{Tool::kMrSip, Behaviour::kLowRate, Spoofing::kList},
                 Intensity::kM};
  auto seconds_of = [](const std::vector<Invite>& rows, bool malicious) {
    std::vector<double> s;
    for (const Invite& r : rows)
      if (r.malicious == malicious && r.attempt == 0)
        s.push_back(Seconds(r.time));
    return s;
  };
  for (Scenario sc : kAllScenarios) {
    auto rows =
        RunAll(OneEpisode(sc, 40, 60,
                          sc == Scenario::kA ? std::vector<AttackerSpec>{}
                                             : std::vector{a}),
               net);
    auto mal = seconds_of(rows, true), leg = seconds_of(rows, false);
    SCOPED_TRACE(std::string(Name(sc)));
    switch (sc) {
      case Scenario::kA:
        EXPECT_TRUE(mal.empty());
        EXPECT_GT(leg.size(), 600u);
        break;
      case Scenario::kB:  // legitimate, then the attack to the end
        EXPECT_GE(mal.front(), 40);
        EXPECT_GT(mal.back(), 99);
        EXPECT_LT(leg.front(), 1);
        break;
      case Scenario::kC:  // the attack first, legitimate alone at the end
        EXPECT_LT(mal.front(), 0.1);
        EXPECT_LT(mal.back(), 60);
        EXPECT_GT(leg.back(), 99);
        break;
      case Scenario::kD:
        EXPECT_TRUE(leg.empty());
        EXPECT_EQ(mal.size(), 3000u);
        break;
      case Scenario::kE: {  // attack, legitimate in the middle, attack
        EXPECT_LT(mal.front(), 0.1);
        EXPECT_GT(mal.back(), 99);
        int in_middle = int(std::count_if(mal.begin(), mal.end(), [](double s) {
          return s >= 30 && s < 70;
        }));
        EXPECT_EQ(in_middle, 0);
        EXPECT_GT(leg.size(), 1500u);
        break;
      }
    }
    for (size_t i = 1; i < rows.size(); ++i)
      ASSERT_LE(rows[i - 1].time, rows[i].time);
  }
}

TEST(Engine, UnansweredInvitesAreRetransmittedOnTimerA) {
  Network net = MakeNetwork(1, 10);
  ServerParams lossy;
  lossy.base_loss = 0.5;
  lossy.max_loss = 0.5;
  auto rows =
      RunAll(OneEpisode(Scenario::kA, 300, 0, {}), net, LegitParams{}, lossy);
  std::map<uint64_t, std::vector<const Invite*>> calls;
  for (const Invite& r : rows) calls[r.key].push_back(&r);
  int retransmitted = 0, failed = 0;
  for (const auto& [key, tx] : calls) {
    ASSERT_EQ(tx[0]->attempt, 0);
    for (size_t i = 1; i < tx.size(); ++i) {
      const double kOffsets[] = {0, 0.5, 1.5, 3.5, 7.5, 15.5};
      EXPECT_EQ(tx[i]->attempt, i);
      EXPECT_EQ(tx[i]->time - tx[0]->time, Us(kOffsets[i]));
      EXPECT_EQ(tx[i]->call_number, tx[0]->call_number);
      EXPECT_EQ(tx[i]->src, tx[0]->src);
    }
    int answered = 0;
    for (const Invite* t : tx) answered += t->answered;
    EXPECT_LE(answered, 1);
    EXPECT_EQ(answered == 1,
              tx.back()->answered);  // only the last one can be answered
    if (answered == 0) {
      EXPECT_EQ(tx.size(), 6u);  // gave up after SIPp's 5 retransmissions
      ++failed;
    }
    retransmitted += tx.size() > 1;
  }
  EXPECT_GT(retransmitted, int(calls.size()) / 3);
  EXPECT_GT(failed, 0);
  // Attackers never retransmit.
  AttackerSpec a{
      AttackKind{Tool::kMrSip, Behaviour::kLowRate, Spoofing::kRandom},
      Intensity::kH};
  rows =
      RunAll(OneEpisode(Scenario::kD, 0, 20, {a}), net, LegitParams{}, lossy);
  std::set<uint64_t> keys;
  for (const Invite& r : rows) {
    EXPECT_EQ(r.attempt, 0);
    EXPECT_TRUE(keys.insert(r.key).second);
  }
}

TEST(Engine, PhonesCallAtTheirAggregateRate) {
  Network net = MakeNetwork(1, 50);
  auto rows = RunAll(OneEpisode(Scenario::kA, 2000, 0, {}), net);
  int64_t first = std::count_if(rows.begin(), rows.end(),
                                [](auto& r) { return r.attempt == 0; });
  EXPECT_NEAR(double(first) / 2000, 20, 1);
  std::set<uint32_t> sources;
  for (const Invite& r : rows) {
    EXPECT_FALSE(r.malicious);
    EXPECT_EQ(r.src, net.phones[r.user - 1]);
    sources.insert(r.src);
  }
  EXPECT_EQ(sources.size(), 50u);
}

TEST(Engine, SeveralAttackersAtOnceAndDeterminism) {
  Network net = MakeNetwork(2, 20);
  std::vector<AttackerSpec> three = {
      {AttackKind{Tool::kMrSip, Behaviour::kVeryHigh, Spoofing::kRandom},
       Intensity::kVH},
      {AttackKind{Tool::kMrSip, Behaviour::kLowRate, Spoofing::kSubnet},
       Intensity::kL},
      {AttackKind{Tool::kMimic, Behaviour::kAbrupt, Spoofing::kList},
       Intensity::kM}};
  SplitPlan plan = OneEpisode(Scenario::kB, 10, 60, three);
  Engine eng(plan, net, {}, {}, {});
  std::map<int, int64_t> per_attacker;
  Invite inv;
  while (eng.Next(&inv))
    if (inv.malicious) ++per_attacker[inv.attacker];
  ASSERT_EQ(per_attacker.size(), 3u);
  EXPECT_NEAR(per_attacker[0] / 60.0, 500, 25);
  EXPECT_NEAR(per_attacker[1] / 60.0, 25, 1.25);
  EXPECT_NEAR(per_attacker[2] / 60.0, 50, 5);
  EXPECT_EQ(eng.attackers()[2].label, "mimic:abrupt:list");

  auto a = RunAll(plan, net), b = RunAll(plan, net);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    ASSERT_EQ(a[i].time, b[i].time);
    ASSERT_EQ(a[i].key, b[i].key);
    ASSERT_EQ(a[i].src, b[i].src);
  }
  plan.seed = 8;
  auto c = RunAll(plan, net);
  EXPECT_TRUE(a.size() != c.size() || a[0].time != c[0].time ||
              a[0].key != c[0].key);
}

TEST(Engine, ExactRowCountWithOpenEndedLastEpisode) {
  Network net = MakeNetwork(1, 20);
  SplitPlan plan = OneEpisode(Scenario::kA, 0, 0, {});
  plan.open_ended_last = true;
  plan.rows = 12345;
  auto rows = RunAll(plan, net);
  EXPECT_EQ(rows.size(), 12345u);
}

}  // namespace
}  // namespace sim

namespace sim {
namespace {

// Phones of several kinds: the weights share the phones out exactly, and each
// phone keeps its kind and a port of its kind's habit.
TEST(Engine, PhoneKindsFollowTheirWeights) {
  LegitParams legit;
  legit.phone_kinds = {{CallerKind::kSippPaper, 2},
                       {CallerKind::kZoiper, 1},
                       {CallerKind::kYealink, 1}};
  auto kinds = PhoneKinds(legit, 40);
  ASSERT_EQ(kinds.size(), 40u);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), CallerKind::kSippPaper), 20);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), CallerKind::kZoiper), 10);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), CallerKind::kYealink), 10);
  EXPECT_EQ(PhoneKinds(LegitParams{}, 3),
            std::vector<CallerKind>(3, CallerKind::kSippPaper));

  Network net = MakeNetwork(1, 40);
  legit.users = 40;
  auto rows = RunAll(OneEpisode(Scenario::kA, 300, 0, {}), net, legit);
  std::map<uint32_t, std::set<std::pair<CallerKind, uint16_t>>> seen;
  for (const Invite& r : rows) {
    EXPECT_EQ(r.src, net.phones[r.user - 1]);
    EXPECT_EQ(r.kind, kinds[r.user - 1]);
    seen[r.user].insert({r.kind, r.sport});
  }
  EXPECT_EQ(seen.size(), 40u);
  for (const auto& [user, s] : seen) EXPECT_EQ(s.size(), 1u) << user;
}

// A trunk: one address carrying its mean rate (within 5%) with busy and quiet
// swings inside 2-30 calls/s, legitimate, every call answered in the end
// (retransmissions until the server answers) and numbered per address.
TEST(Engine, TrunkCarriesItsRateFromOneAddress) {
  Network net = MakeNetwork(1, 20);
  LegitParams legit;
  legit.users = 20;
  legit.calls_per_s = 5;
  SplitPlan plan = OneEpisode(Scenario::kA, 3000, 0, {});
  plan.episodes[0].trunks = {{CallerKind::kAsterisk, 16, 2}};
  auto rows = RunAll(plan, net, legit);
  int64_t trunk_calls = 0, phone_calls = 0;
  std::map<uint64_t, bool> answered;  // per call key: answered at last
  std::vector<int64_t> per_10s(300, 0);
  std::set<uint32_t> numbers;
  for (const Invite& r : rows) {
    EXPECT_FALSE(r.malicious);
    if (r.src != net.trunks[2]) {
      phone_calls += r.attempt == 0;
      continue;
    }
    EXPECT_EQ(r.kind, CallerKind::kAsterisk);
    EXPECT_EQ(r.user, 0u);
    EXPECT_EQ(r.sport, 5060);
    answered[r.key] = answered[r.key] || r.answered;
    if (r.attempt == 0) {
      ++trunk_calls;
      ++per_10s[size_t(Seconds(r.time) / 10)];
      EXPECT_TRUE(numbers.insert(r.call_number).second);
    }
  }
  EXPECT_NEAR(double(trunk_calls) / 3000, 16, 0.8);
  EXPECT_NEAR(double(phone_calls) / 3000, 5, 0.5);
  int64_t lo = *std::min_element(per_10s.begin(), per_10s.end()),
          hi = *std::max_element(per_10s.begin(), per_10s.end());
  EXPECT_LT(lo, 140);  // quiet periods (12/s)
  EXPECT_GT(hi, 180);  // busy ones (20/s)
  EXPECT_GT(lo, 60);
  EXPECT_LT(hi, 300);
  int64_t completed = 0;
  for (const auto& [key, ok] : answered) completed += ok;
  EXPECT_EQ(completed, int64_t(answered.size()));
}

// A trunk calls only while its episode's phones do: not in another episode,
// not in scenario d.
TEST(Engine, TrunksFollowTheirEpisode) {
  Network net = MakeNetwork(1, 20);
  LegitParams legit;
  legit.users = 20;
  SplitPlan plan = OneEpisode(Scenario::kA, 100, 0, {});
  Episode b;
  b.scenario = Scenario::kA;
  b.legit_s = 100;
  plan.episodes.push_back(b);
  Episode d;
  d.scenario = Scenario::kD;
  d.attack_s = 50;
  d.attackers = {
      {AttackKind{Tool::kMrSip, Behaviour::kLowRate, Spoofing::kRandom},
       Intensity::kVL}};
  d.trunks = {{CallerKind::kSippUac, 20, 0}};
  plan.episodes.push_back(d);
  plan.episodes[1].trunks = {{CallerKind::kFreeSwitch, 10, 1}};
  auto rows = RunAll(plan, net, legit);
  int64_t in_first = 0, in_second = 0, in_d = 0;
  for (const Invite& r : rows) {
    bool trunk = r.src == net.trunks[0] || r.src == net.trunks[1];
    if (!trunk || r.malicious) continue;
    double s = Seconds(r.time);
    (s < 100 ? in_first : s < 200 ? in_second : in_d)++;
    EXPECT_EQ(r.src, net.trunks[1]);
    EXPECT_EQ(r.sport, 5080);
  }
  EXPECT_EQ(in_first, 0);
  EXPECT_NEAR(double(in_second) / 100, 10, 2);
  EXPECT_EQ(in_d, 0);
}

// The mimic writes the layout of the kind it imitates, from that kind's port
// habit.
TEST(Engine, MimicTakesTheKindItImitates) {
  Network net = MakeNetwork(1, 20);
  AttackerSpec spec{
      AttackKind{Tool::kMimic, Behaviour::kLowRate, Spoofing::kRandom},
      Intensity::kL};
  spec.imitates = CallerKind::kFreeSwitch;
  auto rows = RunAll(OneEpisode(Scenario::kD, 0, 10, {spec}), net);
  ASSERT_FALSE(rows.empty());
  for (const Invite& r : rows) {
    EXPECT_TRUE(r.malicious);
    EXPECT_FALSE(r.mrsip_style);
    EXPECT_EQ(r.kind, CallerKind::kFreeSwitch);
    EXPECT_EQ(r.sport, 5080);
  }
}

}  // namespace
}  // namespace sim
