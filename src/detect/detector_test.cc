#include "detect/detector.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "detect/heavy_hitters.h"
#include "detect/rate_model_testing.h"

namespace detect {
namespace {

using features::EventKind;
using features::SipEvent;

constexpr util::Micros kSecond = 1'000'000;

class DetectorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = Detector::Create(RateThresholdModel(20), DetectorOptions{},
                              [this](const AlertEvent& a) { alerts_.push_back(a); });
    ASSERT_TRUE(d.ok()) << d.status().message();
    detector_ = std::move(*d);
  }
  // n INVITEs evenly spread over [start, start + duration) from sources base+i.
  void Invites(util::Micros start, util::Micros duration, int n, uint32_t src_base,
               const char* server = "10.0.0.1") {
    for (int i = 0; i < n; ++i) {
      SipEvent e;
      e.kind = EventKind::kInvite;
      e.time = start + duration * i / n;
      e.src = util::IpAddress::V4(src_base + uint32_t(i % 50));
      e.dst = *util::IpAddress::Parse(server);
      e.sport = 5060;
      e.dport = 5060;
      call_ids_.push_back("call-" + std::to_string(counter_++));
      e.call_id = call_ids_.back();
      detector_->Consume(e);
    }
  }
  std::unique_ptr<Detector> detector_;
  std::vector<AlertEvent> alerts_;
  std::vector<std::string> call_ids_;
  int counter_ = 0;
};

TEST_F(DetectorTest, NoAlertOnSlowTraffic) {
  call_ids_.reserve(100);
  Invites(0, 30 * kSecond, 60, 0x0a000100);  // 2 INVITE/s
  detector_->Finish(30 * kSecond);
  EXPECT_TRUE(alerts_.empty());
  EXPECT_GT(detector_->counters().windows_benign.load(), 20u);
  EXPECT_EQ(detector_->counters().windows_malicious.load(), 0u);
}

// The inference histogram times the first window and then one in kLatencySampleEvery.
TEST_F(DetectorTest, InferenceHistogramTimesOneWindowInN) {
  call_ids_.reserve(200);
  Invites(0, 60 * kSecond, 120, 0x0a000100);
  const Counters& c = detector_->counters();
  const uint64_t windows = c.windows_benign.load() + c.windows_malicious.load();
  ASSERT_GT(windows, uint64_t(2 * Counters::kLatencySampleEvery));
  uint64_t timed = 0;
  for (const auto& b : c.latency_buckets) timed += b.load();
  const uint64_t n = Counters::kLatencySampleEvery;
  EXPECT_EQ(timed, (windows + n - 1) / n);
  EXPECT_GT(c.latency_sum_ns.load(), 0u);
}

TEST_F(DetectorTest, FloodStartsAndEndsOneAttack) {
  call_ids_.reserve(2000);
  const util::Micros t0 = 1'700'000'000 * kSecond;
  Invites(t0, 20 * kSecond, 40, 0x0a000100);                   // legitimate, 2/s
  Invites(t0 + 20 * kSecond, 5 * kSecond, 1000, 0xc6336400);   // flood, 200/s
  Invites(t0 + 25 * kSecond, 20 * kSecond, 40, 0x0a000100);    // legitimate again
  detector_->Finish(t0 + 45 * kSecond);
  ASSERT_EQ(alerts_.size(), 2u);
  const AlertEvent& start = alerts_[0];
  EXPECT_EQ(start.phase, AlertPhase::kStart);
  EXPECT_GE(start.started, t0 + 20 * kSecond);
  EXPECT_LT(start.started, t0 + 21 * kSecond);  // within a second of the onset
  EXPECT_EQ(start.server.addr.ToString(), "10.0.0.1");
  EXPECT_EQ(start.server.port, 5060);
  EXPECT_GE(start.score, 0.5f);
  const AlertEvent& end = alerts_[1];
  EXPECT_EQ(end.phase, AlertPhase::kEnd);
  EXPECT_EQ(end.attack_id, start.attack_id);
  // The model's rate feature decays within ~2.3 s of the flood's end (EWMA, tau 1 s); the end
  // event follows the last malicious window by the quiet period (+ one legitimate INVITE gap).
  EXPECT_GE(end.last_malicious, t0 + 25 * kSecond - kSecond);
  EXPECT_LT(end.last_malicious, t0 + 25 * kSecond + 3 * kSecond);
  EXPECT_GE(end.time, end.last_malicious + DetectorOptions{}.quiet_period);
  EXPECT_LE(end.time, end.last_malicious + DetectorOptions{}.quiet_period + kSecond / 2 + 1);
  EXPECT_GT(end.invites, 900u);
  ASSERT_FALSE(end.top_sources.empty());
  // Flood sources are 198.51.100.0/24 (0xc6336400).
  EXPECT_TRUE(end.top_sources[0].addr.InPrefix(*util::IpAddress::Parse("198.51.100.0"), 24));
  EXPECT_EQ(detector_->counters().alerts.load(), 1u);
  EXPECT_EQ(detector_->counters().active_attacks.load(), 0u);
}

TEST_F(DetectorTest, ServersAreSeparateAndBounded) {
  call_ids_.reserve(3000);
  Invites(0, 5 * kSecond, 1000, 0xc6336400, "10.0.0.1");  // flood on one server
  Invites(0, 5 * kSecond, 10, 0x0a000100, "10.0.0.2");    // quiet on the other
  detector_->Finish(5 * kSecond);
  ASSERT_FALSE(alerts_.empty());
  for (const auto& a : alerts_) EXPECT_EQ(a.server.addr.ToString(), "10.0.0.1");
  // More servers than the bound: the oldest idle ones are evicted, memory stays fixed.
  for (int s = 0; s < 40; ++s)
    Invites(10 * kSecond + s * kSecond, kSecond, 1, 0x0a000100,
            ("10.1.0." + std::to_string(s + 1)).c_str());
  EXPECT_LE(detector_->counters().servers.load(), uint64_t(DetectorOptions{}.max_servers));
  EXPECT_GE(detector_->counters().servers_evicted.load(), 40u - DetectorOptions{}.max_servers);
}

TEST(DetectorCreate, RejectsOtherFeatureSchema) {
  nn::ModelFile f = RateThresholdModel(20);
  f.meta.feature_schema = features::kSchemaVersion + 1;
  auto d = Detector::Create(f, {}, nullptr);
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("feature schema"), std::string::npos);
}

TEST(HeavyHitters, FindsHeavySourcesAmongManySpoofedOnes) {
  HeavyHitters hh;
  auto heavy = *util::IpAddress::Parse("203.0.113.7");
  for (uint32_t i = 0; i < 100000; ++i) {
    hh.Add(util::IpAddress::V4(0x01000000 + i * 7919));  // each spoofed source once
    if (i % 4 == 0) hh.Add(heavy);
  }
  auto top = hh.Top(3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].addr, heavy);
  EXPECT_GE(top[0].invites, 25000u);
  EXPECT_GE(hh.new_addresses(), 100000u);
}

}  // namespace
}  // namespace detect
