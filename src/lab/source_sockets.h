// The flood's sender sockets: one UDP socket bound to each source address, so
// that every message leaves from a genuine (not forged) 127.x.y.z address that
// the kernel routes over loopback.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace lab {

struct SourceSocket {
  int fd = -1;
  uint32_t address = 0;  // IPv4 host order
  uint16_t port = 0;     // as bound (getsockname)
};

class SourceSockets {
 public:
  SourceSockets() = default;
  ~SourceSockets();
  SourceSockets(const SourceSockets&) = delete;
  SourceSockets& operator=(const SourceSockets&) = delete;

  // Binds one socket per address to `port` (0: a kernel-chosen port each). When
  // `port` is taken on an address, that socket falls back to a kernel-chosen
  // port (counted in fallbacks()). Raises the open-files soft limit when the
  // pool needs it.
  util::Status Open(const std::vector<uint32_t>& addresses, uint16_t port);
  void Close();

  const std::vector<SourceSocket>& sockets() const { return sockets_; }
  size_t size() const { return sockets_.size(); }
  int fallbacks() const { return fallbacks_; }

 private:
  std::vector<SourceSocket> sockets_;
  int fallbacks_ = 0;
};

}  // namespace lab
