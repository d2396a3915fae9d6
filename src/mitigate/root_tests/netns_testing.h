// Root-only test helpers: a fresh network namespace named sipddos-test-mitigate-<pid>-<n>,
// deleted (with everything in it) when the object goes away, and a thread that runs inside it.
#pragma once

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <thread>

namespace mitigate {

// Runs `sh -c cmd`; returns its exit status and stdout+stderr.
inline int Sh(const std::string& cmd, std::string* out = nullptr) {
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  std::string text;
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) text.append(buf, n);
  int st = pclose(p);
  if (out) *out = text;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

class TestNetns {
 public:
  TestNetns() {
    static int counter = 0;
    name_ = "sipddos-test-mitigate-" + std::to_string(getpid()) + "-" + std::to_string(counter++);
    ok_ = Sh("ip netns add " + name_) == 0 && Sh(Exec("ip link set lo up")) == 0;
  }
  ~TestNetns() { Sh("ip netns del " + name_); }
  bool ok() const { return ok_; }
  const std::string& name() const { return name_; }
  // `cmd` run inside the namespace.
  std::string Exec(const std::string& cmd) const { return "ip netns exec " + name_ + " " + cmd; }
  // Runs fn on a thread that entered the namespace (threads it starts inherit it); false when
  // setns failed.
  bool RunInside(const std::function<void()>& fn) const {
    bool entered = false;
    std::thread t([&] {
      int fd = open(("/run/netns/" + name_).c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return;
      entered = setns(fd, CLONE_NEWNET) == 0;
      close(fd);
      if (entered) fn();
    });
    t.join();
    return entered;
  }

 private:
  std::string name_;
  bool ok_ = false;
};

}  // namespace mitigate
