#include "lab/netns_child.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "lab/netns.h"

namespace lab {

util::Status NetnsChild::Start(const std::string& netns, const std::vector<std::string>& argv,
                               const std::string& dir, const std::string& log) {
  if (pid_ > 0) return util::Status::Error("child already started");
  if (argv.empty()) return util::Status::Error("no program to run");
  SIPDDOS_RETURN_IF_ERROR(ValidateNetns(netns));
  // Everything the child needs is prepared before fork: after it, only system calls.
  const std::string ns_path = std::string(kNetnsDir) + netns;
  int ns_fd = open(ns_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (ns_fd < 0) return util::Status::Error(ns_path + ": " + std::strerror(errno));
  int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) {
    close(ns_fd);
    return util::Status::Error(log + ": " + std::strerror(errno));
  }
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    int err = errno;
    close(ns_fd);
    close(log_fd);
    return util::Status::Error(std::string("fork: ") + std::strerror(err));
  }
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // the lab died before the line above
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    if (setns(ns_fd, CLONE_NEWNET) != 0) _exit(126);
    int null_fd = open("/dev/null", O_RDONLY);
    if (null_fd >= 0) dup2(null_fd, 0);
    dup2(log_fd, 1);
    dup2(log_fd, 2);
    if (chdir(dir.c_str()) != 0) _exit(125);
    execvp(args[0], args.data());
    _exit(127);
  }
  setpgid(pid, pid);  // also here: no race with the first kill
  close(ns_fd);
  close(log_fd);
  pid_ = pid;
  reaped_ = false;
  return util::Status::Ok();
}

bool NetnsChild::Running(int* status) {
  if (pid_ <= 0) return false;
  if (!reaped_) {
    pid_t r = waitpid(pid_, &status_, WNOHANG);
    if (r == pid_ || (r < 0 && errno == ECHILD)) reaped_ = true;
  }
  if (reaped_ && status) *status = status_;
  return !reaped_;
}

void NetnsChild::Stop(int grace_ms) {
  if (pid_ <= 0) return;
  if (Running()) {
    kill(-pid_, SIGTERM);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(grace_ms);
    while (Running() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (Running()) {
      kill(-pid_, SIGKILL);
      while (!reaped_) {
        if (waitpid(pid_, &status_, 0) == pid_ || errno == ECHILD) reaped_ = true;
      }
    }
  }
  pid_ = -1;
}

NetnsChild::~NetnsChild() { Stop(); }

}  // namespace lab
