#include "cluster/message.h"

#include <charconv>
#include <nlohmann/json.hpp>

namespace cluster {

std::string EncodeBan(const BanDecision& b) {
  nlohmann::json j = {{"type", "ban"},      {"addr", b.addr.ToString()},  {"reason", b.reason},
                      {"sensor", b.sensor}, {"decided_at", b.decided_at}, {"expires", b.expires}};
  // Header values are attacker bytes, not always UTF-8: replace, never throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {

// The subscriber decodes every ban of every sensor: the canonical encoding (a flat object of
// strings without escapes and integers, in any order) is read here without building a JSON
// tree, 10x faster than nlohmann. Anything else returns false and goes to nlohmann.
struct FastFields {
  std::string_view type, addr, reason, sensor;
  bool has_decided_at = false, has_expires = false;
  util::Micros decided_at = 0, expires = 0;
};

bool FastScan(std::string_view s, FastFields* f) {
  size_t i = 0;
  auto ws = [&] {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
  };
  auto str = [&](std::string_view* out) {
    if (i >= s.size() || s[i] != '"') return false;
    size_t end = ++i;
    while (end < s.size() && s[end] != '"') {
      if (s[end] == '\\' || uint8_t(s[end]) < 0x20) return false;  // escapes: slow path
      ++end;
    }
    if (end >= s.size()) return false;
    *out = s.substr(i, end - i);
    i = end + 1;
    return true;
  };
  ws();
  if (i >= s.size() || s[i++] != '{') return false;
  ws();
  if (i < s.size() && s[i] == '}') return false;  // empty: let the slow path name what is missing
  for (;;) {
    ws();
    std::string_view key;
    if (!str(&key)) return false;
    ws();
    if (i >= s.size() || s[i++] != ':') return false;
    ws();
    if (i < s.size() && s[i] == '"') {
      std::string_view v;
      if (!str(&v)) return false;
      if (key == "type")
        f->type = v;
      else if (key == "addr")
        f->addr = v;
      else if (key == "reason")
        f->reason = v;
      else if (key == "sensor")
        f->sensor = v;
      else if (key == "decided_at" || key == "expires")
        return false;
    } else {
      int64_t v = 0;
      auto [p, ec] = std::from_chars(s.data() + i, s.data() + s.size(), v);
      if (ec != std::errc() || p == s.data() + i) return false;
      if (p < s.data() + s.size() && (*p == '.' || *p == 'e' || *p == 'E')) return false;
      i = size_t(p - s.data());
      if (key == "decided_at")
        f->has_decided_at = true, f->decided_at = v;
      else if (key == "expires")
        f->has_expires = true, f->expires = v;
      else if (key == "type" || key == "addr" || key == "reason" || key == "sensor")
        return false;
    }
    ws();
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (i < s.size() && s[i] == '}') {
      ++i;
      ws();
      return i == s.size();
    }
    return false;
  }
}

}  // namespace

util::Result<BanDecision> DecodeBan(std::string_view text) {
  FastFields f;
  if (FastScan(text, &f) && f.type == "ban" && f.has_decided_at && f.has_expires &&
      !f.sensor.empty()) {
    auto a = util::IpAddress::Parse(f.addr);
    if (a) {
      BanDecision b;
      b.addr = *a;
      if (f.reason.data()) b.reason = std::string(f.reason);  // present, even if empty
      b.sensor = std::string(f.sensor);
      b.decided_at = f.decided_at;
      b.expires = f.expires;
      return b;
    }
  }
  // Not the canonical form, or invalid: the full parser, which also names the error.
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
  // Header values are attacker bytes, not always UTF-8: replace, never throw.
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string BanKey(std::string_view prefix, const util::IpAddress& a) {
  return std::string(prefix) + ":ban:" + a.ToString();
}
std::string BanKeyPattern(std::string_view prefix) { return std::string(prefix) + ":ban:*"; }
std::string BanChannel(std::string_view prefix) { return std::string(prefix) + ":bans"; }
std::string AttackChannel(std::string_view prefix) { return std::string(prefix) + ":attacks"; }

}  // namespace cluster
