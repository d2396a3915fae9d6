#include "lab/loopback_sources.h"

#include <string>
#include <unordered_set>

#include "sim/network.h"
#include "sim/rng.h"

namespace lab {
namespace {

constexpr uint32_t kLoopback = 127u << 24;
constexpr int kMaxRandom = 65536;  // far more than a socket pool may hold

uint32_t ToLoopback(uint32_t a) { return kLoopback | (a & 0x00ffffffu); }

// The simulator's random spoofing range: first octet 1-223 except 127.
bool RoutedUnicast(uint32_t a) {
  uint32_t o = a >> 24;
  return o >= 1 && o <= 223 && o != 127;
}

bool Usable(uint32_t a, uint32_t exclude) {
  uint32_t last = a & 255;
  return last != 0 && last != 255 && a != exclude;
}

// The simulator's network 1 with its default 50 phones: the same subnet and
// list it spoofs.
const sim::Network &Network1() {
  static const sim::Network net = sim::MakeNetwork(1, 50);
  return net;
}

std::vector<uint32_t> Candidates(dataset::Spoofing mode, uint32_t exclude, bool loopback) {
  std::vector<uint32_t> out;
  std::unordered_set<uint32_t> seen;
  auto add = [&](uint32_t a) {
    if (loopback) a = ToLoopback(a);
    if (Usable(a, exclude) && seen.insert(a).second) out.push_back(a);
  };
  if (mode == dataset::Spoofing::kSubnet) {
    const sim::Subnet &s = Network1().attacker_subnet;
    for (uint32_t h = 1; h < (1u << (32 - s.length)) - 1; ++h) add(s.prefix + h);
  } else if (mode == dataset::Spoofing::kList) {
    for (uint32_t a : Network1().spoof_list) add(a);
  }
  return out;
}

}  // namespace

// Both pools: the simulator's modes, moved into 127/8 or not.
static util::Result<std::vector<uint32_t>> Sources(dataset::Spoofing mode, int count, uint64_t seed,
                                                   uint32_t exclude, bool loopback);

int MaxSources(dataset::Spoofing mode) {
  if (mode == dataset::Spoofing::kRandom) return kMaxRandom;
  return int(Candidates(mode, 0, true).size());
}

util::Result<std::vector<uint32_t>> LoopbackSources(dataset::Spoofing mode, int count,
                                                    uint64_t seed, uint32_t exclude) {
  return Sources(mode, count, seed, exclude, true);
}

util::Result<std::vector<uint32_t>> SpoofedSources(dataset::Spoofing mode, int count, uint64_t seed,
                                                   uint32_t exclude) {
  return Sources(mode, count, seed, exclude, false);
}

static util::Result<std::vector<uint32_t>> Sources(dataset::Spoofing mode, int count, uint64_t seed,
                                                   uint32_t exclude, bool loopback) {
  if (count < 1) return util::Status::Error("--sources must be at least 1");
  if (mode == dataset::Spoofing::kRandom) {
    if (count > kMaxRandom)
      return util::Status::Error("--sources " + std::to_string(count) + ": at most " +
                                 std::to_string(kMaxRandom) + " random sources");
    sim::Rng rng(sim::Mix(seed, 0x73726373ull));
    std::vector<uint32_t> out;
    std::unordered_set<uint32_t> seen;
    while (int(out.size()) < count) {
      uint32_t a = loopback ? kLoopback | uint32_t(rng.Below(1u << 24))
                            : uint32_t(rng.Below(uint64_t(1) << 32));
      if ((loopback || RoutedUnicast(a)) && Usable(a, exclude) && seen.insert(a).second)
        out.push_back(a);
    }
    return out;
  }
  std::vector<uint32_t> all = Candidates(mode, exclude, loopback);
  if (count > int(all.size()))
    return util::Status::Error("--sources " + std::to_string(count) + ": --spoof " +
                               std::string(dataset::Name(mode)) + " has only " +
                               std::to_string(all.size()) + " addresses");
  if (mode == dataset::Spoofing::kSubnet) {
    // A seeded choice of `count` hosts of the /24 (partial Fisher-Yates).
    sim::Rng rng(sim::Mix(seed, 0x736e6574ull));
    for (size_t i = 0; i < size_t(count); ++i)
      std::swap(all[i], all[i + size_t(rng.Below(all.size() - i))]);
  }
  all.resize(size_t(count));
  return all;
}

}  // namespace lab
