// The detect loop's one call per SIP message into the status page's model (no-op without one).
#pragma once

#include "detect/detector.h"
#include "features/sip_event.h"
#include "status/status_model.h"

namespace status {

// After detector.Consume(e): records e when the detector encoded it as an INVITE.
inline void ObserveForStatus(StatusModel* model, const detect::Detector& detector,
                             const features::SipEvent& e) {
  if (!model) return;
  const detect::MessageContext& m = detector.last_message();
  if (m.invite) model->OnInvite(m.server, e.src, e.time, m.window_score);
}

}  // namespace status
