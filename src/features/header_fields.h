// Small, allocation-free readers of the header values the features use. They
// accept whatever a peer sends: a value that does not parse yields empty parts,
// never an error.
#pragma once

#include <cstdint>
#include <string_view>

#include "util/ip_address.h"

namespace features {

struct UserHost {
  std::string_view user;  // empty when the URI has no user part
  std::string_view host;  // without brackets and port; empty when unparseable
};

// From / To / Contact value: name-addr ("Name"
// <sip:user@host:port;params>;tag=x) or addr-spec (sip:user@host;tag=x). The
// scheme is skipped whatever it is (sip, sips, tel, ...).
UserHost ParseNameAddr(std::string_view value);

// Call-ID "local@host": the host part, empty without '@'.
std::string_view CallIdHost(std::string_view call_id);

// Top Via value "SIP/2.0/UDP host:port;branch=...": the sent-by host.
std::string_view ViaHost(std::string_view via);

// The tag parameter of a From/To value (after the URI), empty when absent.
std::string_view HeaderTag(std::string_view value);

// Share of ASCII digits in s (0 when empty).
float DigitShare(std::string_view s);

// Length and digit count of s, not counting dotted-quad IPv4 literals embedded
// in it (SIPp puts the client address in the From user): text shape must not
// change with the network's addresses.
struct TextShape {
  int length = 0;
  int digits = 0;
  bool has_address = false;
  float digit_share() const { return length ? float(digits) / float(length) : 0.0f; }
};
TextShape ShapeWithoutAddresses(std::string_view s);

// True when host is the text of addr: util::IpAddress::Parse(host) == addr, without its copy
// and inet_pton call for the common cases (a dotted quad, a host name); text with ':' or '['
// still goes through Parse.
bool HostIsAddress(std::string_view host, const util::IpAddress& addr);

// 64-bit hash of a byte string (Call-IDs), seeded.
uint64_t HashBytes(std::string_view s, uint64_t seed);

}  // namespace features
