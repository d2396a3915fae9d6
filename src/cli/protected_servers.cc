#include "cli/protected_servers.h"

#include <charconv>

namespace cli {

std::string ServerAddr::ToString() const {
  std::string a = addr.is_v6() && port ? "[" + addr.ToString() + "]" : addr.ToString();
  return port ? a + ":" + std::to_string(port) : a;
}

util::Result<ServerAddr> ParseServerAddr(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return util::Status::Error("server \"" + std::string(text) + "\": " + why +
                               " (expected ADDR or ADDR:PORT, IPv6 as [ADDR]:PORT)");
  };
  std::string_view host = text, port;
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string_view::npos) return bad("no closing ']'");
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return bad("junk after ']'");
      port = rest.substr(1);
      if (port.empty()) return bad("empty port");
    }
  } else if (size_t colon = text.find(':'); colon != std::string_view::npos &&
                                            text.find(':', colon + 1) == std::string_view::npos) {
    host = text.substr(0, colon);  // one colon: IPv4:PORT (IPv6 has several)
    port = text.substr(colon + 1);
    if (port.empty()) return bad("empty port");
  }
  ServerAddr s;
  auto a = util::IpAddress::Parse(host);
  if (!a) return bad("not an IPv4 or IPv6 address");
  s.addr = *a;
  if (!port.empty()) {
    unsigned p = 0;
    auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
    if (ec != std::errc() || end != port.data() + port.size() || p < 1 || p > 65535)
      return bad("port must be 1..65535");
    s.port = uint16_t(p);
  }
  return s;
}

util::Result<ProtectedServers> ProtectedServers::Parse(const std::vector<std::string>& specs) {
  if (specs.size() > kMaxProtectedServers)
    return util::Status::Error(std::to_string(specs.size()) + " protected servers: at most " +
                               std::to_string(kMaxProtectedServers));
  ProtectedServers p;
  for (const std::string& spec : specs) {
    auto s = ParseServerAddr(spec);
    if (!s.ok()) return s.status();
    p.servers_.push_back(*s);
  }
  return p;
}

}  // namespace cli
