// `--protect` / `servers:`: the SIP servers whose traffic is scored and mitigated. Empty means
// every destination. The check runs where datagrams are fed to the detector, not in the parser.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "capture/datagram.h"
#include "util/ip_address.h"
#include "util/status.h"

namespace cli {

// The list is scanned per packet: keep it short.
inline constexpr size_t kMaxProtectedServers = 64;

struct ServerAddr {
  util::IpAddress addr;
  uint16_t port = 0;  // 0: any port
  std::string ToString() const;
};

// "192.0.2.10", "192.0.2.10:5060", "2001:db8::1", "[2001:db8::1]:5060".
util::Result<ServerAddr> ParseServerAddr(std::string_view text);

class ProtectedServers {
 public:
  // Errors name the bad entry; more than kMaxProtectedServers is an error.
  static util::Result<ProtectedServers> Parse(const std::vector<std::string>& specs);

  bool all() const { return servers_.empty(); }
  const std::vector<ServerAddr>& servers() const { return servers_; }
  // True when d goes to a protected server or comes from one (its responses); always true when
  // the list is empty.
  bool Covers(const capture::Datagram& d) const {
    if (servers_.empty()) return true;
    for (const ServerAddr& s : servers_) {
      if (d.dst == s.addr && (s.port == 0 || d.dport == s.port)) return true;
      if (d.src == s.addr && (s.port == 0 || d.sport == s.port)) return true;
    }
    return false;
  }

 private:
  std::vector<ServerAddr> servers_;
};

}  // namespace cli
