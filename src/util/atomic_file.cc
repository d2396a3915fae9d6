#include "util/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

namespace util {

AtomicFile::~AtomicFile() { Abort(); }

AtomicFile::AtomicFile(AtomicFile&& o) noexcept { *this = std::move(o); }

AtomicFile& AtomicFile::operator=(AtomicFile&& o) noexcept {
  if (this != &o) {
    Abort();
    path_ = std::move(o.path_);
    tmp_ = std::move(o.tmp_);
    f_ = std::exchange(o.f_, nullptr);
    stdout_ = std::exchange(o.stdout_, false);
  }
  return *this;
}

Status AtomicFile::Open(const std::string& path) {
  Abort();
  if (path.empty()) return Status::Error("empty output path");
  path_ = path;
  if (path == "-") {
    stdout_ = true;
    f_ = stdout;
    return Status::Ok();
  }
  tmp_ = path + ".tmp." + std::to_string(getpid());
  f_ = std::fopen(tmp_.c_str(), "wb");
  if (!f_) {
    std::string err = std::strerror(errno);
    tmp_.clear();
    return Status::Error(path + ": cannot create: " + err);
  }
  return Status::Ok();
}

Status AtomicFile::Write(std::string_view data) {
  if (!f_) return Status::Error(path_ + ": not open");
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), f_) != data.size())
    return Status::Error(path_ + ": write failed: " + std::strerror(errno));
  return Status::Ok();
}

Status AtomicFile::Commit() {
  if (!f_) return Status::Error(path_ + ": not open");
  if (stdout_) {
    std::fflush(f_);
    f_ = nullptr;
    stdout_ = false;
    return Status::Ok();
  }
  bool bad = std::fflush(f_) != 0 || std::ferror(f_);
  bad |= std::fclose(f_) != 0;
  f_ = nullptr;
  if (bad) {
    std::remove(tmp_.c_str());
    return Status::Error(path_ + ": write failed");
  }
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) {
    std::string err = std::strerror(errno);
    std::remove(tmp_.c_str());
    return Status::Error(path_ + ": cannot rename into place: " + err);
  }
  tmp_.clear();
  return Status::Ok();
}

void AtomicFile::Abort() {
  if (stdout_) {
    stdout_ = false;
    f_ = nullptr;
    return;
  }
  if (f_) {
    std::fclose(f_);
    f_ = nullptr;
  }
  if (!tmp_.empty()) {
    std::remove(tmp_.c_str());
    tmp_.clear();
  }
}

}  // namespace util
