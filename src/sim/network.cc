#include "sim/network.h"

#include <cstdio>

namespace sim {

std::string Ipv4ToString(uint32_t a) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 255,
                (a >> 8) & 255, a & 255);
  return buf;
}

std::string Subnet::ToString() const {
  return Ipv4ToString(prefix) + "/" + std::to_string(length);
}

namespace {
constexpr uint32_t V4(uint32_t a, uint32_t b, uint32_t c, uint32_t d) {
  return a << 24 | b << 16 | c << 8 | d;
}
}  // namespace

Network MakeNetwork(int id, int users) {
  Network n;
  n.id = id;
  uint32_t outside;  // a documentation range (RFC 5737) for the list's outside
                     // addresses
  if (id == 2) {
    n.server = V4(10, 20, 0, 10);
    n.users_subnet = {V4(10, 20, 0, 0), 24};
    n.attacker_subnet = {V4(172, 31, 9, 0), 24};
    outside = V4(198, 51, 100, 0);
  } else {
    n.server = V4(192, 168, 56, 101);
    n.users_subnet = {V4(192, 168, 56, 0), 24};
    n.attacker_subnet = {V4(172, 16, 66, 0), 24};
    outside = V4(203, 0, 113, 0);
  }
  for (int i = 1; i <= users; ++i) n.phones.push_back(n.server + uint32_t(i));
  for (int i = 0; i < kMaxTrunks; ++i)
    n.trunks.push_back(n.server + 150 + uint32_t(i));
  for (int i = 0; i < 16 && i < users; ++i)
    n.spoof_list.push_back(n.phones[size_t(i) * users / 16]);
  for (uint32_t i = 0; n.spoof_list.size() < 64; ++i)
    n.spoof_list.push_back(outside + 10 + i * 3);
  return n;
}

}  // namespace sim
