#include "cluster/message.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cluster {
namespace {

TEST(Message, BanRoundTrips) {
  BanDecision b;
  b.addr = *util::IpAddress::Parse("198.51.100.7");
  b.reason = "attributed";
  b.sensor = "edge-1";
  b.decided_at = 1'700'000'000'123'456;
  b.expires = b.decided_at + 60'000'000;
  std::string json = EncodeBan(b);
  auto j = nlohmann::json::parse(json);
  EXPECT_EQ(j["type"], "ban");
  EXPECT_EQ(j["addr"], "198.51.100.7");
  auto d = DecodeBan(json);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->addr, b.addr);
  EXPECT_EQ(d->reason, b.reason);
  EXPECT_EQ(d->sensor, b.sensor);
  EXPECT_EQ(d->decided_at, b.decided_at);
  EXPECT_EQ(d->expires, b.expires);
  b.addr = *util::IpAddress::Parse("2001:db8::7");
  auto d6 = DecodeBan(EncodeBan(b));
  ASSERT_TRUE(d6.ok());
  EXPECT_EQ(d6->addr, b.addr);
}

TEST(Message, BadBansAreRefusedWithTheReason) {
  auto where = [](std::string_view text) { return DecodeBan(text).status().message(); };
  EXPECT_NE(where("{\"type\":\"ban\",").find("byte"), std::string::npos);
  EXPECT_NE(where("[1,2]").find("object"), std::string::npos);
  EXPECT_NE(where(R"({"type":"attack"})").find("type"), std::string::npos);
  EXPECT_NE(where(R"({"type":"ban","addr":"999.1.1.1","sensor":"a","expires":1,"decided_at":1})")
                .find("not an address"),
            std::string::npos);
  EXPECT_NE(where(R"({"type":"ban","addr":"192.0.2.1","expires":1,"decided_at":1})").find("sensor"),
            std::string::npos);
  EXPECT_NE(
      where(R"({"type":"ban","addr":"192.0.2.1","sensor":"a","expires":"soon","decided_at":1})")
          .find("expires"),
      std::string::npos);
}

// The canonical form is read by a fast scanner, anything else by nlohmann: both must agree.
TEST(Message, OtherSpellingsDecodeTheSame) {
  const std::vector<std::string> same = {
      R"({"type":"ban","addr":"192.0.2.1","reason":"r","sensor":"s1","decided_at":5,"expires":9})",
      R"( { "expires" : 9 , "sensor":"s1", "decided_at":5,"addr":"192.0.2.1","type":"ban",
           "reason":"r", "extra": 1 } )",
      R"({"type":"ban","addr":"192.0.2.1","reason":"r","sensor":"s\u0031","decided_at":5,"expires":9})",
      R"({"type":"ban","addr":"192.0.2.1","reason":"r","sensor":"s1","decided_at":5,"expires":9,"x":[1]})",
  };
  for (const auto& text : same) {
    auto d = DecodeBan(text);
    ASSERT_TRUE(d.ok()) << text << ": " << d.status().message();
    EXPECT_EQ(d->addr, *util::IpAddress::Parse("192.0.2.1")) << text;
    EXPECT_EQ(d->sensor, "s1") << text;
    EXPECT_EQ(d->reason, "r") << text;
    EXPECT_EQ(d->decided_at, 5) << text;
    EXPECT_EQ(d->expires, 9) << text;
  }
  auto no_reason =
      DecodeBan(R"({"type":"ban","addr":"192.0.2.1","sensor":"s","decided_at":5,"expires":9})");
  ASSERT_TRUE(no_reason.ok());
  EXPECT_EQ(no_reason->reason, "attributed");
  const std::vector<std::string> bad = {
      "{}",
      R"({"type":"ban","addr":"192.0.2.1","sensor":"s","decided_at":5,"expires":9.5})",
      R"({"type":"ban","addr":"192.0.2.1","sensor":"s","decided_at":5,"expires":9} x)",
      R"({"type":"ban","addr":"192.0.2.1","sensor":"","decided_at":5,"expires":9})",
      R"({"type":"ban","addr":"192.0.2.1","sensor":"s","decided_at":"5","expires":9})",
  };
  for (const auto& text : bad) EXPECT_FALSE(DecodeBan(text).ok()) << text;
}

TEST(Message, AttackAndKeyNames) {
  detect::AlertEvent a;
  a.phase = detect::AlertPhase::kEnd;
  a.attack_id = 3;
  a.server = {*util::IpAddress::Parse("10.0.0.1"), 5060};
  a.invites = 1234;
  auto j = nlohmann::json::parse(EncodeAttack(a, "edge-2"));
  EXPECT_EQ(j["type"], "attack");
  EXPECT_EQ(j["phase"], "end");
  EXPECT_EQ(j["sensor"], "edge-2");
  EXPECT_EQ(j["server"], "10.0.0.1");
  EXPECT_EQ(j["server_port"], 5060);
  EXPECT_EQ(j["invites"], 1234);
  EXPECT_EQ(BanKey("sipddos", *util::IpAddress::Parse("192.0.2.1")), "sipddos:ban:192.0.2.1");
  EXPECT_EQ(BanKey("sipddos:{eu}", *util::IpAddress::Parse("192.0.2.1")),
            "sipddos:{eu}:ban:192.0.2.1");
  EXPECT_EQ(BanKeyPattern("sipddos"), "sipddos:ban:*");
  EXPECT_EQ(BanChannel("sipddos"), "sipddos:bans");
  EXPECT_EQ(AttackChannel("sipddos"), "sipddos:attacks");
}

}  // namespace
}  // namespace cluster
