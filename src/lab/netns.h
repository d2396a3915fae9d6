// Network namespaces the project creates for its lab: named "sipddos-..." and
// listed by `ip netns` under /run/netns. `sipddos flood --netns NAME` sends
// from inside one of them.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace lab {

inline constexpr std::string_view kNetnsPrefix = "sipddos-";
inline constexpr std::string_view kNetnsDir = "/run/netns/";

// OK when `name` starts with kNetnsPrefix, is a plain file name and exists
// under kNetnsDir.
util::Status ValidateNetns(const std::string& name);

// Moves the calling thread into namespace `name` (validated first): sockets it
// opens afterwards live there. Needs CAP_SYS_ADMIN.
util::Status EnterNetns(const std::string& name);

}  // namespace lab
