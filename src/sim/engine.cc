#include "sim/engine.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace sim {
namespace {

// RFC 3261 timer A: retransmission n of an INVITE leaves at T1 * (2^n - 1)
// after the first.
double RetransOffsetS(int n) { return 0.5 * double((1 << n) - 1); }

}  // namespace

Engine::Engine(const SplitPlan& plan, const Network& net,
               const LegitParams& legit, const ServerParams& server,
               const AttackParams& attack)
    : plan_(plan),
      net_(net),
      legit_(legit),
      server_(server),
      attack_(attack),
      rng_(plan.seed) {
  BuildTimeline();
}

size_t Engine::PhoneCount() const {
  return std::min(size_t(std::max(legit_.users, 0)), net_.phones.size());
}

void Engine::Push(Pending p) {
  if (p.t == kNever) return;
  p.order = order_++;
  heap_.push(p);
}

void Engine::BuildTimeline() {
  util::Micros t = plan_.start;
  std::vector<std::pair<util::Micros, double>> rate_changes;
  std::vector<User> trunks;
  for (size_t ei = 0; ei < plan_.episodes.size(); ++ei) {
    const Episode& ep = plan_.episodes[ei];
    bool open = plan_.open_ended_last && ei + 1 == plan_.episodes.size();
    episode_starts_.push_back(t);
    util::Micros L = Us(ep.legit_s), A = Us(ep.attack_s);
    std::vector<Interval> legit, att;
    switch (ep.scenario) {
      case Scenario::kA:
        legit.push_back({t, open ? kNever : t + L});
        break;
      case Scenario::kB:
        legit.push_back({t, t + L + A});
        att.push_back({t + L, t + L + A});
        break;
      case Scenario::kC:
        legit.push_back({t, t + A + L});
        att.push_back({t, t + A});
        break;
      case Scenario::kD:
        att.push_back({t, t + A});
        break;
      case Scenario::kE:
        legit.push_back({t, t + A + L});
        att.push_back({t, t + A / 2});
        att.push_back({t + A / 2 + L, t + A + L});
        break;
    }
    for (const Interval& iv : legit) {
      if (!legit_on_.empty() && legit_on_.back().end == iv.begin)
        legit_on_.back().end = iv.end;
      else if (iv.end > iv.begin)
        legit_on_.push_back(iv);
    }
    // Trunks call while the episode's phones do.
    for (const TrunkSpec& ts : ep.trunks) {
      if (legit.empty() || ts.calls_per_s <= 0) continue;
      User u;
      u.on = int(trunk_on_.size());
      trunk_on_.push_back(legit);
      size_t slot = size_t(std::clamp(ts.slot, 0, kMaxTrunks - 1));
      u.counter = PhoneCount() + slot;
      u.kind = ts.kind;
      u.src = net_.trunks[slot];
      u.sport = SourcePortOf(ts.kind, slot);
      u.busy_factor = legit_.trunk_busy_factor;
      u.quiet_factor = legit_.trunk_quiet_factor;
      u.mean_busy_s = u.mean_quiet_s = legit_.trunk_mean_period_s;
      u.base_rate = ts.calls_per_s / ((u.busy_factor + u.quiet_factor) / 2);
      trunks.push_back(u);
    }
    for (const AttackerSpec& spec : ep.attackers) {
      AttackerRuntime a;
      a.spec = spec;
      a.label = dataset::AttackLabel(spec.kind);
      a.rate = dataset::RatePerSecond(spec.intensity);
      a.episode = uint32_t(ei);
      // Mr.SIP picks one random source port per run; the mimic sends from 5060
      // like SIPp.
      uint32_t ai = uint32_t(attackers_.size());
      a.kind = spec.imitates;
      a.port = spec.kind.tool == dataset::Tool::kMrSip
                   ? uint16_t(rng_.Range(10000, 65535))
                   : SourcePortOf(spec.imitates, 1000 + ai);
      for (const Interval& iv : att) {
        rate_changes.push_back({iv.begin, a.rate});
        rate_changes.push_back({iv.end, -a.rate});
      }
      Emitter base;
      base.attacker = ai;
      base.on = att;
      base.rate = a.rate;
      switch (spec.kind.behaviour) {
        case dataset::Behaviour::kLowRate:
          base.jitter = 0.2;  // roughly constant
          emitters_.push_back(base);
          break;
        case dataset::Behaviour::kVeryHigh:
          base.jitter = 1.0;  // as fast as the tool goes: irregular at the
                              // millisecond scale
          emitters_.push_back(base);
          break;
        case dataset::Behaviour::kAbrupt:
          base.timing = Timing::kAbrupt;
          emitters_.push_back(base);
          break;
        case dataset::Behaviour::kStealthy: {
          double per_source =
              attack_.per_source_threshold * attack_.stealthy_margin;
          size_t n = size_t(std::ceil(a.rate / per_source - 1e-9));
          std::set<uint32_t> used;
          for (size_t i = 0; i < n; ++i) {
            uint32_t src = 0;
            for (int tries = 0; tries < 1000; ++tries) {
              src = SpoofedSource(a);
              if (used.insert(src).second) break;
            }
            a.sources.push_back(src);
            Emitter e = base;
            e.rate = a.rate / double(n);
            e.jitter = 0.6;
            e.phase = rng_.Uniform();
            e.fixed_src = src;
            emitters_.push_back(e);
          }
          break;
        }
      }
      attackers_.push_back(std::move(a));
      mimic_calls_.push_back(0);
    }
    t += open ? 0 : Us(ep.duration_s());
  }
  bool open = plan_.open_ended_last && !plan_.episodes.empty();
  episode_starts_.push_back(open ? kNever : t);

  std::sort(rate_changes.begin(), rate_changes.end());
  double rate = 0;
  for (const auto& [when, delta] : rate_changes) {
    rate += delta;
    if (std::abs(rate) < 1e-9) rate = 0;
    if (!attack_rate_steps_.empty() && attack_rate_steps_.back().first == when)
      attack_rate_steps_.back().second = rate;
    else
      attack_rate_steps_.push_back({when, rate});
  }

  // Phones: heterogeneous shares of the aggregate rate, renormalised so the
  // long-run total is calls_per_s once busy and quiet periods average out.
  // Phones beyond the network's plan would have no address.
  users_.resize(PhoneCount());
  std::vector<CallerKind> kinds = PhoneKinds(legit_, int(users_.size()));
  for (size_t i = 0; i < users_.size(); ++i) {
    User& u = users_[i];
    u.counter = i;
    u.kind = kinds[i];
    u.src = net_.phones[i];
    u.sport = SourcePortOf(u.kind, i);
    u.user = uint32_t(i + 1);
    u.busy_factor = legit_.busy_factor;
    u.quiet_factor = legit_.quiet_factor;
    u.mean_busy_s = legit_.mean_busy_s;
    u.mean_quiet_s = legit_.mean_quiet_s;
  }
  double sum = 0;
  for (User& u : users_) {
    u.base_rate =
        rng_.Uniform(1 - legit_.heterogeneity, 1 + legit_.heterogeneity);
    sum += u.base_rate;
  }
  double tb = legit_.mean_busy_s, tq = legit_.mean_quiet_s;
  double avg_factor =
      (legit_.busy_factor * tb + legit_.quiet_factor * tq) / (tb + tq);
  for (size_t i = 0; i < users_.size(); ++i) {
    User& u = users_[i];
    u.base_rate *= legit_.calls_per_s / sum / avg_factor;
    u.busy = rng_.Uniform() < tb / (tb + tq);
    u.state_end = plan_.start + Us(rng_.Exp(u.busy ? tb : tq));
    Pending p{};
    p.type = 0;
    p.index = uint32_t(i);
    p.t = NextCall(u, plan_.start);
    Push(p);
  }
  calls_.assign(users_.size() + size_t(kMaxTrunks), 0);
  for (User& u : trunks) {
    // Busy and quiet periods come in pairs of equal length, so a single
    // trunk's mean holds over a few pairs (phones average over each other).
    u.paired = true;
    u.busy = true;
    u.last_busy = std::max<util::Micros>(1, Us(rng_.Exp(u.mean_busy_s)));
    u.state_end = plan_.start + u.last_busy;
    users_.push_back(u);
    Pending p{};
    p.type = 0;
    p.index = uint32_t(users_.size() - 1);
    p.t = NextCall(users_.back(), plan_.start);
    Push(p);
  }
  for (size_t i = 0; i < emitters_.size(); ++i) {
    Pending p{};
    p.type = 1;
    p.index = uint32_t(i);
    p.t = NextEmission(emitters_[i], plan_.start);
    Push(p);
  }
}

util::Micros Engine::NextCall(User& u, util::Micros t) {
  double max_rate = u.base_rate * u.busy_factor;
  if (max_rate <= 0) return kNever;
  const std::vector<Interval>& on =
      u.on < 0 ? legit_on_ : trunk_on_[size_t(u.on)];
  while (true) {
    while (u.interval < on.size() && on[u.interval].end <= t) ++u.interval;
    if (u.interval >= on.size()) return kNever;
    if (t < on[u.interval].begin) t = on[u.interval].begin;
    t += std::max<util::Micros>(1, Us(rng_.Exp(1 / max_rate)));
    while (u.state_end <= t) {
      u.busy = !u.busy;
      if (u.paired && !u.busy) {
        u.state_end += u.last_busy;  // the quiet half of the pair
      } else {
        util::Micros len = std::max<util::Micros>(
            1, Us(rng_.Exp(u.busy ? u.mean_busy_s : u.mean_quiet_s)));
        u.state_end += len;
        u.last_busy = len;
      }
    }
    if (t >= on[u.interval].end)
      continue;  // memoryless: restart in the next interval
    double factor = u.busy ? u.busy_factor : u.quiet_factor;
    if (rng_.Uniform() * u.busy_factor < factor) return t;  // thinning
  }
}

util::Micros Engine::NextEmission(Emitter& e, util::Micros after) {
  while (e.interval < e.on.size()) {
    const Interval& iv = e.on[e.interval];
    double span_s = double(iv.end - iv.begin) * 1e-6;
    if (e.timing == Timing::kGrid) {
      double slot =
          e.phase + double(e.k) + 0.5 + e.jitter * (rng_.Uniform() - 0.5);
      util::Micros t = iv.begin + Us(slot / e.rate);
      ++e.k;
      if (t < iv.end && slot / e.rate <= span_s) return std::max(t, after);
    } else {
      // Abrupt: cycles of 1-4 s, each opening with a burst that carries the
      // cycle's messages. The burst rate swings above and below nominal in
      // pairs, so the mean stays nominal.
      auto draw_cycle = [&] {
        e.cycle_s = rng_.Uniform(1, 4);
        e.burst_s = e.cycle_s * rng_.Uniform(0.15, 0.6);
        if (e.swing_up) e.swing = rng_.Uniform(0, 0.6);
        double m = e.swing_up ? 1 + e.swing : 1 - e.swing;
        e.swing_up = !e.swing_up;
        e.phase += e.rate * e.cycle_s *
                   m;  // carries fractional messages to the next cycle
        e.burst_n = int64_t(std::floor(e.phase));
        e.phase -= double(e.burst_n);
        e.k = 0;
      };
      if (e.cycle_s == 0) {
        e.burst_begin = iv.begin;
        draw_cycle();
      }
      bool done = false;
      while (!done) {
        if (e.k < e.burst_n) {
          double off =
              (double(e.k) + rng_.Uniform()) / double(e.burst_n) * e.burst_s;
          ++e.k;
          util::Micros t = e.burst_begin + Us(off);
          if (t < iv.end) return std::max(t, after);
          done = true;
        } else {
          e.burst_begin += Us(e.cycle_s);
          if (e.burst_begin >= iv.end)
            done = true;
          else
            draw_cycle();
        }
      }
      e.cycle_s = 0;
      e.burst_n = 0;
    }
    ++e.interval;
    e.k = 0;
  }
  return kNever;
}

double Engine::LossAt(util::Micros t) const {
  auto it =
      std::upper_bound(attack_rate_steps_.begin(), attack_rate_steps_.end(),
                       std::make_pair(t, std::numeric_limits<double>::max()));
  double rate = it == attack_rate_steps_.begin() ? 0 : std::prev(it)->second;
  return std::min(server_.max_loss,
                  server_.base_loss + server_.loss_per_attack_rate * rate);
}

uint32_t Engine::EpisodeAt(util::Micros t) {
  while (episode_cursor_ + 2 < episode_starts_.size() &&
         episode_starts_[episode_cursor_ + 1] <= t)
    ++episode_cursor_;
  return uint32_t(episode_cursor_);
}

uint32_t Engine::SpoofedSource(const AttackerRuntime& a) {
  switch (a.spec.kind.spoofing) {
    case dataset::Spoofing::kRandom:
      // Any unicast IPv4 address: first octet 1-223 except loopback (127).
      while (true) {
        uint32_t x = uint32_t(rng_.Next() >> 32);
        uint32_t o = x >> 24;
        if (o >= 1 && o <= 223 && o != 127) return x;
      }
    case dataset::Spoofing::kSubnet: {
      // A host of the subnet other than the network, broadcast and server
      // addresses. One draw per address, so both networks consume the same
      // random numbers.
      const Subnet& s =
          a.spec.users_subnet ? net_.users_subnet : net_.attacker_subnet;
      bool has_server = s.Contains(net_.server);
      uint64_t hosts =
          (uint64_t(1) << (32 - s.length)) - 2 - (has_server ? 1 : 0);
      uint32_t x = s.prefix + 1 + uint32_t(rng_.Below(hosts));
      if (has_server && x >= net_.server) ++x;
      return x;
    }
    case dataset::Spoofing::kList:
      return net_.spoof_list[rng_.Below(net_.spoof_list.size())];
  }
  return 0;
}

void Engine::StartCall(const Pending& p, Invite* out) {
  User& u = users_[p.index];
  out->call_number = ++calls_[u.counter];
  out->key = Mix(plan_.seed, ++key_counter_);
  out->user = u.user;
  out->src = u.src;
  out->sport = u.sport;
  out->kind = u.kind;
  out->attempt = 0;
  out->hold_s = rng_.Uniform(legit_.hold_min_s, legit_.hold_max_s);
  // Which transmissions the server drops, decided now with the load at each
  // one's time.
  int lost = 0;
  while (lost <= server_.max_invite_retrans &&
         rng_.Uniform() < LossAt(p.t + Us(RetransOffsetS(lost))))
    ++lost;
  out->answered = lost == 0;
  if (lost > 0) {
    Pending r{};
    r.type = 2;
    r.index = p.index;
    r.attempt = 1;
    r.lost = uint8_t(lost);
    r.call_number = out->call_number;
    r.key = out->key;
    r.hold_s = out->hold_s;
    r.t = p.t + Us(RetransOffsetS(1));
    Push(r);
  }
}

bool Engine::Next(Invite* out) {
  while (true) {
    if (plan_.rows > 0 && rows_ >= plan_.rows) return false;
    if (heap_.empty()) return false;
    Pending p = heap_.top();
    heap_.pop();
    *out = Invite{};
    out->time = p.t;
    if (p.type == 0) {
      StartCall(p, out);
      Pending n = p;
      n.t = NextCall(users_[p.index], p.t);
      Push(n);
    } else if (p.type == 2) {
      const User& u = users_[p.index];
      out->user = u.user;
      out->src = u.src;
      out->sport = u.sport;
      out->kind = u.kind;
      out->call_number = p.call_number;
      out->key = p.key;
      out->hold_s = p.hold_s;
      out->attempt = p.attempt;
      out->answered = p.attempt == p.lost;
      if (p.attempt < p.lost && p.attempt < server_.max_invite_retrans) {
        Pending n = p;
        ++n.attempt;
        n.t = p.t + Us(RetransOffsetS(n.attempt) - RetransOffsetS(p.attempt));
        Push(n);
      }
    } else {
      Emitter& e = emitters_[p.index];
      AttackerRuntime& a = attackers_[e.attacker];
      out->malicious = true;
      out->attacker = int32_t(e.attacker);
      out->mrsip_style = a.spec.kind.tool == dataset::Tool::kMrSip;
      out->src = e.fixed_src ? e.fixed_src : SpoofedSource(a);
      out->sport = a.port;
      out->kind = a.kind;
      out->key = Mix(plan_.seed, ++key_counter_);
      out->answered = rng_.Uniform() >= LossAt(p.t);
      if (!out->mrsip_style) {
        out->call_number = ++mimic_calls_[e.attacker];
        // A spoofed phone's address gets that phone's name; others get a
        // plausible new one.
        auto it = std::find(net_.phones.begin(), net_.phones.end(), out->src);
        out->user = it != net_.phones.end()
                        ? uint32_t(it - net_.phones.begin()) + 1
                        : uint32_t(net_.phones.size()) + 1 + out->src % 997;
      }
      Pending n = p;
      n.t = NextEmission(e, p.t);
      Push(n);
    }
    out->episode = EpisodeAt(out->time);
    ++rows_;
    return true;
  }
}

}  // namespace sim
