// Where `sipddos flood` may send: the one rule that keeps a flood inside this
// machine. A target must lie in 127.0.0.0/8. A network namespace (`--netns`) is
// accepted only when its name carries the project's prefix and it exists;
// inside it the same loopback rule applies for now. The lab (a namespace with
// its own addresses and no route out) widens CheckTarget, and only it.
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
// namespace). Refuses every address outside 127.0.0.0/8, IPv6 included, with a
// message that says so.
util::Status CheckTarget(const Endpoint& target, const std::string& netns);

}  // namespace lab
