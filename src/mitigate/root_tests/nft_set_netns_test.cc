// Root only (registered by CMake when configured as root with nft and ip): a real nft set in a
// fresh network namespace receives a banned address with a 2 s timeout, which then expires.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "mitigate/nft_set.h"
#include "mitigate/root_tests/netns_testing.h"

namespace mitigate {
namespace {

TEST(BanWriterNetns, AddsElementsWithTimeoutThatExpire) {
  TestNetns ns;
  ASSERT_TRUE(ns.ok());
  ASSERT_EQ(Sh(ns.Exec("nft add table inet sipddos_t")), 0);
  ASSERT_EQ(Sh(ns.Exec("nft add set inet sipddos_t banned4 '{ type ipv4_addr; flags timeout; }'")),
            0);
  ASSERT_EQ(Sh(ns.Exec("nft add set inet sipddos_t banned6 '{ type ipv6_addr; flags timeout; }'")),
            0);
  ASSERT_EQ(Sh(ns.Exec("nft add set inet sipddos_t plain4 '{ type ipv4_addr; }'")), 0);
  BanWriterStats stats;
  bool entered = ns.RunInside([&] {
    BanWriterOptions bad;
    bad.set4 = {"inet", "sipddos_t", "missing"};
    auto missing = BanWriter::Start(bad);
    ASSERT_FALSE(missing.ok());
    EXPECT_NE(missing.status().message().find("inet:sipddos_t:missing"), std::string::npos);
    bad.set4 = {"inet", "sipddos_t", "plain4"};
    auto no_timeout = BanWriter::Start(bad);
    ASSERT_FALSE(no_timeout.ok());
    EXPECT_NE(no_timeout.status().message().find("flags timeout"), std::string::npos);

    BanWriterOptions o;
    o.set4 = {"inet", "sipddos_t", "banned4"};
    o.set6 = NftSetRef{"inet", "sipddos_t", "banned6"};
    o.ban_time_s = 2;
    auto w = BanWriter::Start(o);
    ASSERT_TRUE(w.ok()) << w.status().message();
    EXPECT_TRUE((*w)->Enqueue(*util::IpAddress::Parse("192.0.2.10")));
    EXPECT_TRUE((*w)->Enqueue(*util::IpAddress::Parse("192.0.2.11")));
    EXPECT_TRUE((*w)->Enqueue(*util::IpAddress::Parse("2001:db8::10")));
    (*w)->Stop();
    stats = (*w)->stats();
  });
  ASSERT_TRUE(entered);
  EXPECT_EQ(stats.added, 3u) << stats.last_error;
  EXPECT_EQ(stats.failed, 0u);

  std::string out;
  ASSERT_EQ(Sh(ns.Exec("nft list table inet sipddos_t"), &out), 0);
  EXPECT_NE(out.find("192.0.2.10 timeout 2s expires"), std::string::npos) << out;
  EXPECT_NE(out.find("192.0.2.11 timeout 2s expires"), std::string::npos) << out;
  EXPECT_NE(out.find("2001:db8::10 timeout 2s expires"), std::string::npos) << out;
  // The host's ruleset never saw it.
  Sh("nft list tables", &out);
  EXPECT_EQ(out.find("sipddos_t"), std::string::npos);

  std::this_thread::sleep_for(std::chrono::milliseconds(2600));
  ASSERT_EQ(Sh(ns.Exec("nft list table inet sipddos_t"), &out), 0);
  EXPECT_EQ(out.find("192.0.2.10"), std::string::npos) << out;
  EXPECT_EQ(out.find("2001:db8::10"), std::string::npos) << out;
}

TEST(BanWriterNetns, AddsAreRateLimited) {
  TestNetns ns;
  ASSERT_TRUE(ns.ok());
  ASSERT_EQ(Sh(ns.Exec("nft add table inet t")), 0);
  ASSERT_EQ(Sh(ns.Exec("nft add set inet t s '{ type ipv4_addr; flags timeout; }'")), 0);
  BanWriterStats after_half_second;
  ns.RunInside([&] {
    BanWriterOptions o;
    o.set4 = {"inet", "t", "s"};
    o.max_adds_per_s = 10;
    auto w = BanWriter::Start(o);
    ASSERT_TRUE(w.ok()) << w.status().message();
    for (int i = 1; i <= 50; ++i)
      (*w)->Enqueue(util::IpAddress::V4(0xc0000200u + uint32_t(i)));  // 192.0.2.i
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    after_half_second = (*w)->stats();
    (*w)->Stop();  // flushes the rest at once
    EXPECT_EQ((*w)->stats().added, 50u);
  });
  // A burst of 10 at once, then 10/s: about 15 after 0.5 s, far from all 50.
  EXPECT_GE(after_half_second.added, 10u);
  EXPECT_LE(after_half_second.added, 20u);
}

}  // namespace
}  // namespace mitigate
