#include "sim/preset.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sim/engine.h"
#include "sim/rng.h"

namespace sim {
namespace {

using dataset::Behaviour;
using dataset::Intensity;

constexpr util::Micros kDay = 86400LL * 1000000;
constexpr util::Micros kStart = 1685952000LL * 1000000;  // 2023-06-05T08:00:00Z

Preset Base(std::string name, double scale) {
  Preset p;
  p.name = std::move(name);
  // Table 1 of the paper.
  auto split = [&](std::string n, int net, int64_t windows, int64_t malicious,
                   uint64_t salt, int day) {
    SplitTarget t;
    t.name = std::move(n);
    t.network = net;
    t.windows = std::max<int64_t>(1, std::llround(double(windows) * scale));
    t.malicious_share = double(malicious) / double(windows);
    t.seed_salt = salt;
    t.start = kStart + day * kDay;
    return t;
  };
  p.splits = {split("train", 1, 1135855, 457512, 1, 0),
              split("val", 1, 77671, 32827, 2, 7),
              split("test1", 1, 215455, 91436, 3, 14),
              split("test2", 2, 215455, 91436, 3, 14)};
  return p;
}

std::vector<Intensity> Allowed(Behaviour b) {
  switch (b) {
    case Behaviour::kAbrupt:
      return {Intensity::kM, Intensity::kH, Intensity::kVH, Intensity::kVHpp};
    case Behaviour::kVeryHigh:
      return {Intensity::kVH, Intensity::kVHpp};
    case Behaviour::kStealthy:
      return {Intensity::kVL, Intensity::kL};
    case Behaviour::kLowRate:
      return {Intensity::kVL, Intensity::kL, Intensity::kM, Intensity::kH};
  }
  return {};
}

// The four trunk kinds, each always at the same address (its slot).
constexpr CallerKind kTrunkKinds[] = {
    CallerKind::kAsterisk, CallerKind::kFreeSwitch, CallerKind::kKamailio,
    CallerKind::kSippUac};

// A trunk for episode i: busy ones swing within 10-30 calls/s, others within
// 2-30 (mean x 0.75 in quiet periods, x 1.25 in busy ones).
TrunkSpec DrawTrunk(int i, bool busy, Rng& rng) {
  TrunkSpec t;
  t.slot = i % 4;
  t.kind = kTrunkKinds[t.slot];
  t.calls_per_s = busy ? rng.Uniform(10 / 0.75, 30 / 1.25)
                       : rng.Uniform(2 / 0.75, 30 / 1.25);
  return t;
}

// Phones of every kind: a third the paper's SIPp, the rest softphones, desk
// phones and gateways.
std::vector<KindShare> PhoneMix() {
  return {{CallerKind::kSippPaper, 30}, {CallerKind::kLinphone, 9},
          {CallerKind::kZoiper, 9},     {CallerKind::kMicroSip, 8},
          {CallerKind::kYealink, 10},   {CallerKind::kPolycom, 8},
          {CallerKind::kCisco, 8},      {CallerKind::kNecDect, 5},
          {CallerKind::kNeroSipps, 4},  {CallerKind::kNeufbox, 5},
          {CallerKind::kLfGateway, 4}};
}

// Attack episodes before scaling; stealthy never runs alone (scenario d), being
// meant to hide among phones.
std::vector<Episode> AttackEpisodes(const Preset& p, int count, Rng& rng) {
  std::vector<Episode> out;
  for (int i = 0; i < count; ++i) {
    Episode ep;
    Behaviour b = dataset::kAllBehaviours[size_t(i % 4)];
    dataset::Tool tool =
        (i / 12) % 4 == 3 ? dataset::Tool::kMimic : dataset::Tool::kMrSip;
    size_t spoof = size_t((i / 4) % 3);
    auto allowed = Allowed(b);
    Intensity in = allowed[rng.Below(allowed.size())];
    ep.scenario = kAllScenarios[1 + (i + i / 4) % 4];
    if (b == Behaviour::kStealthy && ep.scenario == Scenario::kD)
      ep.scenario = Scenario::kB;
    int attackers = i % 10 == 9 ? 3 : i % 6 == 5 ? 2 : 1;
    // A trunk in the legitimate part of every third attack episode.
    if (i % 3 == 1) ep.trunks.push_back(DrawTrunk(i, false, rng));
    double rate = 0;
    for (int a = 0; a < attackers; ++a) {
      AttackerSpec s;
      s.kind = {tool, b, dataset::kAllSpoofings[(spoof + size_t(a)) % 3]};
      s.intensity = in;
      s.users_subnet = (i + a) % 2 == 0;
      // The mimic copies each kind of legitimate caller in turn.
      s.imitates = kAllCallerKinds[size_t(i + a * 7) % kAllCallerKinds.size()];
      rate += dataset::RatePerSecond(in);
      ep.attackers.push_back(s);
    }
    ep.attack_s = std::clamp(p.attack_rows_per_episode / rate, 2.0, 900.0);
    ep.legit_s = rng.Uniform(20, 60);
    out.push_back(ep);
  }
  return out;
}

struct DryRun {
  int64_t rows = 0;
  int64_t malicious_windows = 0;
};

DryRun Run(const Preset& p, const SplitPlan& plan, const Network& net) {
  Engine eng(plan, net, p.legit, p.server, p.attack);
  std::vector<int8_t> labels;
  Invite inv;
  while (eng.Next(&inv)) labels.push_back(inv.malicious ? 1 : 0);
  DryRun r;
  r.rows = int64_t(labels.size());
  r.malicious_windows = dataset::CountWindows(labels, p.windows).malicious;
  return r;
}

}  // namespace

Preset PaperPreset() {
  Preset p = Base("paper", 1.0);
  p.default_pcap = false;  // several GB; --format csv,pcap asks for them
  p.legit.phone_kinds = PhoneMix();
  return p;
}

Preset SmallPreset() {
  Preset p = Base("small", 0.01);
  p.legit.users = 20;
  p.legit.calls_per_s = 10;
  p.attack_rows_per_episode = 600;
  p.legit.phone_kinds = PhoneMix();
  p.default_pcap = true;
  return p;
}

util::Result<Preset> PresetByName(const std::string& name) {
  if (name == "paper") return PaperPreset();
  if (name == "small") return SmallPreset();
  return util::Status::Error("unknown preset \"" + name +
                             "\" (expected paper or small)");
}

int64_t RowsFor(const SplitTarget& t, const dataset::WindowParams& w) {
  return (t.windows - 1) * w.step + w.window;
}

util::Result<SplitPlan> BuildPlan(const Preset& p, const SplitTarget& t,
                                  uint64_t seed) {
  SIPDDOS_RETURN_IF_ERROR(dataset::Validate(p.windows));
  Network net = MakeNetwork(t.network, p.legit.users);
  uint64_t split_seed = Mix(seed, t.seed_salt);
  Rng rng(Mix(split_seed, 0x706c616eull));
  int64_t rows = RowsFor(t, p.windows);
  double target_malicious =
      t.malicious_share * double(dataset::WindowCount(rows, p.windows));
  // An attack episode makes about 0.8 malicious windows per attack row of its
  // nominal size (its phones' INVITEs during the attack count too; step 2
  // halves).
  int count = std::max(1, int(std::lround(target_malicious /
                                          (0.8 * p.attack_rows_per_episode))));
  std::vector<Episode> attacks = AttackEpisodes(p, count, rng);

  // Dry run of the attack episodes alone: how many malicious windows and rows
  // they make.
  SplitPlan plan;
  plan.name = t.name;
  plan.network = t.network;
  plan.seed = split_seed;
  plan.start = t.start;
  plan.episodes = attacks;
  DryRun dry = Run(p, plan, net);
  if (dry.malicious_windows == 0)
    return util::Status::Error(
        t.name + ": the attack episodes make no malicious window");
  // Scale the attack episodes (attack and legitimate parts alike) so that their
  // malicious windows meet the target, and put legitimate-only episodes
  // (scenario a) before each of them holding 95% of the remaining rows (the
  // last, open-ended one takes the rest), with lengths varying by a factor of
  // three. Short bursts and clamps make windows not quite linear in the scale,
  // so the whole plan is dry-run again and rescaled until it is within 0.2
  // points.
  double legit_rows_per_s = p.legit.calls_per_s * (1 + p.server.base_loss);
  std::vector<double> weights;
  double wsum = 0;
  std::vector<std::vector<TrunkSpec>> filler_trunks(attacks.size());
  for (size_t i = 0; i < attacks.size(); ++i) {
    weights.push_back(rng.Uniform(0.5, 1.5));
    wsum += weights.back();
    // Legitimate-only episodes: a busy trunk in a third, another trunk in a
    // third, phones alone in the rest.
    if (i % 3 != 2)
      filler_trunks[i].push_back(DrawTrunk(int(i) + 1, i % 3 == 0, rng));
  }
  double k = target_malicious / double(dry.malicious_windows);
  auto make = [&](double scale) {
    SplitPlan out = plan;
    out.episodes.clear();
    double filler_rows = std::max(0.0, double(rows) - scale * double(dry.rows));
    for (size_t i = 0; i < attacks.size(); ++i) {
      Episode filler;
      filler.scenario = Scenario::kA;
      filler.trunks = filler_trunks[i];
      double rate = legit_rows_per_s;
      for (const TrunkSpec& tr : filler.trunks)
        rate += tr.calls_per_s * (1 + p.server.base_loss);
      filler.legit_s = 0.95 * filler_rows / rate * weights[i] / wsum;
      out.episodes.push_back(filler);
      Episode a = attacks[i];
      a.attack_s *= scale;
      a.legit_s *= scale;
      out.episodes.push_back(a);
    }
    Episode last;
    last.scenario = Scenario::kA;
    out.episodes.push_back(last);
    out.open_ended_last = true;
    out.rows = rows;
    return out;
  };
  // Each run draws other random numbers, so the share is noisy in k: keep the
  // closest plan seen.
  SplitPlan candidate = make(k), best;
  double best_error = 2;
  for (int iter = 0; iter < 8; ++iter) {
    if (k * double(dry.rows) > double(rows))
      return util::Status::Error(
          t.name + ": the attack episodes need more rows than the split has");
    DryRun check = Run(p, candidate, net);
    double share = double(check.malicious_windows) /
                   double(dataset::WindowCount(rows, p.windows));
    double error = std::abs(share - t.malicious_share);
    if (error < best_error) {
      best_error = error;
      best = candidate;
    }
    if (error < 0.002 || check.malicious_windows == 0) break;
    k *= target_malicious / double(check.malicious_windows);
    candidate = make(k);
  }
  return best;
}

}  // namespace sim
