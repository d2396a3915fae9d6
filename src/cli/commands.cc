#include "cli/command.h"

namespace cli {

void RegisterVersion(CLI::App& root, RunFn& selected);
void RegisterFlood(CLI::App& root, RunFn& selected);

const std::vector<RegisterFn>& AllCommands() {
  static const std::vector<RegisterFn> kCommands = {
      RegisterVersion,
      RegisterFlood,
  };
  return kCommands;
}

}  // namespace cli
