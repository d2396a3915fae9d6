#include "sim/plan.h"

namespace sim {

std::string_view Name(Scenario s) {
  static constexpr std::string_view kNames[] = {"a", "b", "c", "d", "e"};
  return kNames[int(s)];
}

}  // namespace sim
