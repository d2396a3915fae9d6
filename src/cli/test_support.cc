#include "cli/test_support.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace cli {

CommandResult RunCommand(const std::string& cmd) {
  CommandResult r;
  std::string full = "(" + cmd + ") 2>&1";
  FILE* p = popen(full.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string SipddosPath() { return std::string(SIPDDOS_BINARY_DIR) + "/src/cli/sipddos"; }

CommandResult RunSipddos(const std::vector<std::string>& args) {
  std::string cmd = ShellQuote(SipddosPath());
  for (const auto& a : args) cmd += " " + ShellQuote(a);
  return RunCommand(cmd + " </dev/null");
}

bool HaveCommand(const std::string& name) {
  return RunCommand("command -v " + ShellQuote(name) + " >/dev/null").status == 0;
}

std::vector<std::string> Split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::string ShellQuote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

void SleepMs(int ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }

Child::Child(const std::vector<std::string>& argv, const std::string& log,
             const std::string& stdin_path)
    : log_(log) {
  pid_ = fork();
  if (pid_ == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int in = open(stdin_path.c_str(), O_RDONLY);  // a FIFO: waits here for its writer
    int out = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    dup2(in, 0);
    dup2(out, 1);
    dup2(out, 2);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  if (pid_ > 0) setpgid(pid_, pid_);  // also here: no race with the child's own call
}

bool Child::Running() {
  if (pid_ <= 0 || status_) return false;
  int st = 0;
  rusage ru{};
  if (wait4(pid_, &st, WNOHANG, &ru) == pid_) {
    status_ = st;
    max_rss_kb_ = ru.ru_maxrss;
    return false;
  }
  return true;
}

void Child::Signal(int sig) {
  if (Running()) kill(pid_, sig);
}

std::optional<int> Child::Wait(int timeout_ms) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (Running() && std::chrono::steady_clock::now() < end) SleepMs(5);
  if (!status_) return std::nullopt;
  return WIFEXITED(*status_) ? WEXITSTATUS(*status_) : 128 + WTERMSIG(*status_);
}

void Child::Stop() {
  if (pid_ <= 0) return;
  if (Running()) {
    kill(-pid_, SIGTERM);
    if (!Wait(3000)) {
      kill(-pid_, SIGKILL);
      int st = 0;
      rusage ru{};
      if (wait4(pid_, &st, 0, &ru) == pid_) {
        status_ = st;
        max_rss_kb_ = ru.ru_maxrss;
      }
    }
  }
  kill(-pid_, SIGKILL);  // anything the child left in its group
  pid_ = -1;
}

TempDir::TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "sipddos-test-XXXXXX").string();
  if (mkdtemp(tmpl.data())) path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  if (!path_.empty()) std::filesystem::remove_all(path_, ec);
}

}  // namespace cli
