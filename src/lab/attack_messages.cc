#include "lab/attack_messages.h"

#include "sim/messages.h"
#include "sim/rng.h"

namespace lab {

AttackMessages::AttackMessages(dataset::Tool tool, uint32_t target, uint16_t target_port,
                               uint64_t seed)
    : tool_(tool), seed_(seed) {
  net_.id = 0;
  net_.server = target;
  net_.server_port = target_port;
}

sim::Invite AttackMessages::InviteFor(int64_t k, uint32_t src, uint16_t sport) const {
  sim::Invite inv;
  inv.malicious = true;
  inv.attacker = 0;
  inv.mrsip_style = tool_ == dataset::Tool::kMrSip;
  inv.key = sim::Mix(seed_, uint64_t(k) + 1);
  inv.src = src;
  inv.sport = sport;
  if (!inv.mrsip_style) {
    // As the simulator's mimic: its own call counter, and a user name derived
    // from the source (there are no phones on the loopback).
    inv.call_number = uint32_t(k + 1);
    inv.user = 1 + src % 997;
  }
  return inv;
}

void AttackMessages::Render(int64_t k, uint32_t src, uint16_t sport, std::string* out) const {
  sim::RenderPacket(InviteFor(k, src, sport), net_, sim::PacketKind::kInvite, out);
}

}  // namespace lab
