#include "lab/target.h"

#include <algorithm>
#include <charconv>

#include "lab/lab_route.h"
#include "lab/netns.h"

namespace lab {

std::string Endpoint::ToString() const { return address.ToString() + ":" + std::to_string(port); }

util::Result<Endpoint> ParseEndpoint(std::string_view text) {
  const std::string quoted = "target '" + std::string(text) + "'";
  std::string_view host, port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      return util::Status::Error(quoted + ": expected [IPv6]:PORT");
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string_view::npos)
      return util::Status::Error(quoted + ": expected ADDRESS:PORT");
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  auto addr = util::IpAddress::Parse(host);
  if (!addr)
    return util::Status::Error(quoted + ": '" + std::string(host) + "' is not an IP address");
  unsigned p = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || p == 0 || p > 65535)
    return util::Status::Error(quoted + ": port '" + std::string(port) + "' is not 1..65535");
  Endpoint e;
  e.port = uint16_t(p);
  e.address = *addr;
  if (addr->is_v6()) {
    // ::ffff:a.b.c.d is an IPv4 destination in IPv6 spelling: judge (and send
    // to) the IPv4.
    static constexpr uint8_t kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMapped, kMapped + 12, addr->bytes()))
      e.address = util::IpAddress::V4Bytes(addr->bytes() + 12);
  }
  return e;
}

bool IsLabTarget(const Endpoint &target, const std::string &netns) {
  return !netns.empty() && target.address.is_v4() && !target.address.is_loopback();
}

util::Status CheckTarget(const Endpoint &target, const std::string &netns) {
  if (!netns.empty()) SIPDDOS_RETURN_IF_ERROR(ValidateNetns(netns));
  if (target.address.is_v4() && target.address.is_loopback()) return util::Status::Ok();
  if (netns.empty() || !target.address.is_v4())
    return util::Status::Error("refusing target " + target.ToString() +
                               ": sipddos flood sends only to 127.0.0.0/8 (loopback), or to an "
                               "IPv4 address routed inside a lab namespace (--netns sipddos-*)");
  const uint32_t a = target.address.v4();
  if ((a >> 24) == 0 || (a >> 24) >= 224)
    return util::Status::Error("refusing target " + target.ToString() +
                               ": not a unicast IPv4 address");
  auto route = CheckLabRoute(netns, a);
  if (!route.ok()) return route.status();
  return util::Status::Ok();
}

}  // namespace lab
