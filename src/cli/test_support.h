// Helpers for tests that run the built `sipddos` binary and other programs.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "util/wait_for.h"

namespace cli {

struct CommandResult {
  int status = -1;     // exit code, or -1 when the command could not run or was killed
  std::string output;  // stdout and stderr together
};

// Runs `sh -c cmd`, capturing stdout and stderr together.
CommandResult RunCommand(const std::string& cmd);
// Runs the sipddos binary built next to the tests with the given arguments.
CommandResult RunSipddos(const std::vector<std::string>& args);
std::string SipddosPath();
bool HaveCommand(const std::string& name);

std::vector<std::string> Split(const std::string& s, char sep);
std::string ShellQuote(const std::string& s);
std::string ReadFile(const std::string& path);
void WriteFile(const std::string& path, const std::string& data);

// A fresh directory removed (with its contents) when the object goes away.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

void SleepMs(int ms);

using util::WaitFor;

// A program started in the background, in its own process group, stdin from `stdin_path`,
// stdout and stderr in `log`. The kernel kills it if the test process dies first
// (PR_SET_PDEATHSIG); the destructor stops the whole group.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const std::string& log,
        const std::string& stdin_path = "/dev/null");
  ~Child() { Stop(); }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool started() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }
  // Reaps the child when it has exited.
  bool Running();
  // Sends `sig` to the child itself (not its group) while it runs.
  void Signal(int sig);
  // The exit code (128 + signal when killed), or nullopt while it still runs after timeout_ms.
  std::optional<int> Wait(int timeout_ms);
  // SIGTERM to the group, SIGKILL after 3 s; reaps the child and whatever it left in its group.
  void Stop();
  // Peak RSS of the child once it has been reaped (wait4), in KiB.
  long max_rss_kb() const { return max_rss_kb_; }
  std::string Log() const { return ReadFile(log_); }

 private:
  pid_t pid_ = -1;
  std::string log_;
  std::optional<int> status_;
  long max_rss_kb_ = 0;
};

}  // namespace cli
