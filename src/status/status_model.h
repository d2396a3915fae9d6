// What the live status page shows, kept in bounded memory: per-second INVITE counts and window
// scores for the last few minutes, the active alerts, recently ended attacks and top sources.
//
// One writer (the capture thread) and any number of readers (the HTTP thread). The writer
// accumulates the current capture second in private state without locking and publishes it,
// under a mutex held for a copy, when capture time passes into the next second; a reader copies
// the published state under the same mutex and renders JSON outside it. So the packet path
// takes the lock about once per capture second (and per alert event), never per packet.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "detect/alert.h"
#include "detect/detector.h"
#include "status/source_top.h"
#include "output/telemetry.h"
#include "util/time_format.h"

namespace status {

struct StatusOptions {
  static constexpr int kMaxServers = 8;    // servers charted at once (least recently seen evicted)
  int history_seconds = 300;               // points per chart
  int max_active_alerts = 32;              // active attacks listed (the rest counted)
  int recent_attacks = 20;                 // ended attacks kept, newest first
  int top_sources = 10;                    // sources listed
  util::Micros source_epoch = 60'000'000;  // top sources cover the last one to two epochs
  std::string sensor = "pcap";             // EVE "host": pcap, an interface, nfqueue:N
  std::string model;                       // "gru", ...
  float threshold = 0.5f;                  // the detector's threshold (drawn on the score chart)
};

class StatusModel {
 public:
  // `counters` and `telemetry` (either may be null) are read, relaxed, when JSON is rendered.
  explicit StatusModel(const StatusOptions& options, const detect::Counters* counters = nullptr,
                       const output::Telemetry* telemetry = nullptr);

  // Writer side (one thread). An INVITE to `server` from `src` at capture time t; window_score
  // is the score of the window it completed, < 0 when it completed none. Allocates nothing.
  void OnInvite(const detect::ServerKey& server, const util::IpAddress& src, util::Micros t,
                float window_score);
  // An alert event and the EVE line written for it (shown on the page as that object, so every
  // field it carries appears).
  void OnAlert(const detect::AlertEvent& a, const std::string& eve_line);
  // Capture time moved to `now` without an INVITE (live timeouts, replay pauses): publishes the
  // seconds before now's.
  void Advance(util::Micros now);
  // Publishes the current second too (end of the capture).
  void Flush();

  // Reader side (any thread): the document served as /status.json (docs/status-page.md).
  nlohmann::json Json() const;

 private:
  struct Cell {  // one server in one second
    uint32_t invites = 0, windows = 0;
    float max_score = 0, mean_score = 0;
  };
  struct Row {  // one capture second
    int64_t second = 0;
    uint32_t invites = 0;  // all servers, charted or not
    std::array<Cell, StatusOptions::kMaxServers> cells{};
  };
  struct Slot {  // a charted server
    bool used = false;
    detect::ServerKey key;
    int64_t since = 0;  // first second of this server in this slot: older cells are not its
    util::Micros last_seen = 0;
    bool attacked = false;  // an alert started on it and has not ended
  };
  struct Shared {           // what readers see
    std::vector<Row> rows;  // ring, history_seconds long
    size_t next = 0, filled = 0;
    std::array<Slot, StatusOptions::kMaxServers> slots{};
    std::vector<detect::SourceCount> top_sources;
    uint64_t distinct_sources = 0, invites = 0;
    util::Micros capture_time = 0;
    std::vector<std::pair<uint64_t, nlohmann::json>> active;  // attack id, latest EVE object
    uint64_t active_not_shown = 0;
    std::vector<nlohmann::json> ended;  // ring of end events, recent_attacks long
    size_t ended_next = 0;
    uint64_t attacks_ended = 0;
  };

  int SlotFor(const detect::ServerKey& server, util::Micros t);
  void StartSecond(int64_t second);
  void Publish(int64_t up_to_second);  // rows for [cur_, up_to_second), current becomes up_to

  StatusOptions options_;
  const detect::Counters* counters_;
  const output::Telemetry* telemetry_;

  // Writer-private.
  bool started_ = false;
  int64_t cur_ = 0;  // the capture second being accumulated
  Row row_;
  std::array<double, StatusOptions::kMaxServers> score_sum_{};
  std::array<Slot, StatusOptions::kMaxServers> slots_{};
  SourceTop epoch_sources_[2];
  int epoch_ = 0;
  util::Micros epoch_end_ = 0;
  uint64_t invites_ = 0;
  util::Micros last_time_ = 0;

  mutable std::mutex mu_;
  Shared shared_;  // guarded by mu_
};

}  // namespace status
