#include "mitigate/inline_filter.h"

#include "capture/link_type.h"

namespace mitigate {

Reason InlineFilter::Judge(std::span<const uint8_t> packet, util::Micros now) {
  if (!decoder_.Decode(capture::kLinkRaw, now, packet, &datagram_) ||
      datagram_.transport != capture::Transport::kUdp) {
    policy_.CountNotSip();
    return Reason::kNotSip;
  }
  const features::SipEvent *e = feed_(datagram_);
  if (e == nullptr) {
    policy_.CountNotSip();
    return Reason::kNotSip;
  }
  return policy_.Decide(*e, detector_.last_message());
}

}  // namespace mitigate
