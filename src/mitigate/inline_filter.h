// Inline mode's per-packet step: decode the queued IP packet, hand a UDP
// datagram to the detection path (`feed`: parse, encode, score, exactly as
// capture does), then ask the policy for the verdict of the message the
// detector just consumed. What is not a UDP SIP message passes.
#pragma once

#include <functional>
#include <span>

#include "capture/datagram.h"
#include "capture/decoder.h"
#include "detect/detector.h"
#include "features/sip_event.h"
#include "mitigate/invite_policy.h"

namespace mitigate {

class InlineFilter {
 public:
  // Feeds d to the detector when it is SIP; returns the event the detector
  // consumed (valid until the next call) or nullptr when d is not SIP.
  using Feed = std::function<const features::SipEvent *(const capture::Datagram &d)>;

  InlineFilter(const detect::Detector &detector, InvitePolicy &policy, Feed feed)
      : detector_(detector), policy_(policy), feed_(std::move(feed)) {}

  // `packet` starts with the IPv4 or IPv6 header (NFQUEUE's payload).
  Reason Judge(std::span<const uint8_t> packet, util::Micros now);

  const capture::Stats &decode_stats() const { return decoder_.stats(); }

 private:
  const detect::Detector &detector_;
  InvitePolicy &policy_;
  Feed feed_;
  capture::Decoder decoder_;
  capture::Datagram datagram_;
};

}  // namespace mitigate
