#include "mitigate/shared_ban_table.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

#include "mitigate/invite_policy.h"

namespace mitigate {
namespace {

constexpr util::Micros kSecond = 1'000'000;
constexpr util::Micros kT0 = 1'700'000'000 * kSecond;

util::IpAddress Addr(const std::string &s) { return *util::IpAddress::Parse(s); }
util::IpAddress Nth(int i) { return util::IpAddress::V4(0xC6120000u + uint32_t(i)); }

TEST(SharedBanTable, BannedUntilExpiryThenNot) {
  SharedBanTable t(64, 7);
  EXPECT_FALSE(t.Banned(Addr("192.0.2.9"), kT0));
  t.Ban(Addr("192.0.2.9"), kT0 + 10 * kSecond);
  EXPECT_TRUE(t.Banned(Addr("192.0.2.9"), kT0));
  EXPECT_TRUE(t.Banned(Addr("192.0.2.9"), kT0 + 10 * kSecond - 1));
  EXPECT_FALSE(t.Banned(Addr("192.0.2.9"), kT0 + 10 * kSecond));
  EXPECT_FALSE(t.Banned(Addr("192.0.2.10"), kT0));
  EXPECT_FALSE(t.Banned(Addr("2001:db8::9"), kT0));
  t.Ban(Addr("2001:db8::9"), kT0 + kSecond);
  EXPECT_TRUE(t.Banned(Addr("2001:db8::9"), kT0));
}

TEST(SharedBanTable, LaterExpiryWinsAndEarlierDoesNotShorten) {
  SharedBanTable t(64, 7);
  t.Ban(Addr("192.0.2.9"), kT0 + 5 * kSecond);
  t.Ban(Addr("192.0.2.9"), kT0 + 2 * kSecond);
  EXPECT_TRUE(t.Banned(Addr("192.0.2.9"), kT0 + 4 * kSecond));
  t.Ban(Addr("192.0.2.9"), kT0 + 9 * kSecond);
  EXPECT_TRUE(t.Banned(Addr("192.0.2.9"), kT0 + 8 * kSecond));
  EXPECT_EQ(t.inserted(), 1u);
}

TEST(SharedBanTable, SizeIsBoundedAndSoonestExpiryIsEvicted) {
  SharedBanTable t(256, 7);
  ASSERT_EQ(t.capacity(), 256u);
  // 10x the capacity: the table stays at its size and evicts.
  for (int i = 0; i < 2560; ++i) t.Ban(Nth(i), kT0 + (1 + i) * kSecond);
  EXPECT_EQ(t.inserted(), 2560u);
  EXPECT_EQ(t.evictions(), 2560u - 256u);
  int kept_recent = 0, kept_old = 0;
  for (int i = 0; i < 256; ++i) kept_old += t.Banned(Nth(i), kT0);
  for (int i = 2304; i < 2560; ++i) kept_recent += t.Banned(Nth(i), kT0);
  // The longest bans survive: each set evicted its soonest-expiring entry.
  EXPECT_GT(kept_recent, 128);
  EXPECT_LT(kept_old, 16);
}

// One writer replacing slots while a reader checks an address that is never
// banned: the reader must never see another address's ban (the key is re-read
// after the expiry).
TEST(SharedBanTable, ConcurrentReaderNeverSeesAnotherAddressBan) {
  SharedBanTable t(4, 7);  // one set: every Ban replaces a slot the reader is scanning
  const util::IpAddress never = Addr("203.0.113.1");
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> wrong{0}, reads{0};
  std::thread reader([&] {
    while (!stop.load()) {
      if (t.Banned(never, kT0)) wrong.fetch_add(1);
      reads.fetch_add(1, std::memory_order_relaxed);
    }
  });
  for (int i = 0; i < 200000; ++i) t.Ban(Nth(i), kT0 + kSecond * (1 + i % 7));
  stop = true;
  reader.join();
  EXPECT_GT(reads.load(), 0u);
  EXPECT_EQ(wrong.load(), 0u);
}

detect::MessageContext Ctx(bool attack) {
  detect::MessageContext ctx;
  ctx.invite = true;
  ctx.attack_active = attack;
  ctx.server = {Addr("10.0.0.1"), 5060};
  ctx.source_state = true;
  return ctx;
}

features::SipEvent Invite(const std::string &src, util::Micros t,
                          features::EventKind kind = features::EventKind::kInvite) {
  features::SipEvent e;
  e.kind = kind;
  e.time = t;
  e.src = Addr(src);
  e.dst = Addr("10.0.0.1");
  e.sport = e.dport = 5060;
  e.call_id = "c" + std::to_string(t);
  return e;
}

TEST(PolicySharedBan, BannedSourceDropsWithOrWithoutAttackUntilExpiry) {
  PolicyOptions o;
  o.seed = 42;
  o.allow = {*util::Cidr::Parse("192.0.2.0/24")};
  InvitePolicy p(o);
  p.external_bans().Ban(Addr("198.51.100.7"), kT0 + 10 * kSecond);
  p.external_bans().Ban(Addr("192.0.2.5"),
                        kT0 + 10 * kSecond);  // allowlisted: ignored
  EXPECT_EQ(p.Decide(Invite("198.51.100.7", kT0), Ctx(false)), Reason::kSharedBan);
  EXPECT_EQ(p.Decide(Invite("198.51.100.7", kT0 + kSecond), Ctx(true)), Reason::kSharedBan);
  EXPECT_EQ(VerdictOf(Reason::kSharedBan), Verdict::kDrop);
  EXPECT_EQ(p.Decide(Invite("198.51.100.8", kT0), Ctx(false)), Reason::kNoAttack);
  EXPECT_EQ(p.Decide(Invite("192.0.2.5", kT0), Ctx(false)), Reason::kNoAttack);
  EXPECT_EQ(p.Decide(Invite("192.0.2.5", kT0), Ctx(true)), Reason::kAllowlisted);
  // Not an INVITE: never judged.
  EXPECT_EQ(p.Decide(Invite("198.51.100.7", kT0, features::EventKind::kAck), Ctx(true)),
            Reason::kNotInvite);
  EXPECT_EQ(p.Decide(Invite("198.51.100.7", kT0 + 10 * kSecond), Ctx(false)), Reason::kNoAttack);
  EXPECT_EQ(p.count(Reason::kSharedBan), 2u);
  EXPECT_STREQ(ReasonName(Reason::kSharedBan), "shared_ban");
}

}  // namespace
}  // namespace mitigate
