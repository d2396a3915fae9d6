#include "output/telemetry.h"

namespace output {

SipKind SipKindOf(bool is_request, std::string_view m) {
  if (!is_request) return SipKind::kResponse;
  if (m == "INVITE") return SipKind::kInvite;
  if (m == "ACK") return SipKind::kAck;
  if (m == "BYE") return SipKind::kBye;
  if (m == "CANCEL") return SipKind::kCancel;
  if (m == "REGISTER") return SipKind::kRegister;
  if (m == "OPTIONS") return SipKind::kOptions;
  return SipKind::kOther;
}

}  // namespace output
