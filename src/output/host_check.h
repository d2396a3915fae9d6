// The Host header check of the status page, against DNS rebinding: a page of another site whose
// name the attacker re-points at this sensor can make a browser fetch the page, but the browser
// then sends the attacker's name as Host. So only names this sensor is known by get an answer.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace output {

// True when `host` (a Host header: NAME or NAME:PORT, IPv6 in brackets) names an IP address
// literally, `localhost`, or one of `allowed` (case-insensitive, a trailing dot ignored); also
// for an absent Host (""), which no browser sends. The port is not checked: an SSH tunnel or a
// proxy may forward another local port to ours.
bool HostAllowed(std::string_view host, const std::vector<std::string>& allowed);

}  // namespace output
