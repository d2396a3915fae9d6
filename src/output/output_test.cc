#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "output/eve.h"
#include "output/metrics_server.h"
#include "output/prometheus.h"

namespace output {
namespace {

detect::AlertEvent SampleAlert(detect::AlertPhase phase) {
  detect::AlertEvent a;
  a.phase = phase;
  a.attack_id = 7;
  a.server = {*util::IpAddress::Parse("10.0.0.1"), 5060};
  a.time = 1700000000123456;
  a.started = 1700000000000000;
  a.last_malicious = 1700000000100000;
  a.score = 0.97f;
  a.max_score = 0.99f;
  a.invites = 321;
  a.top_sources = {{*util::IpAddress::Parse("198.51.100.9"), 40}};
  a.model = "gru";
  return a;
}

TEST(Eve, AlertHasSuricataFieldsAndOurs) {
  auto j = nlohmann::json::parse(AlertToEve(SampleAlert(detect::AlertPhase::kStart), "s1"));
  EXPECT_EQ(j["event_type"], "alert");
  EXPECT_EQ(j["timestamp"], "2023-11-14T22:13:20.123456+0000");
  EXPECT_EQ(j["src_ip"], "198.51.100.9");
  EXPECT_EQ(j["dest_ip"], "10.0.0.1");
  EXPECT_EQ(j["dest_port"], 5060);
  EXPECT_EQ(j["proto"], "UDP");
  EXPECT_EQ(j["alert"]["signature_id"], kSidAttackStart);
  EXPECT_EQ(j["alert"]["severity"], 1);
  EXPECT_TRUE(j["alert"]["signature"].is_string());
  EXPECT_TRUE(j["alert"]["category"].is_string());
  EXPECT_EQ(j["sipddos"]["phase"], "start");
  EXPECT_EQ(j["sipddos"]["invites"], 321);
  EXPECT_EQ(j["sipddos"]["top_sources"][0]["ip"], "198.51.100.9");
  auto end = nlohmann::json::parse(AlertToEve(SampleAlert(detect::AlertPhase::kEnd), "s1"));
  EXPECT_EQ(end["alert"]["signature_id"], kSidAttackEnd);
  EXPECT_EQ(end["sipddos"]["phase"], "end");
  EXPECT_EQ(end["flow_id"], j["flow_id"]);
}

TEST(Eve, StatsEvent) {
  Telemetry t;
  detect::Counters c;
  t.packets = 10;
  t.started_unix_us = 1700000000000000;
  t.sip[int(SipKind::kInvite)] = 4;
  c.windows_malicious = 2;
  auto j = nlohmann::json::parse(StatsToEve(1700000060000000, t, c, "s1"));
  EXPECT_EQ(j["event_type"], "stats");
  EXPECT_EQ(j["stats"]["uptime"], 60);
  EXPECT_EQ(j["stats"]["capture"]["kernel_packets"], 10);
  EXPECT_EQ(j["stats"]["sipddos"]["sip"]["INVITE"], 4);
  EXPECT_EQ(j["stats"]["sipddos"]["windows_malicious"], 2);
}

TEST(Prometheus, TextFormatWithoutAddresses) {
  Telemetry t;
  detect::Counters c;
  t.packets = 5;
  t.sip[int(SipKind::kBye)] = 3;
  c.windows_benign = 8;
  c.latency_buckets[0] = 2;
  c.latency_buckets[3] = 1;
  std::string text = RenderPrometheus(t, c);
  EXPECT_NE(text.find("sipddos_packets_total 5\n"), std::string::npos);
  EXPECT_NE(text.find("sipddos_sip_messages_total{method=\"BYE\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("sipddos_windows_total{verdict=\"benign\"} 8\n"), std::string::npos);
  EXPECT_NE(text.find("sipddos_inference_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("sipddos_inference_seconds_count 3\n"), std::string::npos);
  // Every line is a comment or "name{labels} value"; no label value looks like an address.
  std::regex sample(R"(^[a-z_]+(\{[a-z]+="[^"]*"\})? [0-9.e+-]+$)");
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("# ", 0) == 0) continue;
    EXPECT_TRUE(std::regex_match(line, sample)) << line;
    EXPECT_FALSE(std::regex_search(line, std::regex(R"(\d+\.\d+\.\d+\.\d+)"))) << line;
  }
}

TEST(MetricsServer, ServesMetricsOverHttp) {
  MetricsServer server;
  ASSERT_TRUE(server.Start("127.0.0.1:0", [] { return std::string("sipddos_packets_total 42\n"); }).ok());
  ASSERT_GT(server.port(), 0);
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "sipddos_packets_total 42\n");
  EXPECT_NE(res->get_header_value("Content-Type").find("text/plain"), std::string::npos);
  EXPECT_FALSE(MetricsServer().Start("nonsense", [] { return std::string(); }).ok());
  EXPECT_FALSE(MetricsServer().Start("127.0.0.1:99999", [] { return std::string(); }).ok());
}

}  // namespace
}  // namespace output
