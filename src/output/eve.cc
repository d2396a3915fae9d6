#include "output/eve.h"

#include <nlohmann/json.hpp>

namespace output {

using nlohmann::json;

std::string AlertToEve(const detect::AlertEvent& a, const std::string& sensor) {
  int sid = a.phase == detect::AlertPhase::kStart    ? kSidAttackStart
            : a.phase == detect::AlertPhase::kUpdate ? kSidAttackOngoing
                                                     : kSidAttackEnd;
  const char* what = a.phase == detect::AlertPhase::kStart    ? "started"
                     : a.phase == detect::AlertPhase::kUpdate ? "ongoing"
                                                              : "ended";
  json top = json::array();
  for (const auto& s : a.top_sources) top.push_back({{"ip", s.addr.ToString()}, {"invites", s.invites}});
  json j;
  j["timestamp"] = util::FormatIso8601(a.time);
  j["flow_id"] = a.attack_id;
  j["event_type"] = "alert";
  if (!a.top_sources.empty()) j["src_ip"] = a.top_sources.front().addr.ToString();
  j["dest_ip"] = a.server.addr.ToString();
  j["dest_port"] = a.server.port;
  j["proto"] = "UDP";
  j["app_proto"] = "sip";
  j["host"] = sensor;
  j["alert"] = {{"action", "allowed"},
                {"gid", 1},
                {"signature_id", sid},
                {"rev", 1},
                {"signature", std::string("SIPDDOS SIP INVITE flood ") + what},
                {"category", "Attempted Denial of Service"},
                {"severity", a.phase == detect::AlertPhase::kEnd ? 3 : 1},
                // Suricata's rule metadata layout (each key an array of strings).
                {"metadata", {{"reason", {a.reason}}}}};
  json agents = json::array();
  for (const auto& u : a.top_user_agents)
    agents.push_back({{"user_agent", u.user_agent}, {"invites", u.invites}});
  j["sipddos"] = {{"phase", detect::PhaseName(a.phase)},
                  {"attack_id", a.attack_id},
                  {"model", a.model},
                  {"score", a.score},
                  {"max_score", a.max_score},
                  {"started", util::FormatIso8601(a.started)},
                  {"last_malicious", util::FormatIso8601(a.last_malicious)},
                  {"duration_s", double(a.last_malicious - a.started) / 1e6},
                  {"invites", a.invites},
                  {"invites_from_known_sources", a.invites_from_known},
                  {"windows", a.windows},
                  {"malicious_windows", a.malicious_windows},
                  {"invite_rate", a.invite_rate},
                  {"baseline_rate", a.baseline_rate},
                  {"distinct_sources", a.distinct_sources},
                  {"top_sources", top},
                  {"reason", a.reason},
                  {"peak_invite_rate", a.peak_invite_rate},
                  {"top_user_agents", agents},
                  {"user_agent_invites", a.user_agent_invites},
                  {"threshold", a.threshold},
                  {"threshold_source", a.threshold_source}};
  // Absent, rather than -1, when the detector kept no per-source state.
  if (a.new_source_share >= 0) j["sipddos"]["new_source_invite_share"] = a.new_source_share;
  if (a.never_completed_share >= 0)
    j["sipddos"]["never_completed_source_share"] = a.never_completed_share;
  if (a.new_source_share >= 0 || a.never_completed_share >= 0)
    j["sipddos"]["sampled_sources"] = a.sampled_sources;
  // Header values are attacker bytes, not always UTF-8: replace, never throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string StatsToEve(util::Micros now, const Telemetry& t, const detect::Counters& c,
                       const std::string& sensor, const detect::Detector* detector) {
  auto get = [](const auto& a) { return a.load(std::memory_order_relaxed); };
  json sip;
  for (int k = 0; k < int(SipKind::kCount); ++k) sip[std::string(kSipKindNames[k])] = get(t.sip[k]);
  json j;
  j["timestamp"] = util::FormatIso8601(now);
  j["event_type"] = "stats";
  j["host"] = sensor;
  j["stats"] = {
      {"uptime", (now - get(t.started_unix_us)) / 1000000},
      {"capture", {{"kernel_packets", get(t.packets)}, {"kernel_drops", get(t.packets_dropped)}}},
      {"decoder", {{"pkts", get(t.packets)}, {"skipped", get(t.packets_skipped)}}},
      {"sipddos",
       {{"sip", sip},
        {"not_sip", get(t.not_sip)},
        {"invites_scored", get(c.invites)},
        {"windows_benign", get(c.windows_benign)},
        {"windows_malicious", get(c.windows_malicious)},
        {"alerts", get(c.alerts)},
        {"active_attacks", get(c.active_attacks)},
        {"servers", get(c.servers)}}}};
  if (detector) {
    j["stats"]["sipddos"]["threshold"] = detector->threshold();
    j["stats"]["sipddos"]["threshold_source"] = detector->threshold_source();
  }
  // Header values are attacker bytes, not always UTF-8: replace, never throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace output
