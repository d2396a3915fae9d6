// The source addresses of a flood. LoopbackSources: the simulator's spoofing
// modes (sim/engine.cc) moved into 127.0.0.0/8 by replacing the first octet
// with 127, so that every address can be bound without configuration and
// nothing leaves the machine.
//   random: distinct addresses drawn over all of 127.0.0.0/8;
//   subnet: the attackers' LAN of network 1, 172.16.66.0/24 -> 127.16.66.0/24;
//   list:   network 1's spoofing list (16 phones' addresses, then outside
//   ones), in order.
// SpoofedSources (a lab flood, lab/raw_sender.h): the same modes with the
// simulator's own addresses (random: first octet 1-223 except 127).
#pragma once

#include <cstdint>
#include <vector>

#include "dataset/attack_label.h"
#include "util/status.h"

namespace lab {

// The most distinct sources each mode can give.
int MaxSources(dataset::Spoofing mode);

// `count` distinct IPv4 addresses (host order) in 127.0.0.0/8, none equal to
// `exclude`, none ending in .0 or .255; deterministic in `seed`. Error when the
// mode has fewer than `count`.
util::Result<std::vector<uint32_t>> LoopbackSources(dataset::Spoofing mode, int count,
                                                    uint64_t seed, uint32_t exclude);

// As LoopbackSources, with the simulator's addresses unchanged; MaxSources
// holds for both.
util::Result<std::vector<uint32_t>> SpoofedSources(dataset::Spoofing mode, int count, uint64_t seed,
                                                   uint32_t exclude);

}  // namespace lab
