#include "detect/detector.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "detect/alert_reason.h"
#include "detect/calibration.h"
#include "features/feature_schema.h"

namespace detect {

const char* PhaseName(AlertPhase p) {
  switch (p) {
    case AlertPhase::kStart: return "start";
    case AlertPhase::kUpdate: return "update";
    case AlertPhase::kEnd: return "end";
  }
  return "?";
}

namespace {

// Exponentially weighted INVITE rate (per second) with time constant tau.
struct Ewma {
  double value = 0;
  util::Micros last = 0;
  double At(util::Micros now, double tau_s) const {
    if (last == 0 || now <= last) return value;
    return value * std::exp(-double(now - last) / 1e6 / tau_s);
  }
  void Add(util::Micros now, double tau_s) {
    value = At(now, tau_s) + 1.0 / tau_s;
    last = std::max(last, now);
  }
};

constexpr double kRateTauS = 1.0, kBaselineTauS = 60.0;
constexpr util::Micros kTimerPeriod = 100'000;  // how often capture time re-checks timers

// counter += n for a counter with one writer: no locked read-modify-write on the hot path.
inline void Bump(std::atomic<uint64_t>& counter, uint64_t n = 1) {
  counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

}  // namespace

struct Detector::Server {
  Server(const nn::Model& model, const features::Encoder::Options& eo)
      : encoder(eo),
        stream(model),
        recent(std::max(1, model.meta().window)),
        evidence(model.meta().window) {}
  ServerKey key;
  features::Encoder encoder;
  nn::WindowStream stream;
  util::Micros last_seen = 0;
  Ewma rate, baseline;
  // The current attack, when active.
  bool active = false;
  AlertEvent attack;
  util::Micros next_update = 0;
  HeavyHitters sources;
  // The last `window` INVITEs' sources that are not known callers (a ring), so an attack's start
  // names the flood's sources in its first malicious window, not the caller whose INVITE ended it.
  struct Recent {
    util::IpAddress src;
    bool unknown = false;
  };
  std::vector<Recent> recent;
  size_t recent_next = 0;
  AttackEvidence evidence;
};

util::Result<std::unique_ptr<Detector>> Detector::Create(const nn::ModelFile& file,
                                                         const DetectorOptions& options,
                                                         AlertSink sink) {
  auto set = features::ParseFeatureSet(file.meta.feature_set);
  if (!set.ok()) return set.status();
  if (file.meta.feature_schema != features::kSchemaVersion)
    return util::Status::Error("model was trained on feature schema " +
                               std::to_string(file.meta.feature_schema) +
                               " but this sipddos encodes schema " +
                               std::to_string(features::kSchemaVersion) + ": retrain it");
  if (file.meta.input_size != features::FeatureCount(*set))
    return util::Status::Error("model input size " + std::to_string(file.meta.input_size) +
                               " differs from the " + file.meta.feature_set + " feature count " +
                               std::to_string(features::FeatureCount(*set)));
  auto model = nn::Model::Create(file);
  if (!model.ok()) return model.status();
  if (options.max_servers < 1) return util::Status::Error("max_servers must be at least 1");
  return std::unique_ptr<Detector>(new Detector(
      std::make_unique<nn::Model>(std::move(*model)), options, std::move(sink), *set,
      ModelThresholdSource(file.meta)));
}

Detector::Detector(std::unique_ptr<nn::Model> model, const DetectorOptions& options,
                   AlertSink sink, features::FeatureSet set,
                   std::string model_threshold_source)
    : model_(std::move(model)),
      options_(options),
      sink_(std::move(sink)),
      set_(set),
      encoder_set_(options.source_state ? features::FeatureSet::kFull : set),
      threshold_(options.threshold >= 0 ? options.threshold : model_->meta().threshold),
      threshold_source_(options.threshold >= 0 ? options.threshold_source
                                               : std::move(model_threshold_source)),
      ws_(model_->NewWorkspace(1)),
      features_(features::kMaxFeatures) {}

Detector::~Detector() = default;

Detector::Server* Detector::FindServer(const ServerKey& key) {
  for (auto& s : servers_)
    if (s->key == key) return s.get();
  return nullptr;
}

bool Detector::AttackActive(const ServerKey& server) const {
  for (auto& s : servers_)
    if (s->key == server) return s->active;
  return false;
}

Detector::Server* Detector::ServerFor(const ServerKey& key, util::Micros now) {
  if (Server* s = FindServer(key)) return s;
  if (int(servers_.size()) >= options_.max_servers) {
    // Evict the least recently active server that is not under attack, else the oldest.
    auto victim = std::min_element(servers_.begin(), servers_.end(), [](auto& a, auto& b) {
      return std::tie(a->active, a->last_seen) < std::tie(b->active, b->last_seen);
    });
    if ((*victim)->active) Emit(**victim, AlertPhase::kEnd, now, 0);
    servers_.erase(victim);
    counters_.servers_evicted.fetch_add(1, std::memory_order_relaxed);
  }
  features::Encoder::Options eo;
  eo.set = encoder_set_;
  eo.source_capacity = options_.source_capacity;
  eo.dialog_capacity = options_.source_capacity;
  servers_.push_back(std::make_unique<Server>(*model_, eo));
  servers_.back()->key = key;
  counters_.servers.store(servers_.size(), std::memory_order_relaxed);
  return servers_.back().get();
}

void Detector::Consume(const features::SipEvent& e) {
  Bump(counters_.events);
  // Requests belong to the server they are sent to; responses to the server that sends them.
  bool request = e.kind != features::EventKind::kResponse;
  ServerKey key{request ? e.dst : e.src, request ? e.dport : e.sport};
  Server* s = e.kind == features::EventKind::kInvite ? ServerFor(key, e.time) : FindServer(key);
  last_ = MessageContext{};
  last_.server = key;
  if (s) {
    s->last_seen = std::max(s->last_seen, e.time);
    // During an attack, an ACK/BYE that completes a dialog clears its source in the evidence.
    const bool completing = s->active && (e.kind == features::EventKind::kAck ||
                                          e.kind == features::EventKind::kBye);
    const uint64_t completed_before = completing ? s->encoder.stats().completed : 0;
    if (s->encoder.Consume(e, features_.data())) {
      last_.invite = true;
      if (encoder_set_ == features::FeatureSet::kFull) {
        last_.source_state = true;
        last_.source_known = features_[features::kSourceCompleted] > 0.5f;
        last_.source_seen = features_[features::kSourceSeen] > 0.5f;
      }
      Bump(counters_.invites);
      const bool known = last_.source_state && last_.source_known;
      s->recent[s->recent_next] = Server::Recent{e.src, !known};
      s->recent_next = (s->recent_next + 1) % s->recent.size();
      s->rate.Add(e.time, kRateTauS);
      if (!s->active) s->baseline.Add(e.time, kBaselineTauS);
      s->evidence.OnInvite(e, {last_.source_state, !last_.source_seen, last_.source_known},
                           s->active, s->rate.value);
      if (s->active) {
        ++s->attack.invites;
        // Sources with a completed dialog are the server's known callers, not the flood's.
        if (last_.source_known) {
          ++s->attack.invites_from_known;
        } else {
          s->sources.Add(e.src);
        }
      }
      // Whether this INVITE completes a window is the stream's business: time a Push only when
      // the next window is one to time (a Push that completes no window is timed for nothing).
      const bool timed = windows_until_timed_ == 0;
      std::chrono::steady_clock::time_point t0;
      if (timed) t0 = std::chrono::steady_clock::now();
      float score = 0;
      bool scored = s->stream.Push(features_.data(), ws_, &score);
      if (scored) {
        if (timed) {
          auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::steady_clock::now() - t0)
                        .count();
          Bump(counters_.latency_sum_ns, uint64_t(ns));
          int b = 0;
          while (b < Counters::kLatencyBuckets - 1 && ns / 1000.0 > Counters::kLatencyBoundsUs[b])
            ++b;
          Bump(counters_.latency_buckets[b]);
          windows_until_timed_ = Counters::kLatencySampleEvery;
        }
        --windows_until_timed_;
        last_.window_score = score;
        Score(*s, e, score);
      }
    } else if (completing && s->encoder.stats().completed > completed_before) {
      s->evidence.OnCompleted(e.src);
    }
  }
  CheckTimers(e.time);
  if (s) last_.attack_active = s->active;
}

void Detector::Score(Server& s, const features::SipEvent& e, float score) {
  bool malicious = score >= threshold_;
  if (options_.on_score) options_.on_score(score);
  Bump(malicious ? counters_.windows_malicious : counters_.windows_benign);
  if (s.active) {
    ++s.attack.windows;
    s.attack.max_score = std::max(s.attack.max_score, score);
    if (malicious) {
      ++s.attack.malicious_windows;
      s.attack.last_malicious = e.time;
    }
    return;
  }
  if (!malicious) return;
  s.active = true;
  s.sources.Clear();
  for (const Server::Recent& r : s.recent)
    if (r.unknown) s.sources.Add(r.src);
  s.attack = AlertEvent{};
  s.attack.attack_id = next_attack_id_++;
  s.attack.server = s.key;
  s.attack.started = s.attack.last_malicious = e.time;
  s.attack.max_score = score;
  s.attack.invites = 1;
  s.attack.windows = s.attack.malicious_windows = 1;
  s.attack.model = nn::CellKindName(model_->meta().model);
  s.next_update = e.time + options_.update_interval;
  s.evidence.Start(e.time, s.rate.value);
  counters_.alerts.fetch_add(1, std::memory_order_relaxed);
  counters_.active_attacks.fetch_add(1, std::memory_order_relaxed);
  Emit(s, AlertPhase::kStart, e.time, score);
}

void Detector::Emit(Server& s, AlertPhase phase, util::Micros now, float score) {
  AlertEvent ev = s.attack;
  ev.phase = phase;
  ev.time = now;
  ev.score = score;
  ev.invite_rate = s.rate.At(now, kRateTauS);
  ev.baseline_rate = s.baseline.At(now, kBaselineTauS);
  ev.top_sources = s.sources.Top(options_.top_sources);
  ev.distinct_sources = s.sources.new_addresses();
  s.evidence.Fill(&ev, options_.top_user_agents);
  ev.threshold = threshold_;
  ev.threshold_source = threshold_source_;
  ev.reason = AlertReason(ev);
  if (phase == AlertPhase::kEnd) {
    s.active = false;
    counters_.attacks_ended.fetch_add(1, std::memory_order_relaxed);
    counters_.active_attacks.fetch_sub(1, std::memory_order_relaxed);
  }
  if (sink_) sink_(ev);
}

void Detector::CheckTimers(util::Micros now) {
  if (now < next_timer_check_) return;
  next_timer_check_ = now + kTimerPeriod;
  for (auto& s : servers_) {
    if (!s->active) continue;
    if (now - s->attack.last_malicious >= options_.quiet_period) {
      Emit(*s, AlertPhase::kEnd, now, 0);
    } else if (now >= s->next_update) {
      s->next_update = now + options_.update_interval;
      Emit(*s, AlertPhase::kUpdate, now, s->attack.max_score);
    }
  }
}

void Detector::Tick(util::Micros now) { CheckTimers(now); }

void Detector::Finish(util::Micros now) {
  for (auto& s : servers_)
    if (s->active) Emit(*s, AlertPhase::kEnd, now, 0);
}

}  // namespace detect
