#include <cstdio>

#include "cli/command.h"
#include "cli/version.h"

namespace cli {

void RegisterVersion(CLI::App& root, RunFn& selected) {
  auto* sub = root.add_subcommand("version", "Print the version and the build's optional features");
  sub->callback([&selected] {
    selected = [] {
      std::printf("sipddos %s\n", SIPDDOS_VERSION);
#ifdef SIPDDOS_HAVE_TORCH
      std::printf("training: libtorch\n");
#else
      std::printf("training: not built (install libtorch-dev and rebuild)\n");
#endif
      return kExitOk;
    };
  });
}

static const CommandRegistration kVersionRegistration(90, RegisterVersion);

}  // namespace cli
