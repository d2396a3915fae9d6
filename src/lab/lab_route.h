// The lab's widening of the loopback rule (lab/target.h): inside a project
// namespace ("sipddos-*"), a flood may go to any IPv4 address that the
// namespace routes over one of its own interfaces, provided the namespace has
// no default route, so nothing sent from it (nor any reply to a spoofed
// source) can leave the lab. The routing table is read with rtnetlink from a
// helper thread that enters the namespace; the caller's namespace is untouched.
#pragma once

#include <cstdint>
#include <string>

#include "util/status.h"

namespace lab {

struct LabRoute {
  std::string interface;  // the outgoing interface inside the namespace
  bool local = false;     // the target is one of the namespace's own addresses
};

// OK (with the route) when namespace `netns` (validated: "sipddos-*" under
// /run/netns) has no IPv4 default route in any table and routes `target` (IPv4,
// host order) over one of its interfaces. Errors name the namespace, the
// target and the reason.
util::Result<LabRoute> CheckLabRoute(const std::string &netns, uint32_t target);

}  // namespace lab
