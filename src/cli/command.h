// The subcommand table: each subcommand lives in its own file and registers itself here.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <vector>

namespace cli {

// Set by a subcommand's parse callback; main runs it after parsing succeeded.
using RunFn = std::function<int()>;
using RegisterFn = void (*)(CLI::App& root, RunFn& selected);

// Exit codes shared by every subcommand (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // bad input, I/O error, runtime failure
inline constexpr int kExitUsage = 2;    // bad command line

// Every subcommand, sorted by `order` (the order `sipddos --help` lists them).
std::vector<RegisterFn> AllCommands();

// Each subcommand's file registers itself at static-initialisation time, so adding a command
// touches no shared file:  static const cli::CommandRegistration kReg(40, RegisterFoo);
struct CommandRegistration {
  CommandRegistration(int order, RegisterFn fn);
};

}  // namespace cli
