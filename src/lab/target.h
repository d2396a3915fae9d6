// Where `sipddos flood` may send: the one rule that keeps a flood inside this
// machine. A target must lie in 127.0.0.0/8, unless the flood runs inside a
// project namespace (`--netns sipddos-*`, existing under /run/netns) with no
// default route: there any unicast IPv4 address the namespace routes over one
// of its own interfaces is accepted (lab/lab_route.h), and the flood sends with
// spoofed sources (lab/raw_sender.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "util/ip_address.h"
#include "util/status.h"

namespace lab {

struct Endpoint {
  util::IpAddress address;  // IPv4 (an IPv4-mapped IPv6 address is converted)
  uint16_t port = 0;
  std::string ToString() const;
};

// "127.0.0.1:5060", "[::ffff:127.0.0.1]:5060" (and unbracketed
// "::ffff:a.b.c.d:port"). Errors name the text and what is wrong; the port must
// be 1..65535.
util::Result<Endpoint> ParseEndpoint(std::string_view text);

// OK when a flood may be sent to `target` from inside `netns` ("" = this
// namespace). Without a namespace it refuses every address outside
// 127.0.0.0/8, IPv6 included, with a message that says so. With one, it also
// accepts an IPv4 unicast address routed inside it (CheckLabRoute).
util::Status CheckTarget(const Endpoint &target, const std::string &netns);

// Whether the flood to `target` from `netns` is a lab flood (a namespace and an
// IPv4 address outside 127/8): spoofed sources through a raw socket.
bool IsLabTarget(const Endpoint &target, const std::string &netns);

}  // namespace lab
