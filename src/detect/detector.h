// The streaming detector: SIP events -> per-server feature encoder -> sliding windows
// (size and step from the model) -> RNN score -> attack start / update / end events.
//
// Each protected server (the destination of INVITEs) has its own encoder and window stream, so
// one busy server cannot dilute another's windows. The number of servers is bounded
// (least recently active evicted), and so is each encoder's state (features::Encoder).
#pragma once

#include <atomic>
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "detect/alert.h"
#include "detect/attack_evidence.h"
#include "detect/heavy_hitters.h"
#include "features/encoder.h"
#include "features/sip_event.h"
#include "nn/model.h"
#include "util/status.h"

namespace detect {

struct DetectorOptions {
  float threshold = -1;                    // < 0: the model's own threshold
  std::string threshold_source = "--threshold";  // what set `threshold` when >= 0 (alerts say)
  util::Micros quiet_period = 3'000'000;   // an attack ends after this long without a malicious window
  util::Micros update_interval = 10'000'000;  // an update event this often while an attack lasts
  int max_servers = 16;                    // protected servers tracked at once
  int source_capacity = 65536;             // per server, see features::Encoder::Options
  int top_sources = 5;                     // sources listed in each alert
  int top_user_agents = 3;                 // User-Agents listed in each alert
  // Called with every window score (calibrate collects them); null in detection.
  std::function<void(float)> on_score;
  // Track per-source state (completed dialogs) even when the model reads the paper feature set,
  // whose vector is a prefix of the full one; inline mitigation reads it (last_message()).
  bool source_state = false;
};

// What the detector knew about the message it consumed last; inline mitigation asks this right
// after Consume to give the message its verdict.
struct MessageContext {
  bool invite = false;         // the message was an INVITE (encoded)
  bool attack_active = false;  // its server is under attack (after this message was scored)
  ServerKey server;
  // INVITEs only, when per-source state is tracked (full features or source_state):
  bool source_state = false;   // the fields below are meaningful
  bool source_known = false;   // the source completed a dialog before (ACK/BYE of its INVITE)
  bool source_seen = false;    // the source sent an INVITE before this one
  float window_score = -1;     // score of the window this INVITE completed; < 0: none
};

// Counters read by the metrics endpoint from another thread (relaxed atomics, one writer: it
// adds with a relaxed load and store, no locked instruction).
struct Counters {
  // Inference time histogram: 1,2,5,10,20,50,100,+inf us. Only one window in
  // kLatencySampleEvery is timed (the first, then every Nth): reading the clock twice for each
  // window cost about 1% of the detection path. Its count is the number of windows timed.
  static constexpr int kLatencySampleEvery = 16;
  static constexpr int kLatencyBuckets = 8;
  static constexpr double kLatencyBoundsUs[kLatencyBuckets - 1] = {1, 2, 5, 10, 20, 50, 100};
  std::atomic<uint64_t> events{0}, invites{0}, windows_benign{0}, windows_malicious{0};
  std::atomic<uint64_t> alerts{0}, attacks_ended{0}, servers_evicted{0};
  std::atomic<uint64_t> active_attacks{0}, servers{0};
  std::array<std::atomic<uint64_t>, kLatencyBuckets> latency_buckets{};
  std::atomic<uint64_t> latency_sum_ns{0};
};

class Detector {
 public:
  using AlertSink = std::function<void(const AlertEvent&)>;

  // Errors when the model's feature schema or set does not match this build's encoder.
  static util::Result<std::unique_ptr<Detector>> Create(const nn::ModelFile& file,
                                                        const DetectorOptions& options,
                                                        AlertSink sink);
  ~Detector();

  // Feeds one SIP message (any method or response). INVITEs are scored; others update state.
  void Consume(const features::SipEvent& e);
  // Advances the clock without traffic (live capture): ends quiet attacks, emits updates.
  void Tick(util::Micros now);
  // Ends every active attack (end of a capture file).
  void Finish(util::Micros now);

  // The message given to the latest Consume call, as the detector saw it.
  const MessageContext& last_message() const { return last_; }
  // True while an attack on `server` is active.
  bool AttackActive(const ServerKey& server) const;

  float threshold() const { return threshold_; }
  // Where threshold() came from: options.threshold_source, "model default", or the model's
  // calibration ("calibrated on a.pcap (N windows, FP 0.0000)").
  const std::string& threshold_source() const { return threshold_source_; }
  const nn::Model& model() const { return *model_; }
  const Counters& counters() const { return counters_; }

 private:
  struct Server;
  Detector(std::unique_ptr<nn::Model> model, const DetectorOptions& options, AlertSink sink,
           features::FeatureSet set, std::string model_threshold_source);
  Server* FindServer(const ServerKey& key);
  Server* ServerFor(const ServerKey& key, util::Micros now);
  void Score(Server& s, const features::SipEvent& e, float score);
  void Emit(Server& s, AlertPhase phase, util::Micros now, float score);
  void CheckTimers(util::Micros now);

  std::unique_ptr<nn::Model> model_;
  DetectorOptions options_;
  AlertSink sink_;
  features::FeatureSet set_;          // the model's features
  features::FeatureSet encoder_set_;  // what the encoders compute (full with source_state)
  float threshold_;
  std::string threshold_source_;
  nn::Workspace ws_;
  std::vector<std::unique_ptr<Server>> servers_;
  std::vector<float> features_;
  util::Micros next_timer_check_ = 0;
  uint64_t next_attack_id_ = 1;
  Counters counters_;
  MessageContext last_;
  uint32_t windows_until_timed_ = 0;  // scored windows until the next timed one
};

}  // namespace detect
