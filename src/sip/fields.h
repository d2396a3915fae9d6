// Parsers of the structured header values the detector reads: URIs, name-addr / addr-spec
// (From, To, Contact), Via, and comma-separated lists. Each takes a trimmed value and fills a
// zero-copy view; false means the value is malformed (the fields read so far stay set).
#pragma once

#include <string_view>

#include "sip/message.h"

namespace sip {

// RFC 3261 19.1 for sip/sips ("sip:user:pw@host:port;params?headers", IPv6 in brackets);
// other schemes ("tel:", "http:") only need "scheme:" and no whitespace.
bool ParseUri(std::string_view text, Uri* uri);

// One name-addr or addr-spec with header parameters. In addr-spec form the URI ends at the
// first ';' or whitespace: those parameters belong to the header ("From: sip:a@b;tag=x").
bool ParseNameAddr(std::string_view value, NameAddr* out);

// One via-parm: "SIP/2.0/UDP host[:port] *(;param)", with LWS allowed around '/' and ':'.
bool ParseVia(std::string_view via_parm, Via* out);

// The same three without resetting *out first: for the parser, whose Message is reset once.
bool ParseUriFresh(std::string_view text, Uri* uri);
bool ParseNameAddrFresh(std::string_view value, NameAddr* out);
bool ParseViaFresh(std::string_view via_parm, Via* out);

// The first element of a comma-separated value (commas inside quotes or <> don't count), trimmed.
std::string_view FirstElement(std::string_view value);
// How many comma-separated elements the value has (at least 1).
int CountElements(std::string_view value);

}  // namespace sip
