#include "sim/plan.h"

namespace sim {

std::string_view Name(Scenario s) {
  static constexpr std::string_view kNames[] = {"a", "b", "c", "d", "e"};
  return kNames[int(s)];
}

std::vector<CallerKind> PhoneKinds(const LegitParams& p, int users) {
  std::vector<CallerKind> out;
  if (p.phone_kinds.empty()) {
    out.assign(size_t(std::max(users, 0)), CallerKind::kSippPaper);
    return out;
  }
  double total = 0;
  for (const KindShare& k : p.phone_kinds) total += k.weight;
  std::vector<double> given(p.phone_kinds.size(), 0);
  for (int i = 0; i < users; ++i) {
    // The kind furthest below its share of the phones so far (ties: first).
    size_t best = 0;
    double best_deficit = -1e300;
    for (size_t k = 0; k < p.phone_kinds.size(); ++k) {
      double deficit =
          p.phone_kinds[k].weight / total * double(i + 1) - given[k];
      if (deficit > best_deficit + 1e-12) {
        best = k;
        best_deficit = deficit;
      }
    }
    given[best] += 1;
    out.push_back(p.phone_kinds[best].kind);
  }
  return out;
}

}  // namespace sim
