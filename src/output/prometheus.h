// The Prometheus text exposition format (version 0.0.4) of sipddos's counters. No label
// carries an IP address: label values come from fixed sets (method, verdict).
#pragma once

#include <string>

#include "detect/detector.h"
#include "output/telemetry.h"

namespace output {

std::string RenderPrometheus(const Telemetry& t, const detect::Counters& c);

}  // namespace output
