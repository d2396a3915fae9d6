// The addressing plans of the paper's two networks (§4.2): dataset 1 (train,
// val, test1) and dataset 2 (test2) differ in their client and server
// addresses. IPv4, host byte order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "util/ip_address.h"

namespace sim {

struct Subnet {
  uint32_t prefix = 0;
  int length = 24;
  bool Contains(uint32_t a) const {
    return length == 0 || (a >> (32 - length)) == (prefix >> (32 - length));
  }
  std::string ToString() const;
};

struct Network {
  int id = 1;
  uint32_t server = 0;
  uint16_t server_port = 5060;
  std::vector<uint32_t>
      phones;  // phone i (User<i>, 1-based) sits at phones[i - 1]
  // Trunk addresses (PBXs, proxies): server + 150 + slot, kMaxTrunks of them.
  std::vector<uint32_t> trunks;
  Subnet users_subnet;     // the LAN of the phones and the server
  Subnet attacker_subnet;  // a second LAN where attackers sit (subnet spoofing)
  // Addresses for list spoofing: some legitimate phones' addresses, then
  // outside ones.
  std::vector<uint32_t> spoof_list;
};

inline constexpr int kMaxTrunks = 4;

// id 1: server 192.168.56.101 and phones 192.168.56.102... (the paper's Fig. 3
// plan); id 2: server 10.20.0.10 and phones 10.20.0.11... . `users` phones, at
// most 100.
Network MakeNetwork(int id, int users);

std::string Ipv4ToString(uint32_t a);
inline util::IpAddress ToIp(uint32_t a) { return util::IpAddress::V4(a); }

}  // namespace sim
