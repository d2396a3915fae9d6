// What the detector reports about an attack on one protected SIP server: its start, periodic
// updates while it lasts, and its end. Output stages turn these into EVE JSON lines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/ip_address.h"
#include "util/time_format.h"

namespace detect {

// A protected SIP server: the destination of the requests it receives.
struct ServerKey {
  util::IpAddress addr;
  uint16_t port = 0;
  friend bool operator==(const ServerKey&, const ServerKey&) = default;
};

enum class AlertPhase { kStart, kUpdate, kEnd };
const char* PhaseName(AlertPhase p);  // "start", "update", "end"

struct SourceCount {
  util::IpAddress addr;
  uint64_t invites = 0;
};

struct UserAgentCount {
  std::string user_agent;  // "" when the INVITEs had no User-Agent header
  uint64_t invites = 0;
};

struct AlertEvent {
  AlertPhase phase = AlertPhase::kStart;
  uint64_t attack_id = 0;          // unique per detector run, shared by start/updates/end
  ServerKey server;
  util::Micros time = 0;           // when this event happened (capture time)
  util::Micros started = 0;        // time of the first malicious window's last INVITE
  util::Micros last_malicious = 0;  // time of the latest malicious window
  float score = 0;                 // score of the window that triggered this event
  float max_score = 0;             // highest window score of the attack so far
  uint64_t invites = 0;            // INVITEs to the server since the attack started
  uint64_t invites_from_known = 0;  // ... from sources that completed a dialog before (full features)
  uint64_t malicious_windows = 0, windows = 0;  // windows scored since the attack started
  double invite_rate = 0;          // INVITE/s over the last second (EWMA)
  double baseline_rate = 0;        // INVITE/s before the attack (EWMA, 60 s)
  std::vector<SourceCount> top_sources;  // heaviest sources among the attack's INVITEs from
                                         // sources without a completed dialog
  uint64_t distinct_sources = 0;   // estimate of distinct source addresses in the attack
  std::string model;               // "gru", "lstm", "rnn"
  // Evidence (docs/alerts.md), counted from the INVITEs of the attack's first malicious window on.
  double peak_invite_rate = 0;     // highest invite_rate seen during the attack
  // Shares estimated over a uniform sample of the attack's distinct sources (exact up to 1024
  // sources); -1 when the detector keeps no per-source state (paper features, no source_state).
  double new_source_share = -1;     // share of INVITEs sent by sources first seen in the attack
  double never_completed_share = -1;  // share of sources that never completed a dialog
  uint64_t sampled_sources = 0;     // sources the shares were computed over
  std::vector<UserAgentCount> top_user_agents;  // commonest User-Agents of the attack's INVITEs
  uint64_t user_agent_invites = 0;  // INVITEs counted for top_user_agents
  float threshold = 0;              // the detector's decision threshold
  std::string threshold_source;     // where it came from ("model default", "--threshold", ...)
  std::string reason;               // one line for humans (AlertReason in detect/alert_reason.h)
};

}  // namespace detect
