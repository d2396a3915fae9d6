#include "lab/source_sockets.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/network.h"

namespace lab {
namespace {

util::Status EnsureFileLimit(size_t needed) {
  rlimit rl;
  if (getrlimit(RLIMIT_NOFILE, &rl) != 0) return util::Status::Ok();
  const rlim_t want = rlim_t(needed) + 64;  // stdio, the receiver of a test, libraries
  if (rl.rlim_cur >= want) return util::Status::Ok();
  if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < want)
    return util::Status::Error("--sources " + std::to_string(needed) +
                               ": the open-files limit is " + std::to_string(rl.rlim_max) +
                               " (ulimit -n)");
  rl.rlim_cur = want;
  if (setrlimit(RLIMIT_NOFILE, &rl) != 0)
    return util::Status::Error(std::string("setrlimit(RLIMIT_NOFILE): ") + std::strerror(errno));
  return util::Status::Ok();
}

int Bind(int fd, uint32_t address, uint16_t port) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(address);
  sa.sin_port = htons(port);
  return bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 ? 0 : errno;
}

}  // namespace

SourceSockets::~SourceSockets() { Close(); }

void SourceSockets::Close() {
  for (SourceSocket& s : sockets_)
    if (s.fd >= 0) close(s.fd);
  sockets_.clear();
  fallbacks_ = 0;
}

util::Status SourceSockets::Open(const std::vector<uint32_t>& addresses, uint16_t port) {
  Close();
  SIPDDOS_RETURN_IF_ERROR(EnsureFileLimit(addresses.size()));
  sockets_.reserve(addresses.size());
  for (uint32_t a : addresses) {
    SourceSocket s;
    s.address = a;
    s.fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s.fd < 0) {
      int err = errno;
      Close();
      return util::Status::Error(std::string("socket: ") + std::strerror(err));
    }
    sockets_.push_back(s);
    int err = Bind(s.fd, a, port);
    if (err == EADDRINUSE && port != 0) {
      ++fallbacks_;
      err = Bind(s.fd, a, 0);
    }
    if (err != 0) {
      Close();
      return util::Status::Error("bind " + sim::Ipv4ToString(a) + ":" + std::to_string(port) +
                                 ": " + std::strerror(err));
    }
    sockaddr_in bound{};
    socklen_t len = sizeof bound;
    getsockname(s.fd, reinterpret_cast<sockaddr*>(&bound), &len);
    sockets_.back().port = ntohs(bound.sin_port);
  }
  return util::Status::Ok();
}

}  // namespace lab
