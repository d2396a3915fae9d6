// A program (SIPp) run inside a project namespace for the lab's lifetime: its own process group,
// killed by the kernel if the lab process dies (PR_SET_PDEATHSIG), stopped by the destructor.
// Start it from a thread that lives as long as the child (the death signal follows the thread
// that forked): the lab starts every child from its main thread.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "util/status.h"

namespace lab {

class NetnsChild {
 public:
  NetnsChild() = default;
  ~NetnsChild();  // Stop()
  NetnsChild(const NetnsChild&) = delete;
  NetnsChild& operator=(const NetnsChild&) = delete;

  // Runs argv[0] (looked up in PATH) with argv inside namespace `netns` (validated), in
  // directory `dir`, stdout and stderr appended to `log`, stdin /dev/null.
  util::Status Start(const std::string& netns, const std::vector<std::string>& argv,
                     const std::string& dir, const std::string& log);
  // True while the child has not exited; *status gets its wait status once it has.
  bool Running(int* status = nullptr);
  // SIGTERM to the group, SIGKILL after `grace_ms`, then reaped. Idempotent.
  void Stop(int grace_ms = 1000);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int status_ = 0;
};

}  // namespace lab
