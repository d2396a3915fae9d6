// The INVITE text of a loopback flood, rendered by the simulator
// (sim/messages.h) so that the flood looks exactly like the attackers of the
// training data: Mr.SIP's SIP-DAS layout (LF line endings, User-Agent from its
// list) or the SIPp-like mimic (CRLF). Only the addresses differ: the target's
// and the real loopback source's, so that Via and Contact name the sender.
#pragma once

#include <cstdint>
#include <string>

#include "dataset/attack_label.h"
#include "sim/engine.h"
#include "sim/network.h"

namespace lab {

class AttackMessages {
 public:
  // target: IPv4 host order.
  AttackMessages(dataset::Tool tool, uint32_t target, uint16_t target_port, uint64_t seed);

  // Replaces *out with message k (0-based) sent from src:sport. Allocation-free
  // once *out has grown to the size of a message.
  void Render(int64_t k, uint32_t src, uint16_t sport, std::string* out) const;

  // The simulator's view of message k (what Render formats).
  sim::Invite InviteFor(int64_t k, uint32_t src, uint16_t sport) const;

 private:
  dataset::Tool tool_;
  sim::Network net_;
  uint64_t seed_;
};

}  // namespace lab
