// The kinds of legitimate SIP callers the simulator models, each with the
// message layout of a real implementation (docs/traffic-model.md), so that a
// model cannot learn one tool's formatting: the mimic attacker copies any of
// them, and every kind of formatting habit (LF-only lines, compact header
// names, odd spacing) appears on both sides.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace sim {

enum class CallerKind : uint8_t {
  // Phones: one address, a few calls each.
  kSippPaper,  // the paper's modified SIPp UAC (Fig. 3): the default
  kLinphone,   // softphone (belle-sip)
  kZoiper,     // softphone (its INVITE is the template Mr.SIP copied)
  kMicroSip,   // softphone (pjsip)
  kYealink,    // desk phone
  kPolycom,    // desk phone
  kCisco,      // desk phone (CP-88xx)
  kNecDect,    // NEC IP-DECT gateway (testdata/real-sip/SIP_DTMF2.pcap)
  kNeroSipps,  // Nero SIPPS softphone (testdata/real-sip/aaa.pcap)
  kNeufbox,    // home gateway (testdata/real-sip/nb6-telephone.pcap)
  kLfGateway,  // embedded ATA: LF-only line ends, compact header names
  // Trunks: one address carrying many calls at once.
  kSippUac,     // SIPp's default uac scenario (`sipp -sd uac`) as a load test
  kAsterisk,    // Asterisk PBX (chan_pjsip) trunk
  kFreeSwitch,  // FreeSWITCH (mod_sofia) trunk
  kKamailio,    // Kamailio proxy forwarding its registered phones' calls
};
inline constexpr int kCallerKindCount = 15;
inline constexpr std::array<CallerKind, kCallerKindCount> kAllCallerKinds = {
    CallerKind::kSippPaper, CallerKind::kLinphone,   CallerKind::kZoiper,
    CallerKind::kMicroSip,  CallerKind::kYealink,    CallerKind::kPolycom,
    CallerKind::kCisco,     CallerKind::kNecDect,    CallerKind::kNeroSipps,
    CallerKind::kNeufbox,   CallerKind::kLfGateway,  CallerKind::kSippUac,
    CallerKind::kAsterisk,  CallerKind::kFreeSwitch, CallerKind::kKamailio};

enum class CallerClass : uint8_t { kSoftphone, kDeskPhone, kGateway, kTrunk };

std::string_view Name(CallerKind k);  // "sipp", "linphone", ..., "kamailio"
std::optional<CallerKind> ParseCallerKind(std::string_view s);
CallerClass ClassOf(CallerKind k);
std::string_view Name(
    CallerClass c);  // "softphone", "desk", "gateway", "trunk"
inline bool IsTrunk(CallerKind k) { return ClassOf(k) == CallerClass::kTrunk; }

// The UDP source port a caller of kind k uses; `salt` (the phone or attacker
// index) varies it for kinds that bind a random port.
uint16_t SourcePortOf(CallerKind k, uint64_t salt);

}  // namespace sim
