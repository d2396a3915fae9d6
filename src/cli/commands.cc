#include "cli/command.h"

namespace cli {

void RegisterInspect(CLI::App& root, RunFn& selected);
void RegisterDetect(CLI::App& root, RunFn& selected);
void RegisterVersion(CLI::App& root, RunFn& selected);
void RegisterSimulate(CLI::App&, RunFn&); void RegisterWindows(CLI::App&, RunFn&);
void RegisterBench(CLI::App& root, RunFn& selected);
void RegisterTrain(CLI::App& root, RunFn& selected);
void RegisterFlood(CLI::App& root, RunFn& selected);

const std::vector<RegisterFn>& AllCommands() {
  static const std::vector<RegisterFn> kCommands = {
      RegisterInspect,
      RegisterDetect,
      RegisterVersion,
      RegisterSimulate, RegisterWindows,
      RegisterBench,
      RegisterTrain,
      RegisterFlood,
  };
  return kCommands;
}

}  // namespace cli
