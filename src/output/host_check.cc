#include "output/host_check.h"

#include <algorithm>
#include <cctype>

#include "util/ip_address.h"

namespace output {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  if (!out.empty() && out.back() == '.') out.pop_back();
  return out;
}

}  // namespace

bool HostAllowed(std::string_view host, const std::vector<std::string>& allowed) {
  if (host.empty()) return true;
  std::string_view name = host;
  if (name.front() == '[') {  // [IPv6]:port: only a literal address is written so
    size_t close = name.find(']');
    if (close == std::string_view::npos) return false;
    std::string_view rest = name.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') return false;
    return util::IpAddress::Parse(name.substr(1, close - 1)).has_value();
  }
  size_t colon = name.find(':');
  if (colon != std::string_view::npos) {
    if (name.find(':', colon + 1) != std::string_view::npos) return false;  // unbracketed IPv6
    name = name.substr(0, colon);
  }
  if (name.empty()) return false;
  if (util::IpAddress::Parse(name)) return true;
  const std::string lower = Lower(name);
  if (lower == "localhost") return true;
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return Lower(a) == lower; });
}

}  // namespace output
