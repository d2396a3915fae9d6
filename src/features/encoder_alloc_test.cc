// Encoder::Consume must not allocate: counts global operator new calls around a
// stream.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string>
#include <vector>

#include "features/encoder.h"

namespace {
std::atomic<long> g_allocations{0};
}

void* operator new(size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace features {
namespace {

TEST(EncoderAllocation, ConsumeAllocatesNothing) {
  Encoder enc({.set = FeatureSet::kFull});
  std::vector<std::string> calls, froms;
  for (int i = 0; i < 5000; ++i) {
    calls.push_back(std::to_string(i) + "-abcdef@10.0.0.1");
    froms.push_back("<sip:" + std::to_string(1000 + i % 9000) +
                    "@10.0.0.1>;tag=" + std::to_string(i));
  }
  std::vector<float> v(enc.size());
  long before = g_allocations.load();
  for (int i = 0; i < 5000; ++i) {
    SipEvent e;
    e.time = i * 1000;
    e.kind = i % 3 == 2 ? EventKind::kAck : EventKind::kInvite;
    e.src = util::IpAddress::V4(0x0a000000u + uint32_t(i % 700));
    e.from = froms[i];
    e.contact = froms[i];
    e.call_id = calls[i - i % 3];
    e.via = "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK";
    enc.Consume(e, v.data());
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_GT(enc.stats().invites, 3000u);
}

}  // namespace
}  // namespace features
