// manifest.json of a simulated dataset (docs/formats.md): the seed and
// parameters that made it and, per split, its counts by class, attack,
// intensity and scenario, and its windows.
#pragma once

#include <string>
#include <vector>

#include "sim/preset.h"
#include "sim/simulator.h"

namespace sim {

std::string ManifestJson(const Preset& preset, const SimulateOptions& o,
                         const std::vector<SplitSummary>& splits);

}  // namespace sim
