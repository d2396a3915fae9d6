// A message CSV row (dataset::MessageRecord) as an encoder event. CSV files
// hold INVITE rows only, so dialog completion is never observed from them
// (docs/features.md, "Input").
#pragma once

#include "dataset/record.h"
#include "features/sip_event.h"

namespace features {

// Views in *e point into r. False when the Source cell is not an IP address.
bool EventFromRecord(const dataset::MessageRecord& r, SipEvent* e);

}  // namespace features
