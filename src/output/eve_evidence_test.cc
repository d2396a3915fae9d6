// The alert's evidence and reason in EVE lines, laid out so that Suricata
// consumers still ingest them (alert.metadata is Suricata's map of string
// arrays).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "detect/alert_reason.h"
#include "detect/rate_model_testing.h"
#include "output/eve.h"

namespace output {
namespace {

detect::AlertEvent EvidenceAlert() {
  detect::AlertEvent a;
  a.phase = detect::AlertPhase::kStart;
  a.attack_id = 3;
  a.server = {*util::IpAddress::Parse("10.0.0.1"), 5060};
  a.time = a.started = a.last_malicious = 1700000000000000;
  a.score = a.max_score = 0.998f;
  a.model = "gru";
  a.invite_rate = 812;
  a.peak_invite_rate = 812;
  a.baseline_rate = 9.6;
  a.new_source_share = 0.985;
  a.never_completed_share = 1;
  a.sampled_sources = 1024;
  a.top_sources = {{*util::IpAddress::Parse("198.51.100.9"), 40}};
  a.top_user_agents = {{"friendly-scanner", 970}, {"", 30}};
  a.user_agent_invites = 1000;
  a.threshold = 0.62f;
  a.threshold_source = "calibrated on office.pcap (52000 windows, FP 0.0001)";
  a.reason = detect::AlertReason(a);
  return a;
}

TEST(EveEvidence, ReasonAndEvidenceInTheAlertLine) {
  const detect::AlertEvent a = EvidenceAlert();
  auto j = nlohmann::json::parse(AlertToEve(a, "s1"));
  const std::string reason =
      "INVITE rate 812/s vs baseline 9.6/s (85x); 98% "
      "of INVITEs from never-seen sources; 100% of "
      "sources never completed a dialog; top User-Agent "
      "\"friendly-scanner\" (97%); GRU window "
      "score 0.998";
  EXPECT_EQ(a.reason, reason);
  EXPECT_EQ(j["sipddos"]["reason"], reason);
  ASSERT_TRUE(j["alert"]["metadata"]["reason"].is_array());
  EXPECT_EQ(j["alert"]["metadata"]["reason"][0], reason);
  const auto &s = j["sipddos"];
  EXPECT_DOUBLE_EQ(s["invite_rate"].get<double>(), 812);
  EXPECT_DOUBLE_EQ(s["baseline_rate"].get<double>(), 9.6);
  EXPECT_DOUBLE_EQ(s["peak_invite_rate"].get<double>(), 812);
  EXPECT_DOUBLE_EQ(s["new_source_invite_share"].get<double>(), 0.985);
  EXPECT_DOUBLE_EQ(s["never_completed_source_share"].get<double>(), 1);
  EXPECT_EQ(s["sampled_sources"], 1024);
  EXPECT_EQ(s["top_user_agents"][0]["user_agent"], "friendly-scanner");
  EXPECT_EQ(s["top_user_agents"][0]["invites"], 970);
  EXPECT_EQ(s["top_user_agents"][1]["user_agent"], "");
  EXPECT_EQ(s["user_agent_invites"], 1000);
  EXPECT_EQ(s["top_sources"][0]["ip"], "198.51.100.9");
  EXPECT_NEAR(s["threshold"].get<double>(), 0.62, 1e-6);
  EXPECT_EQ(s["threshold_source"], a.threshold_source);
  // Suricata's own fields are untouched.
  EXPECT_EQ(j["event_type"], "alert");
  EXPECT_EQ(j["alert"]["signature_id"], kSidAttackStart);
  EXPECT_EQ(j["src_ip"], "198.51.100.9");
}

TEST(EveEvidence, UnmeasuredSharesAreAbsent) {
  detect::AlertEvent a = EvidenceAlert();
  a.new_source_share = a.never_completed_share = -1;
  a.reason = detect::AlertReason(a);
  auto j = nlohmann::json::parse(AlertToEve(a, "s1"));
  EXPECT_FALSE(j["sipddos"].contains("new_source_invite_share"));
  EXPECT_FALSE(j["sipddos"].contains("never_completed_source_share"));
  EXPECT_FALSE(j["sipddos"].contains("sampled_sources"));
  EXPECT_EQ(j["sipddos"]["reason"].get<std::string>().find("never"), std::string::npos);
}

TEST(EveEvidence, StatsCarryTheThresholdAndItsSource) {
  auto d = detect::Detector::Create(detect::RateThresholdModel(20), {}, nullptr);
  ASSERT_TRUE(d.ok()) << d.status().message();
  Telemetry t;
  auto j = nlohmann::json::parse(StatsToEve(1700000060000000, t, (*d)->counters(), "s1", d->get()));
  EXPECT_DOUBLE_EQ(j["stats"]["sipddos"]["threshold"].get<double>(), 0.5);
  EXPECT_EQ(j["stats"]["sipddos"]["threshold_source"], "model default");
  auto without = nlohmann::json::parse(StatsToEve(1700000060000000, t, (*d)->counters(), "s1"));
  EXPECT_FALSE(without["stats"]["sipddos"].contains("threshold"));
}

// A User-Agent is attacker bytes: invalid UTF-8 (or a character cut at the 64-byte limit) must
// give a valid EVE line with U+FFFD, never an exception out of the alert sink.
TEST(EveEvidence, InvalidUtf8UserAgentIsReplacedNotThrown) {
  detect::AlertEvent a = EvidenceAlert();
  a.top_user_agents = {{"bad \xff\xfe agent", 600}, {std::string(63, 'x') + "\xc3", 400}};
  a.reason = detect::AlertReason(a);
  std::string line;
  ASSERT_NO_THROW(line = AlertToEve(a, "s1\xff"));
  auto j = nlohmann::json::parse(line);  // throws on invalid UTF-8
  EXPECT_EQ(j["sipddos"]["top_user_agents"][0]["user_agent"], "bad \xef\xbf\xbd\xef\xbf\xbd agent");
  EXPECT_NE(j["sipddos"]["reason"].get<std::string>().find("\xef\xbf\xbd"), std::string::npos);
}

}  // namespace
}  // namespace output
