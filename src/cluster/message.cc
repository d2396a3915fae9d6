#include "cluster/message.h"

#include <nlohmann/json.hpp>

namespace cluster {

std::string EncodeBan(const BanDecision& b) {
  nlohmann::json j = {{"type", "ban"},      {"addr", b.addr.ToString()},  {"reason", b.reason},
                      {"sensor", b.sensor}, {"decided_at", b.decided_at}, {"expires", b.expires}};
  return j.dump();
}

util::Result<BanDecision> DecodeBan(std::string_view text) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    return util::Status::Error("ban message: malformed JSON at byte " + std::to_string(e.byte));
  }
  if (!j.is_object()) return util::Status::Error("ban message: not a JSON object");
  auto str = [&](const char* k, std::string* out) {
    auto it = j.find(k);
    if (it == j.end() || !it->is_string()) return false;
    *out = it->get<std::string>();
    return true;
  };
  auto num = [&](const char* k, util::Micros* out) {
    auto it = j.find(k);
    if (it == j.end() || !it->is_number_integer()) return false;
    *out = it->get<util::Micros>();
    return true;
  };
  BanDecision b;
  std::string type, addr;
  if (!str("type", &type) || type != "ban")
    return util::Status::Error("ban message: type is not \"ban\"");
  if (!str("addr", &addr)) return util::Status::Error("ban message: no \"addr\" string");
  auto a = util::IpAddress::Parse(addr);
  if (!a) return util::Status::Error("ban message: \"addr\" is not an address: " + addr);
  b.addr = *a;
  if (!str("sensor", &b.sensor) || b.sensor.empty())
    return util::Status::Error("ban message: no \"sensor\" string");
  if (!num("expires", &b.expires))
    return util::Status::Error("ban message: no integer \"expires\"");
  if (!num("decided_at", &b.decided_at))
    return util::Status::Error("ban message: no integer \"decided_at\"");
  str("reason", &b.reason);
  return b;
}

std::string EncodeAttack(const detect::AlertEvent& a, const std::string& sensor) {
  nlohmann::json j = {{"type", "attack"},
                      {"phase", detect::PhaseName(a.phase)},
                      {"attack_id", a.attack_id},
                      {"sensor", sensor},
                      {"server", a.server.addr.ToString()},
                      {"server_port", a.server.port},
                      {"time", a.time},
                      {"started", a.started},
                      {"invites", a.invites},
                      {"max_score", a.max_score},
                      {"distinct_sources", a.distinct_sources}};
  return j.dump();
}

std::string BanKey(std::string_view prefix, const util::IpAddress& a) {
  return std::string(prefix) + ":ban:" + a.ToString();
}
std::string BanKeyPattern(std::string_view prefix) { return std::string(prefix) + ":ban:*"; }
std::string BanChannel(std::string_view prefix) { return std::string(prefix) + ":bans"; }
std::string AttackChannel(std::string_view prefix) { return std::string(prefix) + ":attacks"; }

}  // namespace cluster
