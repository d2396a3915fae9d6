// What sensors share through Redis, as JSON (docs/scale-out.md, "Key layout"):
//   ban decision  -> SET  <prefix>:ban:<addr> <json> EX <ttl>  and  PUBLISH <prefix>:bans <json>
//   attack start/end -> PUBLISH <prefix>:attacks <json>
// Only decisions and alert summaries cross machines, never packets.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "detect/alert.h"
#include "util/ip_address.h"
#include "util/status.h"
#include "util/time_format.h"

namespace cluster {

struct BanDecision {
  util::IpAddress addr;
  std::string reason = "attributed";  // why the sensor banned it
  std::string sensor;                 // who decided
  util::Micros decided_at = 0;        // unix microseconds (wall clock)
  util::Micros expires = 0;           // unix microseconds; the key's TTL ends then too
};

// {"type":"ban","addr":"198.51.100.7","reason":"attributed","sensor":"edge-1",
//  "decided_at":1700000000000000,"expires":1700000060000000}
std::string EncodeBan(const BanDecision& b);
// The error names the byte offset for malformed JSON, or the missing/bad field.
util::Result<BanDecision> DecodeBan(std::string_view json);

// {"type":"attack","phase":"start","attack_id":3,"sensor":"edge-1","server":"10.0.0.1",
//  "server_port":5060,"time":..., "started":..., "invites":..., "max_score":0.98,
//  "distinct_sources":...}
std::string EncodeAttack(const detect::AlertEvent& a, const std::string& sensor);

// Key and channel names under `prefix` (default "sipddos").
std::string BanKey(std::string_view prefix, const util::IpAddress& a);  // prefix:ban:ADDR
std::string BanKeyPattern(std::string_view prefix);                     // prefix:ban:*
std::string BanChannel(std::string_view prefix);                        // prefix:bans
std::string AttackChannel(std::string_view prefix);                     // prefix:attacks

}  // namespace cluster
