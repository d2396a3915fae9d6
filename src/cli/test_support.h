// Helpers for tests that run the built `sipddos` binary and other programs.
#pragma once

#include <string>
#include <vector>

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

}  // namespace cli
