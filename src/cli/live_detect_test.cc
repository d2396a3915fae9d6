// End-to-end tests of `sipddos flood` as a program, and the live detection test: real SIPp
// (UAS + UAC at 10 calls/s) on loopback, `sipddos detect` capturing on lo, then a 100/s flood.
// Every child runs in its own process group, killed at the end of the test whatever happens
// (and by the kernel if this test process dies first: PR_SET_PDEATHSIG).
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "cli/test_support.h"
#include "util/test_if.h"

namespace cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

int64_t WallMicros() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return int64_t(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

bool UdpPortFree(uint16_t port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(port);
  bool ok = bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
  close(fd);
  return ok;
}

// Two consecutive free UDP ports on 127.0.0.1 at 15060 and above.
uint16_t FreePortPair() {
  for (int i = 0; i < 400; ++i) {
    uint16_t p = uint16_t(15060 + (getpid() + i) % 400 * 2);
    if (UdpPortFree(p) && UdpPortFree(p + 1)) return p;
  }
  return 0;
}

// "2023-11-14T22:13:20.123456+0000" (EVE) -> microseconds since the epoch; -1 when malformed.
int64_t ParseEveTime(const std::string& s) {
  tm t{};
  int usec = 0;
  if (sscanf(s.c_str(), "%d-%d-%dT%d:%d:%d.%6d", &t.tm_year, &t.tm_mon, &t.tm_mday, &t.tm_hour,
             &t.tm_min, &t.tm_sec, &usec) != 7 ||
      s.size() < 5)
    return -1;
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  const std::string zone = s.substr(s.size() - 5);  // +hhmm
  int sign = zone[0] == '-' ? -1 : 1;
  int64_t offset = sign * (std::stoi(zone.substr(1, 2)) * 3600 + std::stoi(zone.substr(3, 2)) * 60);
  return (int64_t(timegm(&t)) - offset) * 1000000 + usec;
}

// The EVE alert lines of `path` seen so far, each with the wall time it was first read.
class AlertLog {
 public:
  explicit AlertLog(std::string path) : path_(std::move(path)) {}
  struct Event {
    nlohmann::json json;
    int64_t seen = 0;  // wall-clock micros when this line was first read
    std::string phase() const { return json["sipddos"].value("phase", ""); }
    int64_t time() const { return ParseEveTime(json.value("timestamp", "")); }
  };
  // Reads complete new lines.
  void Poll() {
    std::string data = ReadFile(path_);
    int64_t now = WallMicros();
    while (true) {
      size_t nl = data.find('\n', offset_);
      if (nl == std::string::npos) break;
      std::string line = data.substr(offset_, nl - offset_);
      offset_ = nl + 1;
      auto j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
      if (j.is_discarded()) {
        bad_lines_.push_back(line);
        continue;
      }
      if (j.value("event_type", "") == "alert" && j.contains("sipddos"))
        events_.push_back({j, now});
    }
  }
  const Event* First(const std::string& phase) const {
    for (const Event& e : events_)
      if (e.phase() == phase) return &e;
    return nullptr;
  }
  const std::vector<Event>& events() const { return events_; }
  const std::vector<std::string>& bad_lines() const { return bad_lines_; }

 private:
  std::string path_;
  size_t offset_ = 0;
  std::vector<Event> events_;
  std::vector<std::string> bad_lines_;
};

// SuccessfulCall(C) of the last line of a SIPp -trace_stat CSV (';'-separated); -1 if none.
long SippSuccessfulCalls(const std::string& csv) {
  auto lines = Split(csv, '\n');
  if (lines.size() < 2) return -1;
  auto head = Split(lines.front(), ';'), last = Split(lines.back(), ';');
  for (size_t i = 0; i < head.size() && i < last.size(); ++i)
    if (head[i] == "SuccessfulCall(C)") return std::atol(last[i].c_str());
  return -1;
}

std::string Loopback(uint16_t port) { return "127.0.0.1:" + std::to_string(port); }

// ---------------------------------------------------------------------------------------------
// `sipddos flood` as a program.

TEST(FloodCli, RefusesNonLoopbackTargetsWithUsageExit) {
  for (const char* bad : {"192.0.2.1:5060", "10.0.0.1:5060", "[::ffff:8.8.8.8]:5060"}) {
    CommandResult r = RunSipddos({"flood", "--target", bad, "--rate", "10", "--duration", "1"});
    EXPECT_EQ(r.status, 2) << bad << ": " << r.output;
    EXPECT_THAT(r.output, HasSubstr("127.0.0.0/8")) << bad;
    EXPECT_THAT(r.output, Not(HasSubstr("sent "))) << bad;  // never got to sending
  }
  CommandResult netns = RunSipddos(
      {"flood", "--target", "127.0.0.1:5060", "--netns", "someone-elses", "--duration", "1"});
  EXPECT_EQ(netns.status, 2) << netns.output;
  EXPECT_THAT(netns.output, HasSubstr("sipddos-"));
  CommandResult bad_rate =
      RunSipddos({"flood", "--target", "127.0.0.1:5060", "--rate", "0", "--duration", "1"});
  EXPECT_EQ(bad_rate.status, 2) << bad_rate.output;
  CommandResult bad_spoof =
      RunSipddos({"flood", "--target", "127.0.0.1:5060", "--spoof", "everything"});
  EXPECT_EQ(bad_spoof.status, 2) << bad_spoof.output;
}

TEST(FloodCli, SendsAndSummarises) {
  TempDir dir;
  // Nobody listens on the port: UDP does not care, the flood still sends every message.
  uint16_t port = FreePortPair();
  ASSERT_NE(port, 0);
  CommandResult r = RunSipddos({"flood", "--target", Loopback(port), "--rate", "200", "--duration",
                                "0.5", "--sources", "20", "--attack", "mimic", "--spoof", "subnet",
                                "--source-port", "0"});
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("sent 100 INVITEs to " + Loopback(port)));
  EXPECT_THAT(r.output, HasSubstr("from 20 sources"));
}

TEST(FloodCli, SigtermStopsWithTheSummary) {
  TempDir dir;
  uint16_t port = FreePortPair();
  ASSERT_NE(port, 0);
  Child flood(
      {SipddosPath(), "flood", "--target", Loopback(port), "--rate", "100", "--duration", "60"},
      dir.path() + "/flood.log");
  ASSERT_TRUE(flood.started());
  ASSERT_TRUE(WaitFor([&] { return flood.Log().find("INVITEs to") != std::string::npos; }, 10000))
      << flood.Log();
  SleepMs(300);
  flood.Signal(SIGTERM);
  std::optional<int> code = flood.Wait(3000);
  ASSERT_TRUE(code.has_value()) << "still running 3 s after SIGTERM";
  EXPECT_EQ(*code, 0) << flood.Log();
  EXPECT_THAT(flood.Log(), HasSubstr("interrupted"));
  EXPECT_THAT(flood.Log(), HasSubstr("sent "));
}

// ---------------------------------------------------------------------------------------------
// Live detection: SIPp alone raises nothing; the flood raises a start alert within a second and
// an end event after it stops.

// $SIPDDOS_MODEL (as `sipddos detect` itself honours) or the shipped default model.
std::filesystem::path LiveModel() {
  const char* env_model = std::getenv("SIPDDOS_MODEL");
  return env_model && *env_model
             ? std::filesystem::path(env_model)
             : std::filesystem::path(SIPDDOS_SOURCE_DIR) / "models/default-gru.safetensors";
}

// Registered where it can run: live capture on lo needs root (CAP_NET_RAW), SIPp (Debian
// sip-tester) and a model.
TEST_IF(geteuid() == 0 && HaveCommand("sipp") && std::filesystem::exists(LiveModel()), LiveDetect,
        SippTrafficQuietFloodAlertsWithinOneSecond) {
  namespace fs = std::filesystem;
  const fs::path model = LiveModel();

  TempDir dir;
  const std::string d = dir.path();
  const uint16_t uas_port = FreePortPair(), uac_port = uint16_t(uas_port + 1);
  ASSERT_NE(uas_port, 0) << "no free UDP port pair at 15060..15859";
  const std::string alerts_path = d + "/alerts.json";
  AlertLog alerts(alerts_path);

  Child detect(
      {SipddosPath(), "detect", "--interface", "lo", "--bpf",
       "udp port " + std::to_string(uas_port), "--alerts", alerts_path, "--model", model.string()},
      d + "/detect.log");
  ASSERT_TRUE(detect.started());
  SleepMs(1500);  // the capture is open before the first SIP packet
  ASSERT_TRUE(detect.Running()) << "sipddos detect exited: " << detect.Log();

  Child uas({"sipp", "-sn", "uas", "-i", "127.0.0.1", "-p", std::to_string(uas_port), "-nostdin",
             "-trace_stat", "-stf", d + "/uas.csv", "-fd", "1"},
            d + "/uas.log");
  SleepMs(300);
  Child uac({"sipp", "-sn", "uac", "-r", "10", "-i", "127.0.0.1", "-p", std::to_string(uac_port),
             Loopback(uas_port), "-nostdin", "-trace_stat", "-stf", d + "/uac.csv", "-fd", "1"},
            d + "/uac.log");

  // Legitimate calls only, about ten seconds: no alert.
  const int64_t legit_until = WallMicros() + 10'000'000;
  while (WallMicros() < legit_until) {
    SleepMs(50);
    alerts.Poll();
  }
  ASSERT_TRUE(uas.Running()) << "SIPp UAS exited: " << uas.Log();
  ASSERT_TRUE(uac.Running()) << "SIPp UAC exited: " << uac.Log();
  ASSERT_TRUE(detect.Running()) << "sipddos detect exited: " << detect.Log();
  long calls = SippSuccessfulCalls(ReadFile(d + "/uac.csv"));
  EXPECT_GE(calls, 50) << "SIPp UAC completed too few calls: the legitimate phase proves nothing";
  EXPECT_TRUE(alerts.events().empty())
      << "alert during SIPp-only traffic: " << alerts.events().front().json.dump();
  EXPECT_TRUE(alerts.bad_lines().empty()) << "not JSON: " << alerts.bad_lines().front();

  // The flood: 100 INVITE/s for 6 s.
  Child flood({SipddosPath(), "flood", "--target", Loopback(uas_port), "--rate", "100",
               "--duration", "6", "--sources", "100"},
              d + "/flood.log");
  ASSERT_TRUE(WaitFor([&] { return flood.Log().find("INVITEs to") != std::string::npos; }, 5000))
      << flood.Log();
  const int64_t flood_start = WallMicros();  // the flood opens its sockets right after this line
  const AlertLog::Event* start = nullptr;
  WaitFor(
      [&] {
        alerts.Poll();
        return (start = alerts.First("start")) != nullptr;
      },
      3000);
  ASSERT_NE(start, nullptr) << "no start alert 3 s into the flood\ndetect: " << detect.Log();
  const double seen_after = double(start->seen - flood_start) / 1e6;
  const double stamped_after = double(start->time() - flood_start) / 1e6;
  std::printf("start alert: in the file %.3f s after the flood started, timestamp %+.3f s\n",
              seen_after, stamped_after);
  EXPECT_LE(seen_after, 1.0) << start->json.dump();
  EXPECT_LE(stamped_after, 1.0) << start->json.dump();
  EXPECT_GE(stamped_after, -0.2) << "alert stamped before the flood: " << start->json.dump();
  EXPECT_EQ(start->json.value("dest_ip", ""), "127.0.0.1");
  EXPECT_EQ(start->json.value("dest_port", 0), uas_port);
  const std::string src = start->json.value("src_ip", "");
  EXPECT_THAT(src, ::testing::StartsWith("127."));
  EXPECT_NE(src, "127.0.0.1") << "the heaviest source should be a flood address, not SIPp's";
  const auto attack_id = start->json.at("sipddos").at("attack_id");

  std::optional<int> flood_code = flood.Wait(15000);
  ASSERT_TRUE(flood_code.has_value()) << "flood still running";
  EXPECT_EQ(*flood_code, 0) << flood.Log();
  EXPECT_THAT(flood.Log(), HasSubstr("sent 600 INVITEs"));
  const int64_t flood_stop = WallMicros();

  const AlertLog::Event* end = nullptr;
  WaitFor(
      [&] {
        alerts.Poll();
        for (const auto& e : alerts.events())
          if (e.phase() == "end" &&
              e.json.at("sipddos").value("attack_id", nlohmann::json()) == attack_id)
            end = &e;
        return end != nullptr;
      },
      15000);
  ASSERT_NE(end, nullptr) << "no end event 15 s after the flood stopped\ndetect: " << detect.Log();
  std::printf("end event: in the file %.3f s after the flood stopped, timestamp %+.3f s\n",
              double(end->seen - flood_stop) / 1e6, double(end->time() - flood_stop) / 1e6);
  EXPECT_GT(end->seen, flood_stop);
  EXPECT_GT(end->time(), flood_stop - 100000) << end->json.dump();
  int starts = 0;
  for (const auto& e : alerts.events()) starts += e.phase() == "start";
  std::printf("attacks started during the run: %d\n", starts);
  EXPECT_TRUE(uac.Running()) << "SIPp UAC died during the flood: " << uac.Log();
}

}  // namespace
}  // namespace cli
