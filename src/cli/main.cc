// sipddos: detect and mitigate SIP INVITE flooding with recurrent neural networks.
#include <cstdio>
#include <iostream>

#include "cli/command.h"
#include "cli/version.h"

int main(int argc, char** argv) {
  CLI::App app{"sipddos " SIPDDOS_VERSION
               ": detect and mitigate SIP INVITE flooding (DDoS) with RNN, LSTM and GRU models"};
  app.set_version_flag("--version", "sipddos " SIPDDOS_VERSION);
  app.require_subcommand(1);
  cli::RunFn selected;
  for (cli::RegisterFn reg : cli::AllCommands()) reg(app, selected);
  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help, --version
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return cli::kExitUsage;
  }
  if (!selected) return cli::kExitUsage;
  return selected();
}
