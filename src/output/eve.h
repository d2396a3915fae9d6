// EVE JSON (Suricata's event format): one object per line. Alerts carry Suricata's fields
// (timestamp, event_type, src_ip, dest_ip, dest_port, proto, alert{...}) so Elastic's Suricata
// integration ingests them unchanged, plus a "sipddos" object with the attack's details.
#pragma once

#include <string>

#include "detect/alert.h"
#include "detect/detector.h"
#include "output/telemetry.h"

namespace output {

// Signature ids of the three alert phases (docs/alerts.md).
inline constexpr int kSidAttackStart = 9100001;
inline constexpr int kSidAttackOngoing = 9100002;
inline constexpr int kSidAttackEnd = 9100003;

// One EVE "alert" line (no trailing newline).
std::string AlertToEve(const detect::AlertEvent& a, const std::string& sensor);
// One EVE "stats" line with the capture, SIP and detector counters (and, given the detector,
// its threshold and where that came from).
std::string StatsToEve(util::Micros now, const Telemetry& t, const detect::Counters& c,
                       const std::string& sensor, const detect::Detector* detector = nullptr);

}  // namespace output
