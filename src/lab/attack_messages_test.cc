#include "lab/attack_messages.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "sim/messages.h"
#include "sip/parser.h"

namespace lab {
namespace {

constexpr uint32_t kTarget = 127u << 24 | 1;
constexpr uint32_t kSrc = 127u << 24 | 16u << 16 | 66u << 8 | 7;

TEST(AttackMessages, MrSipInviteParsesWithItsLayout) {
  AttackMessages m(dataset::Tool::kMrSip, kTarget, 15060, 1);
  std::string text;
  std::set<std::string> call_ids, agents;
  for (int64_t k = 0; k < 200; ++k) {
    m.Render(k, kSrc, 23456, &text);
    sip::Message msg;
    ASSERT_TRUE(sip::Parse(text, &msg).ok()) << text;
    EXPECT_TRUE(msg.is_invite());
    EXPECT_TRUE(msg.has(sip::kFlagBareLf));  // Mr.SIP's LF line endings
    EXPECT_EQ(text.find('\r'), std::string::npos);
    EXPECT_EQ(msg.top_via.host, "127.16.66.7");
    EXPECT_EQ(msg.top_via.port, 23456);
    EXPECT_TRUE(msg.top_via.rport);
    EXPECT_EQ(msg.request_uri.host, "127.0.0.1");
    EXPECT_EQ(msg.content_length, 585);
    EXPECT_EQ(msg.body.size(), 585u);
    EXPECT_EQ(msg.max_forwards, 70);
    const auto& ua = sim::MrSipUserAgents();
    EXPECT_NE(std::find(ua.begin(), ua.end(), msg.user_agent), ua.end()) << msg.user_agent;
    call_ids.insert(std::string(msg.call_id));
    agents.insert(std::string(msg.user_agent));
  }
  EXPECT_EQ(call_ids.size(), 200u);  // a fresh dialog per message
  EXPECT_GT(agents.size(), 10u);
}

TEST(AttackMessages, MimicInviteIsSippLikeCrlf) {
  AttackMessages m(dataset::Tool::kMimic, kTarget, 15060, 1);
  std::string text;
  m.Render(4, kSrc, 5060, &text);
  sip::Message msg;
  ASSERT_TRUE(sip::Parse(text, &msg).ok()) << text;
  EXPECT_TRUE(msg.is_invite());
  EXPECT_FALSE(msg.has(sip::kFlagBareLf));
  EXPECT_EQ(msg.subject, "Performance Test");
  EXPECT_EQ(msg.top_via.host, "127.16.66.7");
  EXPECT_EQ(msg.request_uri.host, "127.0.0.1");
  EXPECT_EQ(msg.request_uri.port, 15060);
  EXPECT_THAT(std::string(msg.call_id),
              ::testing::StartsWith("5-"));  // call number k + 1
}

TEST(AttackMessages, SameSeedSameTextOtherSeedOtherText) {
  AttackMessages a(dataset::Tool::kMrSip, kTarget, 5060, 1),
      b(dataset::Tool::kMrSip, kTarget, 5060, 1), c(dataset::Tool::kMrSip, kTarget, 5060, 2);
  std::string x, y, z;
  a.Render(10, kSrc, 1000, &x);
  b.Render(10, kSrc, 1000, &y);
  c.Render(10, kSrc, 1000, &z);
  EXPECT_EQ(x, y);
  EXPECT_NE(x, z);
}

}  // namespace
}  // namespace lab
