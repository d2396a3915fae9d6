#include "lab/netns.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lab {

util::Status ValidateNetns(const std::string& name) {
  const std::string quoted = "--netns '" + name + "'";
  if (name.rfind(kNetnsPrefix, 0) != 0 || name.size() == kNetnsPrefix.size())
    return util::Status::Error(quoted + ": only the project's own namespaces (\"" +
                               std::string(kNetnsPrefix) + "<name>\") are allowed");
  if (name.find('/') != std::string::npos || name == "." || name == "..")
    return util::Status::Error(quoted + ": not a namespace name");
  const std::string path = std::string(kNetnsDir) + name;
  struct stat st;
  if (stat(path.c_str(), &st) != 0)
    return util::Status::Error(quoted + ": " + path + ": " + std::strerror(errno) +
                               " (create it with `ip netns add " + name + "`)");
  return util::Status::Ok();
}

util::Status EnterNetns(const std::string& name) {
  SIPDDOS_RETURN_IF_ERROR(ValidateNetns(name));
  const std::string path = std::string(kNetnsDir) + name;
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return util::Status::Error(path + ": " + std::strerror(errno));
  int rc = setns(fd, CLONE_NEWNET);
  int err = errno;
  close(fd);
  if (rc != 0) return util::Status::Error(path + ": setns: " + std::strerror(err));
  return util::Status::Ok();
}

}  // namespace lab
