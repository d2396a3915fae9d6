// End to end: `sipddos detect --pcap X --replay-speed N --metrics 127.0.0.1:0` replays a small
// simulated attack at its own pace while headless Chromium renders the live status page (GET /),
// which must show the alert (server and attack id) and charts with data, and write nothing to
// the console (a CSP violation would). Registered only where chromium and the binary exist.
// The replay-speed test needs only the binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "capture/packet_source.h"
#include "capture/pcap_writer.h"
#include "cli/test_support.h"

namespace cli {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

// EVE alert lines of a log with sipddos.phase == phase.
std::vector<json> Alerts(const std::string& eve, const std::string& phase) {
  std::vector<json> out;
  std::istringstream in(ReadFile(eve));
  for (std::string line; std::getline(in, line);) {
    json j = json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.value("event_type", "") == "alert" && j["sipddos"]["phase"] == phase)
      out.push_back(j);
  }
  return out;
}

int64_t ParseEveTime(const std::string& s) {  // "2023-11-14T22:13:20.123456+0000"
  std::tm tm{};
  std::istringstream in(s.substr(0, 19));
  in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
  return int64_t(timegm(&tm)) * 1'000'000 + std::stoll(s.substr(20, 6));
}

// The datagrams of `in` captured in [from, to), rewritten into `out`.
void Cut(const std::string& in, const std::string& out, int64_t from, int64_t to) {
  auto src = capture::OpenFile(in);
  ASSERT_TRUE(src.ok()) << src.status().message();
  auto w = capture::PcapWriter::Create(out);
  ASSERT_TRUE(w.ok()) << w.status().message();
  capture::Datagram d;
  for (;;) {
    auto more = (*src)->Next(&d);
    ASSERT_TRUE(more.ok()) << more.status().message();
    if (!*more) break;
    if (d.ts < from || d.ts >= to || d.payload.empty()) continue;
    ASSERT_TRUE(w->WriteUdp(d.ts, d.src, d.sport, d.dst, d.dport, d.payload).ok());
  }
  ASSERT_GT(w->packets(), 100u);
  ASSERT_TRUE(w->Close().ok());
}

std::string Chromium(const std::string& dir, const std::string& url, const std::string& what,
                     const std::string& log) {
  return "timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
         "--no-first-run --disable-extensions --hide-scrollbars --user-data-dir='" +
         dir + "/profile' --enable-logging=stderr --v=0 " + what + " '" + url + "' 2>'" + log + "'";
}

int Attribute(const std::string& dom, const std::string& canvas_id, const std::string& name) {
  std::smatch m;
  std::regex re("<canvas id=\"" + canvas_id + "\"[^>]*" + name + "=\"(\\d+)\"");
  return std::regex_search(dom, m, re) ? std::stoi(m[1]) : -1;
}

void PageShowsTheAttackWhileItPlays() {
  TempDir dir;
  const std::string& d = dir.path();
  // A simulated split with attacks; the first attack (as the shipped model sees it) is cut out
  // with 6 s of traffic before it and 40 s after.
  auto sim = RunSipddos({"simulate", "--preset", "small", "--splits", "test1", "--out", d});
  ASSERT_EQ(sim.status, 0) << sim.output;
  auto scan = RunSipddos({"detect", "--pcap", d + "/test1.pcap", "-q", "-a", d + "/scan.json"});
  ASSERT_EQ(scan.status, 0) << scan.output;
  auto starts = Alerts(d + "/scan.json", "start");
  ASSERT_FALSE(starts.empty()) << "the simulated split has attacks";
  const int64_t start = ParseEveTime(starts[0]["sipddos"]["started"]);
  Cut(d + "/test1.pcap", d + "/attack.pcap", start - 6'000'000, start + 40'000'000);
  if (::testing::Test::HasFatalFailure()) return;

  // Twice real time: the attack starts ~3 s in; a long quiet period keeps it active on the page
  // for at least 10 s of wall time after its last malicious window.
  const std::string eve = d + "/eve.json", log = d + "/detect.log";
  Child detect({SipddosPath(), "detect", "--pcap", d + "/attack.pcap", "--replay-speed", "2",
                     "--quiet-period", "20", "--metrics", "127.0.0.1:0", "-a", eve},
                    log);
  std::smatch m;
  std::string text;
  ASSERT_TRUE(WaitFor(
      [&] {
        text = ReadFile(log);
        return std::regex_search(text, m,
                                 std::regex(R"(status page on (http://127\.0\.0\.1:\d+/))"));
      },
      15000))
      << text;
  const std::string url = m[1];
  ASSERT_TRUE(WaitFor([&] { return !Alerts(eve, "start").empty(); }, 30000)) << ReadFile(log);
  json alert = Alerts(eve, "start")[0];
  const std::string id = std::to_string(alert["sipddos"]["attack_id"].get<uint64_t>());
  const std::string server =
      alert["dest_ip"].get<std::string>() + ":" + std::to_string(alert["dest_port"].get<int>());
  const std::regex row("<tr class=\"active\" data-attack-id=\"" + id + "\" data-server=\"" +
                       std::regex_replace(server, std::regex(R"([.\[\]])"), R"(\$&)") + "\"");

  // The page polls status.json every second; four seconds of the page's (virtual) time.
  std::string dom;
  bool shown = false;
  for (int attempt = 0; attempt < 3 && !shown; ++attempt) {
    CommandResult r =
        RunCommand(Chromium(d, url, "--virtual-time-budget=4000 --dump-dom", d + "/chromium.log"));
    ASSERT_EQ(r.status, 0) << ReadFile(d + "/chromium.log");
    dom = r.output;
    shown = std::regex_search(dom, row);
  }
  EXPECT_TRUE(shown) << "no active alert row for attack " << id << " on " << server << ":\n"
                     << dom.substr(0, 4000);
  std::string console = ReadFile(d + "/chromium.log");
  EXPECT_EQ(console.find(":CONSOLE"), std::string::npos) << console;
  EXPECT_GT(Attribute(dom, "rate-chart", "data-points"), 0) << "the INVITE rate chart has data";
  EXPECT_GT(Attribute(dom, "score-chart", "data-points"), 0) << "the score chart has data";
  EXPECT_GE(Attribute(dom, "score-chart", "data-series"), 2) << "max and mean of a server";
  EXPECT_TRUE(std::regex_search(dom, std::regex(R"(<main id="status" data-updates="[1-9])")));
  EXPECT_THAT(dom, HasSubstr("data-source=\"")) << "top sources listed";

  if (const char* shot = std::getenv("SIPDDOS_STATUS_SCREENSHOT"))  // docs/img/status-page.png
    RunCommand(Chromium(d, url,
                        "--window-size=1280,1400 --virtual-time-budget=3000 --screenshot='" +
                            std::string(shot) + "'",
                        d + "/shot.log"));

  // The replay goes on to its end (46 s of capture at 2x) and ends the attack.
  auto code = detect.Wait(60000);
  ASSERT_TRUE(code.has_value()) << "detect still running";
  EXPECT_EQ(*code, 0) << ReadFile(log);
  bool ended = false;
  for (const json& e : Alerts(eve, "end"))
    ended |= e["sipddos"]["attack_id"] == alert["sipddos"]["attack_id"];
  EXPECT_TRUE(ended) << ReadFile(eve);
}

class StatusPageTest : public ::testing::Test {};

const bool kRegistered = [] {
  if (!HaveCommand("chromium") || !std::filesystem::exists(SipddosPath())) return false;
  ::testing::RegisterTest("StatusPage", "ChromiumShowsTheAlertWhileAReplayedAttackPlays", nullptr,
                          nullptr, __FILE__, __LINE__, []() -> StatusPageTest* {
                            struct T : StatusPageTest {
                              void TestBody() override { PageShowsTheAttackWhileItPlays(); }
                            };
                            return new T;
                          });
  return true;
}();

// Four datagrams over 3 s of capture time.
std::string SmallCapture(const std::string& dir) {
  std::string path = dir + "/paced.pcap";
  auto w = capture::PcapWriter::Create(path);
  EXPECT_TRUE(w.ok());
  const std::string payload = "not SIP";
  auto a = *util::IpAddress::Parse("127.0.0.2"), b = *util::IpAddress::Parse("127.0.0.1");
  for (int i = 0; i < 4; ++i)
    EXPECT_TRUE(w->WriteUdp(1'700'000'000'000'000 + i * 1'000'000, a, 5070, b, 5060,
                            {reinterpret_cast<const uint8_t*>(payload.data()), payload.size()})
                    .ok());
  EXPECT_TRUE(w->Close().ok());
  return path;
}

TEST(ReplaySpeed, FollowsTheCaptureTimestamps) {
  TempDir dir;
  std::string pcap = SmallCapture(dir.path());
  auto timed = [&](const std::string& speed) {
    auto t0 = std::chrono::steady_clock::now();
    auto r = RunSipddos(
        {"detect", "--pcap", pcap, "-q", "-a", dir.path() + "/eve.json", "--replay-speed", speed});
    EXPECT_EQ(r.status, 0) << r.output;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  };
  EXPECT_GE(timed("2"), 1.5) << "3 s of capture at 2x";
  EXPECT_GE(timed("4"), 0.75) << "3 s of capture at 4x";
  // Unpaced (the default) does not wait for the capture's 3 s.
  EXPECT_LT(timed("0"), 2.5);
}

TEST(ReplaySpeed, NeedsAFileAndANonNegativeSpeed) {
  auto r = RunSipddos({"detect", "--interface", "lo", "--replay-speed", "2"});
  EXPECT_EQ(r.status, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("--replay-speed"));
  TempDir dir;
  r = RunSipddos({"detect", "--pcap", SmallCapture(dir.path()), "--replay-speed", "-1"});
  EXPECT_EQ(r.status, 2) << r.output;
}

}  // namespace
}  // namespace cli
