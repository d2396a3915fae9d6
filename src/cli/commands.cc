#include <algorithm>
#include <utility>

#include "cli/command.h"

namespace cli {
namespace {

std::vector<std::pair<int, RegisterFn>>& Registry() {
  static std::vector<std::pair<int, RegisterFn>> registry;  // built before main runs
  return registry;
}

}  // namespace

CommandRegistration::CommandRegistration(int order, RegisterFn fn) {
  Registry().emplace_back(order, fn);
}

std::vector<RegisterFn> AllCommands() {
  auto entries = Registry();
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<RegisterFn> fns;
  for (const auto& e : entries) fns.push_back(e.second);
  return fns;
}

}  // namespace cli
