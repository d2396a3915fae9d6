// The text of every packet the simulator writes, rendered from an Invite and
// the network: SIPp's modified UAC layout (paper Fig. 3, CRLF) for the `sipp`
// caller kind (and the mimic copying it), Mr.SIP's SIP-DAS layout (its
// invite.message template, LF) for Mr.SIP, and SIPp UAS answers; the other
// caller kinds' layouts are in sim/layouts.h.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sim/engine.h"
#include "sim/network.h"

namespace sim {

enum class PacketKind : uint8_t {
  kInvite,   // client -> server
  kTrying,   // server -> client: 100 Trying
  kRinging,  // 180 Ringing
  kOk,       // 200 OK to the INVITE (also each retransmission of it)
  kAck,      // client -> server
  kBye,      // client -> server
  kByeOk,    // server -> client: 200 OK to the BYE
};

inline bool FromServer(PacketKind k) {
  return k == PacketKind::kTrying || k == PacketKind::kRinging ||
         k == PacketKind::kOk || k == PacketKind::kByeOk;
}

// Replaces *out with the UDP payload of packet `kind` of inv's dialog.
void RenderPacket(const Invite& inv, const Network& net, PacketKind kind,
                  std::string* out);

// Mr.SIP's User-Agent list (its userAgent.txt: real phone and PBX names).
const std::vector<std::string_view>& MrSipUserAgents();

}  // namespace sim
