// The subcommand table: each subcommand lives in its own file and registers itself here.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>

namespace cli {

// Set by a subcommand's parse callback; main runs it after parsing succeeded.
using RunFn = std::function<int()>;
using RegisterFn = void (*)(CLI::App& root, RunFn& selected);

// Exit codes shared by every subcommand (docs/cli.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;  // bad input, I/O error, runtime failure
inline constexpr int kExitUsage = 2;    // bad command line

// One line per subcommand, in the order `sipddos --help` lists them.
const std::vector<RegisterFn>& AllCommands();

}  // namespace cli
