// The one-line, human-readable reason of an alert, from its evidence, e.g.
//   "INVITE rate 812/s vs baseline 9.6/s (85x); 99% of INVITEs from never-seen
//   sources;
//    100% of sources never completed a dialog; top User-Agent
//    "friendly-scanner" (97%); GRU window score 0.998"
// Figures that the detector did not measure (shares without per-source state)
// are left out.
#pragma once

#include <string>

#include "detect/alert.h"

namespace detect {

std::string AlertReason(const AlertEvent &a);

// "100%" only for all, "0%" only for none, otherwise rounded toward 50% ("99%",
// "<1%", ">99%"), so a reader never sees "100%" for 99.6%.
std::string Percent(double share);

}  // namespace detect
