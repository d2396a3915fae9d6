// Counters of the capture and SIP layers kept by the detect loop, read by the metrics endpoint
// and the periodic stats events (relaxed atomics: one writer, any number of readers).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <string_view>

namespace output {

enum class SipKind : int { kInvite, kAck, kBye, kCancel, kRegister, kOptions, kOther, kResponse, kCount };
inline constexpr std::array<std::string_view, int(SipKind::kCount)> kSipKindNames = {
    "INVITE", "ACK", "BYE", "CANCEL", "REGISTER", "OPTIONS", "other", "response"};
SipKind SipKindOf(bool is_request, std::string_view method);

struct Telemetry {
  std::atomic<uint64_t> packets{0};          // packets read from the capture
  std::atomic<uint64_t> packets_dropped{0};  // kernel/interface drops (live) and queue drops
  std::atomic<uint64_t> packets_skipped{0};  // truncated, malformed, not IP/UDP/TCP
  std::atomic<uint64_t> not_sip{0};          // datagrams that did not parse as SIP
  std::array<std::atomic<uint64_t>, int(SipKind::kCount)> sip{};
  std::atomic<int64_t> started_unix_us{0};
};

}  // namespace output
