// An INVITE without a User-Agent has an empty view with a null data pointer:
// OnInvite must not pass it to memcpy (UBSan "null pointer passed as argument 2",
// found by running `sipddos detect` under the sanitizer pass).
#include "detect/attack_evidence.h"

#include <gtest/gtest.h>

namespace detect {
namespace {

TEST(AttackEvidence, InviteWithoutUserAgentIsRecorded) {
  AttackEvidence evidence(4);
  features::SipEvent e{};
  ASSERT_EQ(e.user_agent.data(), nullptr);
  SourceFacts facts{};
  evidence.Start(0, 10.0);
  evidence.OnInvite(e, facts, /*attack_active=*/true, 10.0);
  evidence.OnInvite(e, facts, /*attack_active=*/true, 20.0);
  AlertEvent ev;
  evidence.Fill(&ev, 3);
  EXPECT_EQ(ev.user_agent_invites, 2u);
  ASSERT_EQ(ev.top_user_agents.size(), 1u);
  EXPECT_EQ(ev.top_user_agents[0].user_agent, "");
  EXPECT_DOUBLE_EQ(ev.peak_invite_rate, 20.0);
}

}  // namespace
}  // namespace detect
