// Output that appears whole or not at all: written to "<path>.tmp.<pid>" and renamed on Commit().
// Destroying an uncommitted AtomicFile removes the temporary, so a failed run leaves nothing.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "util/status.h"

namespace util {

class AtomicFile {
 public:
  AtomicFile() = default;
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  AtomicFile(AtomicFile&& o) noexcept;
  AtomicFile& operator=(AtomicFile&& o) noexcept;

  // "-" means standard output (written directly, Commit just flushes).
  Status Open(const std::string& path);
  FILE* file() { return f_; }
  const std::string& temp_path() const { return tmp_; }
  Status Write(std::string_view data);
  Status Commit();  // fflush + fsync-free close + rename
  void Abort();     // close and remove the temporary

 private:
  std::string path_, tmp_;
  FILE* f_ = nullptr;
  bool stdout_ = false;
};

}  // namespace util
