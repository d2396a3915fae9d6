#include "features/sip_event.h"

namespace features {

EventKind KindFromMethod(std::string_view method) {
  if (method == "INVITE") return EventKind::kInvite;
  if (method == "ACK") return EventKind::kAck;
  if (method == "BYE") return EventKind::kBye;
  if (method == "CANCEL") return EventKind::kCancel;
  return EventKind::kOtherRequest;
}

}  // namespace features
