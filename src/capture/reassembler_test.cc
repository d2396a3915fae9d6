#include "capture/reassembler.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace capture {
namespace {

FragmentKey Key(uint32_t id, uint8_t last_octet = 1) {
  uint8_t a[4] = {192, 0, 2, last_octet}, b[4] = {192, 0, 2, 200};
  return {util::IpAddress::V4Bytes(a), util::IpAddress::V4Bytes(b), id, 17};
}

std::vector<uint8_t> Bytes(size_t n, uint8_t fill) { return std::vector<uint8_t>(n, fill); }

TEST(ReassemblerTest, AtMostMaxDatagramsOldestEvicted) {
  Stats stats;
  Reassembler r({.max_datagrams = 4}, &stats);
  Reassembler::Completed done;
  auto piece = Bytes(8, 'a');
  for (uint32_t id = 0; id < 6; ++id)
    EXPECT_FALSE(r.Add(id, Key(id), 0, /*more=*/true, 17, piece, &done));
  EXPECT_EQ(r.in_progress(), 4u);
  EXPECT_EQ(stats.fragment_evictions, 2u);
  // The newest completes; the oldest (id 0) was evicted, so its last piece starts afresh.
  EXPECT_TRUE(r.Add(10, Key(5), 8, false, 17, piece, &done));
  EXPECT_EQ(done.payload.size(), 16u);
  EXPECT_EQ(done.proto, 17);
  EXPECT_FALSE(r.Add(11, Key(0), 8, false, 17, piece, &done));
  EXPECT_EQ(stats.fragment_evictions,
            2u);  // a free slot was there (id 5 completed)
}

TEST(ReassemblerTest, MemoryStaysWithinMaxBytes) {
  Stats stats;
  const size_t kMax = 256 * 1024;
  Reassembler r({.max_datagrams = 64, .max_bytes = kMax}, &stats);
  Reassembler::Completed done;
  auto piece = Bytes(1000, 'x');
  // Each datagram's piece lies near the end of a 64 KiB datagram: ~62 KiB of buffer each.
  for (uint32_t id = 0; id < 20; ++id) {
    EXPECT_FALSE(r.Add(id, Key(id), 60000, true, 17, piece, &done));
    EXPECT_LE(r.bytes_held(), kMax);
  }
  EXPECT_EQ(r.in_progress(), kMax / 61000);  // the rest were evicted for memory
  EXPECT_EQ(stats.fragment_evictions, 20 - kMax / 61000);
}

TEST(ReassemblerTest, RandomFloodNeverExceedsBounds) {
  Stats stats;
  ReassemblyLimits limits{.max_datagrams = 32, .max_bytes = 512 * 1024, .timeout = 1'000'000};
  Reassembler r(limits, &stats);
  Reassembler::Completed done;
  std::mt19937 rng(42);
  std::vector<uint8_t> data(3000, 'r');
  util::Micros ts = 0;
  for (int i = 0; i < 50000; ++i) {
    ts += rng() % 1000;
    uint32_t id = rng() % 200;
    uint32_t off = (rng() % 9000) * 8;
    size_t len = 8 + rng() % 2992;
    bool more = rng() % 4 != 0;
    if (r.Add(ts, Key(id, uint8_t(rng() % 3)), off, more, 17, {data.data(), len}, &done)) {
      EXPECT_LE(done.payload.size(), Reassembler::kMaxDatagram);
    }
    ASSERT_LE(r.bytes_held(), limits.max_bytes);
    ASSERT_LE(r.in_progress(), limits.max_datagrams);
  }
  EXPECT_GT(stats.fragment_evictions + stats.fragment_timeouts + stats.fragment_errors, 0u);
  r.Finish();
  EXPECT_EQ(r.in_progress(), 0u);
}

TEST(ReassemblerTest, BadFragmentsDropTheDatagram) {
  Stats stats;
  Reassembler r({}, &stats);
  Reassembler::Completed done;
  auto piece = Bytes(8, 'p');
  // Beyond 64 KiB.
  EXPECT_FALSE(r.Add(1, Key(1), 65528, false, 17, Bytes(16, 'p'), &done));
  EXPECT_EQ(stats.fragment_errors, 1u);
  // Two different last fragments.
  EXPECT_FALSE(r.Add(1, Key(2), 16, false, 17, piece, &done));
  EXPECT_FALSE(r.Add(1, Key(2), 32, false, 17, piece, &done));
  EXPECT_EQ(stats.fragment_errors, 2u);
  // Data beyond the known end.
  EXPECT_FALSE(r.Add(1, Key(3), 16, false, 17, piece, &done));
  EXPECT_FALSE(r.Add(1, Key(3), 40, true, 17, piece, &done));
  EXPECT_EQ(stats.fragment_errors, 3u);
  // More pieces than a datagram may hold: every other 8-byte block.
  for (uint32_t i = 0; i < Reassembler::kMaxPieces; ++i)
    EXPECT_FALSE(r.Add(1, Key(4), i * 16, true, 17, piece, &done));
  EXPECT_EQ(stats.fragment_errors, 3u);
  EXPECT_FALSE(r.Add(1, Key(4), Reassembler::kMaxPieces * 16, true, 17, piece, &done));
  EXPECT_EQ(stats.fragment_errors, 4u);
  EXPECT_EQ(r.in_progress(), 0u);
}

TEST(ReassemblerTest, PiecesMergeFromBothSides) {
  Stats stats;
  Reassembler r({}, &stats);
  Reassembler::Completed done;
  std::string want;
  for (int i = 0; i < 5; ++i) want += std::string(8, char('a' + i));
  auto piece = [&](int i) {
    return std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(want.data()) + i * 8, 8);
  };
  for (int i : {1, 3, 0, 4}) EXPECT_FALSE(r.Add(1, Key(1), i * 8, i != 4, 0, piece(i), &done));
  ASSERT_TRUE(r.Add(1, Key(1), 16, true, 0, piece(2), &done));
  EXPECT_EQ(std::string(done.payload.begin(), done.payload.end()), want);
}

TEST(ReassemblerTest, BuffersAreReused) {
  Stats stats;
  Reassembler r({}, &stats);
  Reassembler::Completed done;
  auto piece = Bytes(1480, 'b');
  for (uint32_t id = 0; id < 100; ++id) {
    EXPECT_FALSE(r.Add(id, Key(id), 0, true, 17, piece, &done));
    ASSERT_TRUE(r.Add(id, Key(id), 1480, false, 17, piece, &done));
  }
  EXPECT_LE(r.bytes_held(),
            2 * 4096u);  // one slot buffer and the completed one, swapped
}

}  // namespace
}  // namespace capture
