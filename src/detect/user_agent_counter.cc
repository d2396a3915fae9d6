#include "detect/user_agent_counter.h"

#include <algorithm>
#include <cstring>

namespace detect {
namespace {

uint64_t Fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (char c : s) h = (h ^ uint8_t(c)) * 1099511628211ull;
  return h;
}

}  // namespace

void UserAgentCounter::Add(std::string_view user_agent) {
  user_agent = user_agent.substr(0, kMaxLength);
  const uint64_t h = Fnv1a(user_agent);
  ++total_;
  int min_i = 0;
  for (int i = 0; i < used_; ++i) {
    if (slots_[i].hash == h) {
      ++slots_[i].count;
      return;
    }
    if (slots_[i].count < slots_[min_i].count) min_i = i;
  }
  Slot *s = nullptr;
  if (used_ < kSlots) {
    s = &slots_[used_++];
    s->count = 0;
  } else {
    s = &slots_[min_i];  // the newcomer inherits the lightest count
                         // (space-saving)
  }
  s->hash = h;
  ++s->count;
  s->length = uint8_t(user_agent.size());
  if (!user_agent.empty())  // data() is null for an absent User-Agent
    std::memcpy(s->text.data(), user_agent.data(), user_agent.size());
}

std::vector<UserAgentCount> UserAgentCounter::Top(int n) const {
  std::vector<UserAgentCount> out;
  for (int i = 0; i < used_; ++i)
    out.push_back({std::string(slots_[i].text.data(), slots_[i].length), slots_[i].count});
  std::sort(out.begin(), out.end(), [](const UserAgentCount &a, const UserAgentCount &b) {
    return a.invites != b.invites ? a.invites > b.invites : a.user_agent < b.user_agent;
  });
  if (int(out.size()) > n) out.resize(std::max(n, 0));
  return out;
}

}  // namespace detect
