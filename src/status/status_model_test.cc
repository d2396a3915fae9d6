#include "status/status_model.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace status {
namespace {

using nlohmann::json;

constexpr util::Micros kT0 = 1'700'000'000'000'000;  // a whole second
constexpr util::Micros kSec = 1'000'000;

detect::ServerKey Server(int i) { return {util::IpAddress::V4(0x0a000001 + uint32_t(i)), 5060}; }
util::IpAddress Source(uint32_t i) { return util::IpAddress::V4(0xc0000000 + i); }

detect::AlertEvent Alert(detect::AlertPhase phase, uint64_t id, int server) {
  detect::AlertEvent a;
  a.phase = phase;
  a.attack_id = id;
  a.server = Server(server);
  return a;
}

TEST(StatusModel, OnePointPerCaptureSecondWithMaxAndMeanScores) {
  StatusOptions o;
  o.threshold = 0.4f;
  StatusModel m(o);
  // Second 0: three INVITEs to server 0 (two windows: 0.2, 0.6), one to server 1 (no window).
  m.OnInvite(Server(0), Source(1), kT0 + 100, 0.2f);
  m.OnInvite(Server(0), Source(1), kT0 + 200, -1);
  m.OnInvite(Server(0), Source(2), kT0 + 300, 0.6f);
  m.OnInvite(Server(1), Source(3), kT0 + 400, -1);
  // Nothing in seconds 1 and 2; second 3: one INVITE to server 1 with a window of 0.9.
  m.OnInvite(Server(1), Source(3), kT0 + 3 * kSec + 5, 0.9f);
  json j = m.Json();
  // Seconds 0..2 are published; second 3 is still being counted.
  ASSERT_EQ(j["t"], json({kT0 / kSec, kT0 / kSec + 1, kT0 / kSec + 2}));
  EXPECT_EQ(j["invite_rate"], json({4, 0, 0}));
  ASSERT_EQ(j["servers"].size(), 2u);
  const json& s0 = j["servers"][0];
  EXPECT_EQ(s0["server"], "10.0.0.1:5060");
  EXPECT_EQ(s0["invites"], json({3, 0, 0}));
  EXPECT_FLOAT_EQ(s0["max_score"][0].get<float>(), 0.6f);
  EXPECT_FLOAT_EQ(s0["mean_score"][0].get<float>(), 0.4f);
  EXPECT_TRUE(s0["max_score"][1].is_null()) << "no window in that second";
  const json& s1 = j["servers"][1];
  EXPECT_EQ(s1["invites"], json({1, 0, 0}));
  EXPECT_TRUE(s1["max_score"][0].is_null());
  EXPECT_EQ(j["capture_time"], util::FormatIso8601(kT0 + 3 * kSec));
  EXPECT_FLOAT_EQ(j["threshold"].get<float>(), 0.4f);

  m.Flush();  // end of capture: second 3 too
  j = m.Json();
  EXPECT_EQ(j["invite_rate"], json({4, 0, 0, 1}));
  EXPECT_FLOAT_EQ(j["servers"][1]["max_score"][3].get<float>(), 0.9f);
  EXPECT_EQ(j["totals"]["invites"], 5);
  ASSERT_EQ(j["top_sources"].size(), 3u);
  EXPECT_EQ(j["top_sources"][0], json({{"ip", "192.0.0.1"}, {"invites", 2}}));
}

TEST(StatusModel, AdvanceFillsQuietSecondsAndHistoryIsBounded) {
  StatusOptions o;
  o.history_seconds = 300;
  StatusModel m(o);
  m.OnInvite(Server(0), Source(1), kT0, -1);
  m.Advance(kT0 + 5 * kSec + 10);
  json j = m.Json();
  EXPECT_EQ(j["invite_rate"], json({1, 0, 0, 0, 0}));
  for (int s = 5; s < 1005; ++s) m.OnInvite(Server(0), Source(1), kT0 + s * kSec + 1, 0.5f);
  m.Advance(kT0 + 100'000 * kSec);  // a long silence: only the last 300 seconds stay
  j = m.Json();
  ASSERT_EQ(j["t"].size(), 300u);
  EXPECT_EQ(j["t"].back(), kT0 / kSec + 99'999);
  EXPECT_EQ(j["invite_rate"].back(), 0);
  EXPECT_EQ(j["servers"][0]["invites"].size(), 300u);
}

TEST(StatusModel, BoundedUnderAMillionSourcesAndThousandsOfServers) {
  StatusModel m(StatusOptions{});
  const int kInvites = 1'000'000;
  for (int i = 0; i < kInvites; ++i) {
    // 10,000 INVITE/s from a million distinct sources to 1,000 servers (one of them busy).
    util::Micros t = kT0 + util::Micros(i) * 100;
    m.OnInvite(i % 2 ? Server(0) : Server(1 + i % 1000), Source(uint32_t(i)), t,
               i % 2 ? 0.9f : 0.1f);
  }
  m.Flush();
  json j = m.Json();
  EXPECT_EQ(j["totals"]["invites"], kInvites);
  EXPECT_EQ(j["t"].size(), 100u);  // 100 s of capture
  EXPECT_EQ(j["invite_rate"][50], 10000);
  EXPECT_LE(j["servers"].size(), size_t(StatusOptions::kMaxServers));
  EXPECT_EQ(j["top_sources"].size(), 10u);
  EXPECT_GT(j["new_sources"].get<uint64_t>(), 100'000u) << "the flood's spread shows";
  // The document stays small whatever the traffic: 300 points x 9 series at most.
  EXPECT_LT(j.dump().size(), 200'000u);
  bool busy_charted = false;
  for (const auto& s : j["servers"]) busy_charted |= s["server"] == "10.0.0.1:5060";
  EXPECT_TRUE(busy_charted) << "the server seen every other INVITE is never the evicted one";
}

TEST(StatusModel, ServerUnderAttackStaysChartedWhileOthersChurn) {
  StatusModel m(StatusOptions{});
  m.OnInvite(Server(0), Source(1), kT0, 0.9f);
  m.OnAlert(Alert(detect::AlertPhase::kStart, 1, 0), R"({"event_type":"alert"})");
  for (int i = 1; i <= 100; ++i) m.OnInvite(Server(i), Source(1), kT0 + i, -1);
  m.Flush();
  json j = m.Json();
  ASSERT_EQ(j["servers"].size(), size_t(StatusOptions::kMaxServers));
  EXPECT_EQ(j["servers"][0]["server"], "10.0.0.1:5060");
  EXPECT_EQ(j["servers"][0]["under_attack"], true);
  EXPECT_EQ(j["servers"][0]["invites"][0], 1);
  EXPECT_EQ(j["invite_rate"][0], 101) << "evicted servers still count in the total";
}

TEST(StatusModel, EvictedServersHistoryIsNotShownUnderTheNewOne) {
  StatusModel m(StatusOptions{});
  for (int i = 0; i < StatusOptions::kMaxServers; ++i) m.OnInvite(Server(i), Source(1), kT0, -1);
  m.OnInvite(Server(100), Source(1), kT0 + 2 * kSec, -1);  // evicts server 0 (least recent)
  m.Flush();
  json j = m.Json();
  ASSERT_EQ(j["t"].size(), 3u);
  json newcomer;
  for (const auto& s : j["servers"]) {
    EXPECT_NE(s["server"], "10.0.0.1:5060");
    if (s["server"] == "10.0.0.101:5060") newcomer = s;
  }
  ASSERT_FALSE(newcomer.is_null());
  EXPECT_EQ(newcomer["invites"], json({0, 0, 1}));
}

TEST(StatusModel, AlertsKeepTheirEveObjectAndMoveToRecentWhenTheyEnd) {
  StatusOptions o;
  o.max_active_alerts = 2;
  o.recent_attacks = 3;
  StatusModel m(o);
  m.OnAlert(Alert(detect::AlertPhase::kStart, 7, 0),
            R"({"event_type":"alert","sipddos":{"attack_id":7,"reason":"new field"}})");
  json j = m.Json();
  ASSERT_EQ(j["active_alerts"].size(), 1u);
  EXPECT_EQ(j["active_alerts"][0]["sipddos"]["reason"], "new field");
  m.OnAlert(Alert(detect::AlertPhase::kUpdate, 7, 0), R"({"sipddos":{"attack_id":7,"score":1}})");
  j = m.Json();
  ASSERT_EQ(j["active_alerts"].size(), 1u) << "an update replaces its start";
  EXPECT_EQ(j["active_alerts"][0]["sipddos"]["score"], 1);
  m.OnAlert(Alert(detect::AlertPhase::kStart, 8, 1), R"({"n":8})");
  m.OnAlert(Alert(detect::AlertPhase::kStart, 9, 2), R"({"n":9})");  // over the bound
  j = m.Json();
  EXPECT_EQ(j["active_alerts"].size(), 2u);
  EXPECT_EQ(j["active_alerts_not_shown"], 1);
  m.OnAlert(Alert(detect::AlertPhase::kEnd, 9, 2), R"({"n":9,"end":true})");
  j = m.Json();
  EXPECT_EQ(j["active_alerts_not_shown"], 0);
  for (uint64_t id : {7, 8})
    m.OnAlert(Alert(detect::AlertPhase::kEnd, id, 0), json({{"n", id}}).dump());
  for (uint64_t id : {10, 11}) {
    m.OnAlert(Alert(detect::AlertPhase::kStart, id, 0), "{}");
    m.OnAlert(Alert(detect::AlertPhase::kEnd, id, 0), json({{"n", id}}).dump());
  }
  m.OnAlert(Alert(detect::AlertPhase::kStart, 12, 0), "not json");
  j = m.Json();
  EXPECT_EQ(j["attacks_ended"], 5);
  ASSERT_EQ(j["recent_attacks"].size(), 3u) << "bounded";
  EXPECT_EQ(j["recent_attacks"][0]["n"], 11) << "newest first";
  EXPECT_EQ(j["recent_attacks"][2]["n"], 8);
  ASSERT_EQ(j["active_alerts"].size(), 1u);
  EXPECT_EQ(j["active_alerts"][0]["unparsed"], "not json");
}

TEST(StatusModel, CountersAndTelemetryAppearInTotals) {
  detect::Counters c;
  output::Telemetry t;
  c.windows_malicious = 12;
  c.active_attacks = 1;
  t.packets = 99;
  StatusOptions o;
  o.sensor = "eth0";
  o.model = "gru";
  StatusModel m(o, &c, &t);
  json j = m.Json();
  EXPECT_EQ(j["schema"], 1);
  EXPECT_EQ(j["sensor"], "eth0");
  EXPECT_EQ(j["model"], "gru");
  EXPECT_TRUE(j["capture_time"].is_null()) << "nothing published yet";
  EXPECT_EQ(j["t"], json::array());
  EXPECT_EQ(j["totals"]["windows_malicious"], 12);
  EXPECT_EQ(j["totals"]["active_attacks"], 1);
  EXPECT_EQ(j["totals"]["packets"], 99);
}

TEST(StatusModel, ReadersWhileTheWriterRuns) {
  StatusModel m(StatusOptions{});
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::thread reader([&] {
    while (!done.load()) {
      json j = m.Json();
      EXPECT_EQ(j["t"].size(), j["invite_rate"].size());
      for (const auto& s : j["servers"]) EXPECT_EQ(s["invites"].size(), j["t"].size());
      ++reads;
    }
  });
  for (int i = 0; i < 200'000; ++i) {
    m.OnInvite(Server(i % 3), Source(uint32_t(i)), kT0 + util::Micros(i) * 1000, 0.5f);
    if (i % 50'000 == 0) m.OnAlert(Alert(detect::AlertPhase::kStart, uint64_t(i + 1), 0), "{}");
  }
  while (reads.load() < 3) std::this_thread::yield();
  done = true;
  reader.join();
  EXPECT_EQ(m.Json()["t"].size(), 199u) << "200 s of capture, the last still counting";
}

}  // namespace
}  // namespace status
