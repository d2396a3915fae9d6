#include "sim/manifest.h"

#include <nlohmann/json.hpp>

namespace sim {

std::string ManifestJson(const Preset& p, const SimulateOptions& o,
                         const std::vector<SplitSummary>& splits) {
  using nlohmann::json;
  json m;
  m["generator"] = "sipddos simulate";
  m["preset"] = p.name;
  m["seed"] = o.seed;
  m["legitimate_only"] = o.legitimate_only;
  json formats = json::array();
  if (o.csv) formats.push_back("csv");
  if (o.pcap) formats.push_back("pcap");
  m["formats"] = formats;
  m["window"] = {{"size", p.windows.window},
                 {"step", p.windows.step},
                 {"min_malicious", p.windows.min_malicious}};
  m["parameters"]["legitimate"] = {
      {"phones", p.legit.users},
      {"calls_per_s", p.legit.calls_per_s},
      {"heterogeneity", p.legit.heterogeneity},
      {"busy_factor", p.legit.busy_factor},
      {"quiet_factor", p.legit.quiet_factor},
      {"mean_busy_s", p.legit.mean_busy_s},
      {"mean_quiet_s", p.legit.mean_quiet_s},
      {"hold_min_s", p.legit.hold_min_s},
      {"hold_max_s", p.legit.hold_max_s},
      {"trunk_busy_factor", p.legit.trunk_busy_factor},
      {"trunk_quiet_factor", p.legit.trunk_quiet_factor},
      {"trunk_mean_period_s", p.legit.trunk_mean_period_s}};
  {
    nlohmann::json kinds = nlohmann::json::object();
    for (const KindShare& k : p.legit.phone_kinds)
      kinds[std::string(Name(k.kind))] = k.weight;
    m["parameters"]["legitimate"]["phone_kinds"] = kinds;
  }
  m["parameters"]["server"] = {
      {"base_loss", p.server.base_loss},
      {"loss_per_attack_rate", p.server.loss_per_attack_rate},
      {"max_loss", p.server.max_loss},
      {"max_invite_retrans", p.server.max_invite_retrans},
      {"max_ok_retrans", p.server.max_ok_retrans}};
  m["parameters"]["attack"] = {
      {"per_source_threshold", p.attack.per_source_threshold},
      {"stealthy_margin", p.attack.stealthy_margin},
      {"rows_per_episode", p.attack_rows_per_episode}};
  for (int id : {1, 2}) {
    Network n = MakeNetwork(id, p.legit.users);
    m["parameters"]["networks"][std::to_string(id)] = {
        {"server", Ipv4ToString(n.server)},
        {"users_subnet", n.users_subnet.ToString()},
        {"attacker_subnet", n.attacker_subnet.ToString()},
        {"first_phone", Ipv4ToString(n.phones.front())},
        {"last_phone", Ipv4ToString(n.phones.back())},
        {"first_trunk", Ipv4ToString(n.trunks.front())},
        {"last_trunk", Ipv4ToString(n.trunks.back())},
        {"spoof_list_size", n.spoof_list.size()}};
  }
  for (const SplitSummary& s : splits) {
    json j;
    j["network"] = s.network;
    if (o.csv) j["csv"] = s.name + ".csv";
    if (o.pcap) {
      j["pcap"] = s.name + ".pcap";
      j["packets"] = s.packets;
    }
    j["rows"] = s.rows;
    j["legitimate_rows"] = s.legitimate_rows;
    j["malicious_rows"] = s.malicious_rows;
    j["retransmissions"] = s.retransmissions;
    j["first_time"] = util::FormatSeconds(s.first_time);
    j["last_time"] = util::FormatSeconds(s.last_time);
    j["episodes"] = s.episodes;
    j["attackers"] = s.attackers;
    j["episodes_by_scenario"] = s.episodes_by_scenario;
    j["rows_by_scenario"] = s.rows_by_scenario;
    j["rows_by_attack"] = s.rows_by_attack;
    j["rows_by_tool"] = s.rows_by_tool;
    j["rows_by_behaviour"] = s.rows_by_behaviour;
    j["rows_by_spoofing"] = s.rows_by_spoofing;
    j["rows_by_intensity"] = s.rows_by_intensity;
    j["legitimate_rows_by_kind"] = s.legitimate_rows_by_kind;
    j["mimic_rows_by_kind"] = s.mimic_rows_by_kind;
    json w = {{"legitimate", s.windows.legitimate},
              {"malicious", s.windows.malicious},
              {"total", s.windows.total()},
              {"malicious_share", s.windows.malicious_share()}};
    for (const SplitTarget& t : p.splits)
      if (t.name == s.name) w["target_malicious_share"] = t.malicious_share;
    json pats = json::array();
    for (size_t i = 0; i < s.windows.mixed_patterns.size() && i < 10; ++i)
      pats.push_back(
          {{"pattern", dataset::PatternString(s.windows.mixed_patterns[i].first,
                                              p.windows.window)},
           {"count", s.windows.mixed_patterns[i].second}});
    w["top_mixed_patterns"] = pats;
    j["windows"] = w;
    m["splits"][s.name] = j;
  }
  return m.dump(2) + "\n";
}

}  // namespace sim
