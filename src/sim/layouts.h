// Message layouts of the caller kinds other than the paper's SIPp UAC
// (sim/caller_kind.h): header order, names (full or compact), line ends,
// spacing, Via/From/To/Contact/Call-ID shapes, User-Agent and SDP of each
// implementation, for every packet of a dialog. The server's answers are
// those of a SIPp UAS (CRLF, full names) echoing the request's Via headers,
// Record-Route, From, To, Call-ID and CSeq.
#pragma once

#include <string>

#include "sim/engine.h"
#include "sim/messages.h"
#include "sim/network.h"

namespace sim {

// inv.kind must not be kSippPaper (messages.cc renders that one).
void RenderLayout(const Invite& inv, const Network& net, PacketKind kind,
                  std::string* out);

// The User-Agent a kind writes ("" when it writes none).
std::string_view UserAgentOf(CallerKind k);

}  // namespace sim
