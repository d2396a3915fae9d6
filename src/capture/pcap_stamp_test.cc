// Record stamps as OpenFile hands them out: a pcapng stamp is 64-bit, so its seconds can be far
// past what int64 microseconds hold; they are clamped (packet_source.h) instead of overflowing
// (found by fuzz/pcap_file_fuzz.cc: undefined behaviour under UBSan).
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>

#include "capture/frame_testing.h"
#include "capture/packet_source.h"
#include "capture/testing_util.h"

namespace capture {
namespace {

using namespace capture::testing;  // NOLINT

void Put32(Bytes* b, uint32_t v) {
  for (int i = 0; i < 4; ++i) b->push_back(uint8_t(v >> (8 * i)));
}

// A little-endian pcapng: section header, one Ethernet interface (microsecond stamps), one
// enhanced packet block per stamp.
Bytes Pcapng(const Bytes& frame, std::initializer_list<uint64_t> stamps) {
  Bytes b;
  for (uint32_t v : {0x0a0d0d0au, 28u, 0x1a2b3c4du, 1u, 0xffffffffu, 0xffffffffu, 28u})
    Put32(&b, v);  // major 1 minor 0 (one word), section length -1
  for (uint32_t v : {1u, 20u, 1u, 0u, 20u}) Put32(&b, v);  // link 1, snaplen 0
  const uint32_t padded = uint32_t(frame.size() + 3) / 4 * 4;
  for (uint64_t ts : stamps) {
    for (uint32_t v : {6u, 32 + padded, 0u, uint32_t(ts >> 32), uint32_t(ts),
                       uint32_t(frame.size()), uint32_t(frame.size())})
      Put32(&b, v);
    b.insert(b.end(), frame.begin(), frame.end());
    b.resize(b.size() + padded - frame.size());
    Put32(&b, 32 + padded);
  }
  return b;
}

TEST(PcapStampTest, HugePcapngStampsAreClampedNotOverflowed) {
  TempDir dir;
  const Bytes frame = Ethernet(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, "INVITE x"));
  const uint64_t max = ~uint64_t{0};  // 18,446,744,073,709 s and 551,615 us
  const Bytes file = Pcapng(frame, {1'700'000'000'123'456, max, 2'000'000'000'000'000});
  std::ofstream(dir.File("huge.pcapng"), std::ios::binary)
      .write(reinterpret_cast<const char*>(file.data()), file.size());
  auto src = OpenFile(dir.File("huge.pcapng"));
  ASSERT_TRUE(src.ok()) << src.status().message();
  Datagram d;
  std::vector<util::Micros> ts;
  while ((*src)->Next(&d).value()) ts.push_back(d.ts);
  ASSERT_EQ(ts.size(), 3u);
  EXPECT_EQ(ts[0], 1'700'000'000'123'456);
  EXPECT_EQ(ts[1], kMaxStampSeconds * 1'000'000 + 551'615);
  EXPECT_EQ(ts[2], 2'000'000'000'000'000);  // year 65,000: below the clamp, kept
}

}  // namespace
}  // namespace capture
