// The evidence alerts carry (detect/attack_evidence.h, alert_reason.h) on
// hand-built event streams, and its bounded parts (SourceSample,
// UserAgentCounter) on their own.
#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "detect/alert_reason.h"
#include "detect/calibration.h"
#include "detect/detector.h"
#include "detect/rate_model_testing.h"
#include "detect/source_sample.h"
#include "detect/user_agent_counter.h"

namespace detect {
namespace {

using features::EventKind;
using features::SipEvent;

constexpr util::Micros kSecond = 1'000'000;
const util::Micros kT0 = 1'700'000'000 * kSecond;

// Drives a detector with calls (INVITE, 200 OK, ACK: a completed dialog) and
// flood INVITEs.
class EvidenceTest : public ::testing::Test {
 protected:
  void SetUp() override { Make(DetectorOptions{}, RateThresholdModel(20)); }
  void Make(const DetectorOptions &o, const nn::ModelFile &f) {
    auto d = Detector::Create(f, o, [this](const AlertEvent &a) { alerts_.push_back(a); });
    ASSERT_TRUE(d.ok()) << d.status().message();
    detector_ = std::move(*d);
  }
  SipEvent Event(EventKind kind, util::Micros t, const util::IpAddress &caller, bool to_server) {
    SipEvent e;
    e.kind = kind;
    e.time = t;
    e.src = to_server ? caller : server_;
    e.dst = to_server ? server_ : caller;
    e.sport = e.dport = 5060;
    return e;
  }
  const std::string &Keep(std::string s) { return strings_.emplace_back(std::move(s)); }
  void Invite(util::Micros t, const util::IpAddress &src, const char *ua) {
    SipEvent e = Event(EventKind::kInvite, t, src, true);
    e.call_id = Keep("flood-" + std::to_string(counter_++));
    e.user_agent = ua;
    detector_->Consume(e);
  }
  // A call that completes: INVITE, 200 OK (To tag), ACK echoing the tag, 20 ms
  // apart.
  void Call(util::Micros t, const util::IpAddress &caller) {
    const std::string &call_id = Keep("call-" + std::to_string(counter_++));
    const std::string &to = Keep("<sip:bob@10.0.0.1>;tag=t" + std::to_string(counter_));
    SipEvent inv = Event(EventKind::kInvite, t, caller, true);
    inv.call_id = call_id;
    inv.to = "<sip:bob@10.0.0.1>";
    inv.user_agent = "Linphone/5.2";
    detector_->Consume(inv);
    SipEvent ok = Event(EventKind::kResponse, t + 10'000, caller, false);
    ok.status_code = 200;
    ok.call_id = call_id;
    ok.to = to;
    detector_->Consume(ok);
    SipEvent ack = Event(EventKind::kAck, t + 20'000, caller, true);
    ack.call_id = call_id;
    ack.to = to;
    detector_->Consume(ack);
  }
  static util::IpAddress Caller(int i) { return util::IpAddress::V4(0x0a000100 + i); }
  static util::IpAddress Flooder(int i) { return util::IpAddress::V4(0xc6336400 + i); }

  // 20 s of calls from 10 callers (2/s), then 5 s of flood from 50 sources
  // (200/s) during which each caller calls once more and one new caller makes
  // its first (completed) call, then quiet.
  void CallsThenFlood() {
    for (int i = 0; i < 40; ++i) Call(kT0 + i * kSecond / 2, Caller(i % 10));
    const util::Micros f0 = kT0 + 20 * kSecond;
    for (int i = 0; i < 1000; ++i) {
      const util::Micros t = f0 + 5 * kSecond * i / 1000;
      Invite(t, Flooder(i % 50), "friendly-scanner");
      if (i % 100 == 50) Call(t + 1000, Caller(i / 100));
      if (i == 500) Call(t + 2000, Caller(100));  // a new caller, not a flooder
    }
    detector_->Finish(f0 + 10 * kSecond);
  }

  util::IpAddress server_ = util::IpAddress::V4(0x0a000001);
  std::unique_ptr<Detector> detector_;
  std::vector<AlertEvent> alerts_;
  std::deque<std::string> strings_;  // the events' views point here
  int counter_ = 0;
};

TEST_F(EvidenceTest, SharesOfNewSourcesAndUncompletedSources) {
  CallsThenFlood();
  ASSERT_EQ(alerts_.size(), 2u);
  const AlertEvent &end = alerts_[1];
  ASSERT_EQ(end.phase, AlertPhase::kEnd);
  // Sources of the attack: 50 flooders, the 10 callers, the new caller; at most
  // 1024, so the sample holds them all and the shares are exact. Only the
  // flooders never completed a dialog.
  EXPECT_EQ(end.sampled_sources, 61u);
  EXPECT_DOUBLE_EQ(end.never_completed_share, 50.0 / 61.0);
  // INVITEs from sources first seen in the attack: the flood and the new
  // caller's one; not the known callers' (10, plus those of the first malicious
  // window that preceded the flood).
  EXPECT_GT(end.new_source_share, 990.0 / 1021.0);
  EXPECT_LT(end.new_source_share, 1001.0 / 1011.0);
}

TEST_F(EvidenceTest, StartAlreadyCarriesTheFirstWindowsEvidence) {
  CallsThenFlood();
  const AlertEvent &start = alerts_[0];
  ASSERT_EQ(start.phase, AlertPhase::kStart);
  // The first malicious window's INVITEs (10, the model's window) are counted
  // at once.
  EXPECT_GE(start.user_agent_invites, 10u);
  EXPECT_LE(start.user_agent_invites, 11u);
  ASSERT_FALSE(start.top_user_agents.empty());
  EXPECT_EQ(start.top_user_agents[0].user_agent, "friendly-scanner");
  EXPECT_GE(start.never_completed_share, 0.5);
  EXPECT_NE(start.reason.find("window score"), std::string::npos) << start.reason;
}

TEST_F(EvidenceTest, TopUserAgentsAndRates) {
  CallsThenFlood();
  const AlertEvent &end = alerts_[1];
  ASSERT_EQ(end.top_user_agents.size(), 2u);
  EXPECT_EQ(end.top_user_agents[0].user_agent, "friendly-scanner");
  EXPECT_GE(end.top_user_agents[0].invites, 990u);
  EXPECT_LE(end.top_user_agents[0].invites, 1000u);
  EXPECT_EQ(end.top_user_agents[1].user_agent, "Linphone/5.2");
  EXPECT_EQ(end.user_agent_invites,
            end.top_user_agents[0].invites + end.top_user_agents[1].invites);
  // 200/s against a 2/s baseline; the EWMA (tau 1 s) approaches 200 within the
  // 5 s flood.
  EXPECT_GT(end.peak_invite_rate, 150);
  EXPECT_LT(end.peak_invite_rate, 230);
  EXPECT_GT(end.baseline_rate, 0.5);
  EXPECT_LT(end.baseline_rate, 2.5);
}

TEST_F(EvidenceTest, ReasonStatesEachFigure) {
  CallsThenFlood();
  const AlertEvent &end = alerts_[1];
  const std::string &r = end.reason;
  EXPECT_EQ(r.rfind("peak INVITE rate ", 0), 0u) << r;
  EXPECT_NE(r.find("/s vs baseline "), std::string::npos) << r;
  EXPECT_NE(r.find("x); "), std::string::npos) << r;
  EXPECT_NE(r.find("% of INVITEs from never-seen sources"), std::string::npos) << r;
  EXPECT_NE(r.find("; 81% of sources never completed a dialog"), std::string::npos) << r;
  EXPECT_NE(r.find("top User-Agent \"friendly-scanner\" (9"), std::string::npos) << r;
  EXPECT_NE(r.find("GRU max window score "), std::string::npos) << r;
  EXPECT_EQ(end.threshold_source, "model default");
  EXPECT_FLOAT_EQ(end.threshold, 0.5f);
}

TEST_F(EvidenceTest, WithoutSourceStateTheSharesAreLeftOut) {
  AlertEvent a;
  a.phase = AlertPhase::kUpdate;
  a.model = "lstm";
  a.invite_rate = 812;
  a.baseline_rate = 9.6;
  a.max_score = 0.998f;
  EXPECT_EQ(AlertReason(a),
            "INVITE rate 812/s vs baseline 9.6/s (85x); LSTM max window score 0.998");
  a.new_source_share = 0.996;
  a.never_completed_share = 1;
  a.top_user_agents = {{"", 3}};
  a.user_agent_invites = 4;
  a.phase = AlertPhase::kStart;
  a.score = 0.5f;
  EXPECT_EQ(AlertReason(a),
            "INVITE rate 812/s vs baseline 9.6/s (85x); >99% "
            "of INVITEs from never-seen sources; "
            "100% of sources never completed a dialog; top "
            "User-Agent (none) (75%); LSTM window "
            "score 0.500");
}

TEST(AlertReason, Percent) {
  EXPECT_EQ(Percent(1), "100%");
  EXPECT_EQ(Percent(0.996), ">99%");
  EXPECT_EQ(Percent(0.987), "98%");
  EXPECT_EQ(Percent(0.013), "2%");
  EXPECT_EQ(Percent(0.004), "<1%");
  EXPECT_EQ(Percent(0), "0%");
}

TEST_F(EvidenceTest, ThresholdSourceOfOptionAndCalibration) {
  DetectorOptions o;
  o.threshold = 0.7f;
  Make(o, RateThresholdModel(20));
  EXPECT_EQ(detector_->threshold_source(), "--threshold");
  EXPECT_FLOAT_EQ(detector_->threshold(), 0.7f);

  nn::ModelFile f = RateThresholdModel(20);
  CalibrationRecord rec;
  rec.captures = {{"office.pcap", "/tmp/office.pcap", 1234, 400}, {"b.pcap", "b.pcap", 5, 100}};
  rec.windows = 500;
  rec.achieved_fp_rate = 0.002;
  rec.threshold = 0.61f;
  f.meta.threshold = 0.61f;
  f.meta.extra[kCalibrationKey] = rec.ToJson();
  Make(DetectorOptions{}, f);
  EXPECT_EQ(detector_->threshold_source(),
            "calibrated on office.pcap, b.pcap (500 windows, FP 0.0020)");
  f.meta.extra[kCalibrationKey] = "{not json";
  Make(DetectorOptions{}, f);
  EXPECT_EQ(detector_->threshold_source().rfind("model metadata (unreadable calibration record", 0),
            0u);
}

TEST(SourceSample, ExactWhileSmall) {
  SourceSample s;
  for (int i = 0; i < 100; ++i)
    s.AddInvite(util::IpAddress::V4(i), /*first_invite=*/i < 30, i % 4 == 0);
  for (int i = 0; i < 30; ++i) s.AddInvite(util::IpAddress::V4(i), false, false);  // 30 repeat
  s.MarkCompleted(util::IpAddress::V4(1));
  auto sh = s.shares();
  EXPECT_EQ(sh.sampled_sources, 100u);
  EXPECT_EQ(sh.level, 0);
  EXPECT_DOUBLE_EQ(sh.new_source_invites,
                   60.0 / 130.0);  // sources 0..29: 2 INVITEs each
  EXPECT_DOUBLE_EQ(sh.never_completed,
                   74.0 / 100.0);  // 25 by INVITE flag, 1 marked
  s.Clear();
  EXPECT_EQ(s.shares().sampled_sources, 0u);
}

TEST(SourceSample, MarkedNewSourcesCountOnlyOnceTheyInvite) {
  SourceSample s;
  s.MarkNew(util::IpAddress::V4(1));  // first seen in the ramp-up
  s.MarkNew(util::IpAddress::V4(2));  // ... but sends nothing during the attack
  s.AddInvite(util::IpAddress::V4(1), /*first_invite=*/false, false);
  s.AddInvite(util::IpAddress::V4(3), false, true);  // an old, completed caller
  auto sh = s.shares();
  EXPECT_EQ(sh.sampled_sources, 2u);
  EXPECT_DOUBLE_EQ(sh.new_source_invites, 0.5);
  EXPECT_DOUBLE_EQ(sh.never_completed, 0.5);
}

TEST(SourceSample, EstimatesSharesOverMillionsOfSourcesInFixedMemory) {
  SourceSample s;
  // 200,000 spoofed one-shot sources and 20,000 known callers sending 5 INVITEs
  // each.
  for (uint32_t i = 0; i < 200000; ++i)
    s.AddInvite(util::IpAddress::V4(0x01000000 + i), true, false);
  for (int k = 0; k < 5; ++k)
    for (uint32_t i = 0; i < 20000; ++i)
      s.AddInvite(util::IpAddress::V4(0x0a000000 + i), false, true);
  auto sh = s.shares();
  EXPECT_LE(sh.sampled_sources, uint64_t(SourceSample::kCapacity));
  EXPECT_GE(sh.sampled_sources, uint64_t(SourceSample::kCapacity / 2));
  EXPECT_GE(sh.level, 7);  // 220,000 sources / 1024 slots
  EXPECT_NEAR(sh.never_completed, 200000.0 / 220000.0, 0.04);
  EXPECT_NEAR(sh.new_source_invites, 200000.0 / 300000.0, 0.06);
}

TEST(UserAgentCounter, FindsTheFloodsAgentAndTruncates) {
  UserAgentCounter c;
  const std::string longer(100, 'x');
  for (int i = 0; i < 5000; ++i) {
    c.Add(i % 3 == 0 ? std::string_view("sipvicious")
                     : std::string_view("agent-" + std::to_string(i)));
    if (i % 10 == 0) c.Add(longer);
  }
  auto top = c.Top(2);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].user_agent, "sipvicious");
  EXPECT_GE(top[0].invites, 1667u);
  EXPECT_EQ(top[1].user_agent, std::string(UserAgentCounter::kMaxLength, 'x'));
  EXPECT_EQ(c.total(), 5500u);
}

TEST(ChooseThreshold, LowestThresholdWithinTheTarget) {
  std::vector<float> s;
  for (int i = 0; i < 1000; ++i) s.push_back(float(i) / 1000.f);  // 0, 0.001, ..., 0.999
  ThresholdChoice c = ChooseThreshold(s, 0.01, 0.5f, /*allow_lower=*/true);
  EXPECT_EQ(c.windows, 1000u);
  EXPECT_TRUE(c.measurable);
  // 10 windows may be flagged: those >= 0.990..; 0.989 must not be.
  EXPECT_GT(c.measured, 0.989f);
  EXPECT_LE(c.measured, 0.990f);
  EXPECT_EQ(c.false_positives, 10u);
  EXPECT_DOUBLE_EQ(c.achieved_fp_rate, 0.01);
  // Anything lower flags one window more.
  EXPECT_FALSE(std::nextafter(c.measured, 0.f) > 0.989f);
  // Not lowered below the model's own unless allowed.
  c = ChooseThreshold(s, 0.6, 0.5f, false);
  EXPECT_LT(c.measured, 0.5f);
  EXPECT_FLOAT_EQ(c.chosen, 0.5f);
  EXPECT_EQ(c.false_positives, 500u);
}

TEST(ChooseThreshold, TiesTooFewWindowsAndOnes) {
  std::vector<float> ties(100, 0.7f);
  ties.push_back(0.9f);
  ThresholdChoice c = ChooseThreshold(ties, 0.05, 0.1f, true);  // 5 allowed: only 0.9 fits
  EXPECT_GT(c.measured, 0.7f);
  EXPECT_LE(c.measured, 0.9f);
  EXPECT_EQ(c.false_positives, 1u);
  c = ChooseThreshold({0.2f, 0.3f}, 1e-4, 0.1f,
                      true);  // 2 windows cannot show 1e-4
  EXPECT_FALSE(c.measurable);
  EXPECT_GT(c.chosen, 0.3f);
  EXPECT_EQ(c.false_positives, 0u);
  c = ChooseThreshold({1.f, 1.f, 0.f}, 0.1, 0.5f, false);
  EXPECT_FALSE(c.target_met);
  EXPECT_EQ(c.chosen, 1.f);
  EXPECT_EQ(c.false_positives, 2u);
}

TEST(CalibrationRecord, RoundTrips) {
  CalibrationRecord r;
  r.captures = {{"a.pcap", "/x/a.pcap", 99, 7}};
  r.windows = 7;
  r.target_fp_rate = 1e-3;
  r.measurable = false;
  r.old_threshold = 0.5f;
  r.measured_threshold = 0.25f;
  r.threshold = 0.5f;
  r.date = "2026-11-25T15:00:00.000000+0000";
  auto back = CalibrationRecord::FromJson(r.ToJson());
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->captures[0].path, "/x/a.pcap");
  EXPECT_EQ(back->captures[0].bytes, 99u);
  EXPECT_EQ(back->windows, 7u);
  EXPECT_FLOAT_EQ(back->measured_threshold, 0.25f);
  EXPECT_EQ(back->date, r.date);
  EXPECT_FALSE(CalibrationRecord::FromJson("{\"windows\":3}").ok());
}

}  // namespace
}  // namespace detect
