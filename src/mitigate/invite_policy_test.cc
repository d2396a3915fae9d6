#include "mitigate/invite_policy.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace mitigate {
namespace {

using features::EventKind;
using features::SipEvent;

constexpr util::Micros kSecond = 1'000'000;
constexpr util::Micros kT0 = 1'700'000'000 * kSecond;

const util::IpAddress kServer = *util::IpAddress::Parse("10.0.0.1");

class PolicyTest : public ::testing::Test {
 protected:
  void Make(PolicyOptions o = {}, bool bans = false) {
    o.seed = 42;
    policy_ = std::make_unique<InvitePolicy>(
        o, bans ? InvitePolicy::BanSink(
                      [this](const util::IpAddress &a, util::Micros t) { bans_.push_back(a); })
                : InvitePolicy::BanSink());
  }
  // Decides one message from `src` at `t` with Call-ID `call_id`.
  Reason Send(const std::string &src, util::Micros t, const std::string &call_id,
              bool attack = true, bool known = false, EventKind kind = EventKind::kInvite) {
    SipEvent e;
    e.kind = kind;
    e.time = t;
    e.src = *util::IpAddress::Parse(src);
    e.dst = kServer;
    e.sport = e.dport = 5060;
    e.call_id = call_id;
    detect::MessageContext ctx;
    ctx.invite = kind == EventKind::kInvite;
    ctx.attack_active = attack;
    ctx.server = {kServer, 5060};
    ctx.source_state = true;
    ctx.source_known = known;
    ctx.source_seen = known;
    return policy_->Decide(e, ctx);
  }
  static std::string Spoofed(int i) {
    return "198." + std::to_string(18 + i / 65536 % 2) + "." + std::to_string(i / 256 % 256) + "." +
           std::to_string(i % 256);
  }
  std::unique_ptr<InvitePolicy> policy_;
  std::vector<util::IpAddress> bans_;
};

TEST_F(PolicyTest, NoAttackAcceptsEverything) {
  Make();
  for (int i = 0; i < 2000; ++i) {
    util::Micros t = kT0 + i * 1000;  // 1000 INVITE/s from distinct sources
    EXPECT_EQ(Send(Spoofed(i), t, "c" + std::to_string(i), /*attack=*/false), Reason::kNoAttack);
  }
  EXPECT_EQ(policy_->count(Reason::kNoAttack), 2000u);
}

TEST_F(PolicyTest, NonInvitesAlwaysPassDuringAttack) {
  Make();
  for (EventKind k : {EventKind::kAck, EventKind::kBye, EventKind::kCancel, EventKind::kResponse,
                      EventKind::kOtherRequest}) {
    for (int i = 0; i < 500; ++i) {
      Reason r = Send("203.0.113.5", kT0 + i, "same", true, false, k);
      EXPECT_EQ(r, Reason::kNotInvite);
      EXPECT_EQ(VerdictOf(r), Verdict::kAccept);
    }
  }
}

TEST_F(PolicyTest, SpoofedFloodHeldToServerBudget) {
  PolicyOptions o;
  Make(o);
  int accepted = 0;
  for (int i = 0; i < 10'000; ++i) {  // 1000/s for 10 s, every source new
    Reason r = Send(Spoofed(i), kT0 + i * 1000, "f" + std::to_string(i));
    if (VerdictOf(r) == Verdict::kAccept) {
      EXPECT_EQ(r, Reason::kNewDialog);
      ++accepted;
    } else {
      EXPECT_EQ(r, Reason::kNewDialogBudget);
    }
  }
  // burst + rate x 10 s (the bucket starts full)
  EXPECT_LE(accepted, int(o.new_dialog_burst + o.new_dialog_rate * 10) + 1);
  EXPECT_GE(accepted, int(o.new_dialog_burst + o.new_dialog_rate * 10) - 1);
}

TEST_F(PolicyTest, KnownCallersPassAtTheirRateAndAreCappedAbove) {
  PolicyOptions o;
  o.known_rate = 20;
  o.known_burst = 20;
  Make(o);
  // 10 calls/s from a caller with completed dialogs, inside a spoofed flood:
  // all pass.
  for (int i = 0; i < 100; ++i) {
    for (int j = 0; j < 100; ++j) Send(Spoofed(i * 100 + j), kT0 + i * 100'000 + j * 1000, "x");
    EXPECT_EQ(Send("10.0.0.2", kT0 + i * 100'000 + 500, "legit" + std::to_string(i), true, true),
              Reason::kKnownCaller);
  }
  // A known caller sending 200/s for 5 s is cut to ~20/s.
  int accepted = 0;
  for (int i = 0; i < 1000; ++i)
    accepted += VerdictOf(Send("10.0.0.3", kT0 + i * 5000, "k" + std::to_string(i), true, true)) ==
                Verdict::kAccept;
  EXPECT_GE(accepted, 20 + 20 * 5 - 2);
  EXPECT_LE(accepted, 20 + 20 * 5 + 1);
  EXPECT_GT(policy_->count(Reason::kKnownOverRate), 800u);
}

TEST_F(PolicyTest, DroppedNewCallerGetsInOnItsRetransmission) {
  PolicyOptions o;
  Make(o);
  int i = 0;
  for (; i < 100; ++i) Send(Spoofed(i), kT0 + i * 100, "f" + std::to_string(i));  // budget spent
  const util::Micros t = kT0 + 10'000 + 1;
  EXPECT_EQ(Send("192.0.2.77", t, "real-call"), Reason::kNewDialogBudget);
  // An immediate copy is not a retransmission (RFC 3261 Timer A: 500 ms).
  EXPECT_EQ(Send("192.0.2.77", t + 1000, "real-call"), Reason::kNewDialogBudget);
  // The flood goes on and keeps the server's new-dialog budget empty...
  int refilled = 0;
  for (int k = 1; k < 500; ++k)
    refilled +=
        Send(Spoofed(i + k), t + k * 1000, "f" + std::to_string(i + k)) == Reason::kNewDialog;
  EXPECT_LE(refilled, 3);  // 5/s for 0.5 s
  // ...but the caller's retransmission 500 ms after its first INVITE passes,
  EXPECT_EQ(Send("192.0.2.77", t + 500'000, "real-call"), Reason::kRetransmission);
  // while a source repeating a Call-ID that was never dropped gains nothing by
  // it.
  EXPECT_EQ(Send("192.0.2.88", t + 500'001, "other"), Reason::kNewDialogBudget);
  EXPECT_EQ(Send("192.0.2.88", t + 500'002, "other"), Reason::kNewDialogBudget);
}

TEST_F(PolicyTest, OneUnprovenSourceIsHeldToItsOwnBucket) {
  PolicyOptions o;
  o.new_dialog_rate = 1000;  // plenty of server budget: the per-source bucket decides
  o.new_dialog_burst = 1000;
  Make(o);
  int accepted = 0;
  for (int i = 0; i < 500; ++i)  // 100/s for 5 s
    accepted += VerdictOf(Send("203.0.113.9", kT0 + i * 10'000, "s" + std::to_string(i))) ==
                Verdict::kAccept;
  EXPECT_GE(accepted, int(o.source_burst + o.source_rate * 5) - 1);
  EXPECT_LE(accepted, int(o.source_burst + o.source_rate * 5) + 1);
  EXPECT_GT(policy_->count(Reason::kSourceOverRate), 480u);
}

TEST_F(PolicyTest, AllowlistedSourcesAreNeverDroppedNorBanned) {
  PolicyOptions o;
  o.allow = {*util::Cidr::Parse("203.0.113.0/24")};
  Make(o, /*bans=*/true);
  for (int i = 0; i < 2000; ++i)  // 200/s for 10 s from one allowlisted address
    EXPECT_EQ(Send("203.0.113.40", kT0 + i * 5000, "a" + std::to_string(i)), Reason::kAllowlisted);
  EXPECT_TRUE(bans_.empty());
}

TEST_F(PolicyTest, SteadyHeavySourceIsBannedOnceWhileSpoofedAndServerAreNot) {
  PolicyOptions o;
  o.ban_time = 60 * kSecond;
  Make(o, /*bans=*/true);
  for (int i = 0; i < 2000; ++i) {  // 100/s for 20 s
    util::Micros t = kT0 + i * 10'000;
    Send("203.0.113.66", t, "h" + std::to_string(i));  // one real address
    Send(kServer.ToString(), t + 1,
         "s" + std::to_string(i));                     // the server's own address
    Send(Spoofed(i), t + 2, "r" + std::to_string(i));  // random spoofing
  }
  ASSERT_EQ(bans_.size(), 1u);
  EXPECT_EQ(bans_[0].ToString(), "203.0.113.66");
  EXPECT_EQ(policy_->bans_requested(), 1u);
  // After the ban time it is reported again if it keeps going.
  for (int i = 0; i < 1000; ++i)
    Send("203.0.113.66", kT0 + 61 * kSecond + i * 10'000, "again" + std::to_string(i));
  EXPECT_EQ(bans_.size(), 2u);
}

TEST_F(PolicyTest, KnownCallerOverRateIsBannedButAShortBurstIsNot) {
  PolicyOptions o;
  o.known_rate = 10;
  o.known_burst = 10;
  Make(o, true);
  for (int i = 0; i < 25; ++i)  // 25 INVITEs at once: 15 drops, below ban_min_drops
    Send("10.0.0.5", kT0 + i, "b" + std::to_string(i), true, true);
  EXPECT_TRUE(bans_.empty());
  for (int i = 0; i < 40; ++i) Send("10.0.0.5", kT0 + 100 + i, "c" + std::to_string(i), true, true);
  ASSERT_EQ(bans_.size(), 1u);
  EXPECT_EQ(bans_[0].ToString(), "10.0.0.5");
}

TEST_F(PolicyTest, SlowUnprovenSourceIsNotBanned) {
  Make({}, true);
  // 5/s for 60 s: over its own bucket (1/s) so many drops, but far below pike's
  // 30 per 2 s.
  for (int i = 0; i < 300; ++i) Send("203.0.113.70", kT0 + i * 200'000, "w" + std::to_string(i));
  EXPECT_GT(policy_->count(Reason::kSourceOverRate), 200u);
  EXPECT_TRUE(bans_.empty());
}

}  // namespace
}  // namespace mitigate
