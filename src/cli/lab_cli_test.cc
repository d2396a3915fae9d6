// `sipddos lab` end to end: a 20-second lab (real SIPp, the spoofed flood, the capture) and its
// outputs checked against independent evidence; a lab stopped by SIGTERM mid-run leaves no
// namespace and no process behind. These tests exist only where the lab can run: they are
// registered (not skipped) when the test binary runs as root with `ip netns` and `sipp`.
#include <dirent.h>
#include <fcntl.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "cli/test_support.h"
#include "dataset/csv_reader.h"

namespace cli {
namespace {

using ::testing::HasSubstr;

bool LabAvailable() {
  return geteuid() == 0 && HaveCommand("sipp") && HaveCommand("tshark") &&
         RunCommand("ip netns list >/dev/null").status == 0;
}

// /run/netns entries of lab runs by `pid`.
std::vector<std::string> LabNamespacesOf(pid_t pid) {
  std::vector<std::string> out;
  const std::string prefix = "sipddos-lab-" + std::to_string(pid) + "-";
  if (DIR* d = opendir("/run/netns")) {
    while (dirent* e = readdir(d))
      if (std::string(e->d_name).rfind(prefix, 0) == 0) out.push_back(e->d_name);
    closedir(d);
  }
  return out;
}

// Processes whose command line mentions `needle` (SIPp children name files under the out dir).
int ProcessesMentioning(const std::string& needle) {
  int n = 0;
  if (DIR* d = opendir("/proc")) {
    while (dirent* e = readdir(d)) {
      if (e->d_name[0] < '0' || e->d_name[0] > '9') continue;
      std::string cmd = ReadFile(std::string("/proc/") + e->d_name + "/cmdline");
      for (char& c : cmd)
        if (c == '\0') c = ' ';
      if (cmd.find(needle) != std::string::npos && cmd.find("sipp") != std::string::npos) ++n;
    }
    closedir(d);
  }
  return n;
}

bool IsPhone(const std::string& a) {
  return a.rfind("192.168.56.", 0) == 0 && std::atoi(a.c_str() + 11) >= 102 &&
         std::atoi(a.c_str() + 11) <= 105;  // the short preset's 4 phones
}

// SIPp's [call_id] is "<n>-<pid>@<local_ip>": a phone's call names the phone. The flood's
// Call-IDs name the server (mimic) or carry no address (Mr.SIP).
bool CallIdNamesAPhone(const std::string& call_id) {
  size_t at = call_id.find('@');
  return at != std::string::npos && IsPhone(call_id.substr(at + 1));
}

void ShortLab() {
  TempDir tmp;
  const std::string out = tmp.path() + "/lab";
  CommandResult r = RunSipddos({"lab", "--preset", "short", "--out", out});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("episode"));

  // The manifest: three episodes, each fully captured at its nominal rate (within 5 %).
  nlohmann::json m = nlohmann::json::parse(ReadFile(out + "/manifest.json"));
  ASSERT_EQ(m["episodes"].size(), 3u) << m.dump(2);
  for (const auto& e : m["episodes"]) {
    const double nominal = e["nominal_rate"], measured = e["measured_rate"];
    EXPECT_GT(int64_t(e["sent"]), 0) << e.dump();
    EXPECT_EQ(e["captured_invites"], e["sent"])
        << "flood INVITEs missing in the capture: " << e.dump();
    EXPECT_NEAR(measured, nominal, 0.05 * nominal) << e.dump();
  }
  for (const auto& ns : m["namespaces"])
    EXPECT_FALSE(std::filesystem::exists("/run/netns/" + ns.get<std::string>())) << ns;

  // The CSV: every row's label agrees with who really sent it.
  dataset::MessageCsvReader reader;
  ASSERT_TRUE(reader.Open(out + "/messages.csv").ok());
  dataset::MessageRecord rec;
  int64_t rows = 0, legit = 0, flood = 0;
  std::map<std::string, int64_t> by_attack;
  std::set<std::string> phones_seen, users_seen;
  while (true) {
    auto more = reader.Next(&rec);
    ASSERT_TRUE(more.ok()) << more.status().message();
    if (!*more) break;
    ++rows;
    const bool from_phone = CallIdNamesAPhone(rec.call_id);
    if (rec.label == 0) {
      ++legit;
      EXPECT_TRUE(from_phone) << "legitimate row not from a SIPp phone: " << rec.call_id;
      EXPECT_TRUE(IsPhone(rec.source)) << rec.source;
      EXPECT_EQ(rec.attack, "none");
      // The paper's Fig. 3 fields from the injection CSV: User<i> <sip:SipPhone<i>_<ip>@...>.
      const std::string user = rec.from.substr(0, rec.from.find(' '));
      EXPECT_EQ(user.rfind("User", 0), 0u) << rec.from;
      EXPECT_THAT(rec.from, HasSubstr("<sip:SipPhone" + user.substr(4) + "_" + rec.source + "@"));
      EXPECT_EQ(rec.subject, "Performance Test");
      phones_seen.insert(rec.source);
      users_seen.insert(user);
    } else {
      ASSERT_EQ(rec.label, 1) << "row " << rows;
      ++flood;
      EXPECT_FALSE(from_phone) << "flood row carries a phone's Call-ID: " << rec.call_id;
      ++by_attack[rec.attack + " " + rec.intensity];
    }
  }
  EXPECT_GT(legit, 60) << "4 phones at 2 calls/s for ~20 s";
  EXPECT_EQ(phones_seen.size(), 4u);
  EXPECT_GE(users_seen.size(), 8u);
  std::map<std::string, int64_t> want = {{"mrsip:abrupt:random H", 400},
                                         {"mimic:low-rate:list VL", 40},
                                         {"mrsip:very-high:subnet VH++", 3000}};
  EXPECT_EQ(by_attack, want);
  EXPECT_EQ(flood, 3440);
  EXPECT_EQ(int64_t(m["messages"]["rows"]), rows);

  // tshark reads the capture and counts the same INVITEs.
  CommandResult t = RunCommand("tshark -r " + ShellQuote(out + "/capture.pcap") +
                               " -Y sip.Method==INVITE 2>/dev/null | wc -l");
  ASSERT_EQ(t.status, 0);
  EXPECT_EQ(std::atoll(t.output.c_str()), rows) << t.output;
}

void SigtermMidRun() {
  TempDir tmp;
  const std::string out = tmp.path() + "/lab";
  const std::string log = tmp.path() + "/lab.log";
  pid_t pid = fork();
  if (pid == 0) {
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(fd, 1);
    dup2(fd, 2);
    execl(SipddosPath().c_str(), "sipddos", "lab", "--preset", "short", "--out", out.c_str(),
          (char*)nullptr);
    _exit(127);
  }
  ASSERT_GT(pid, 0);
  // Wait for the flood's first episode (t = 3 s): namespaces, SIPp and the capture all up.
  bool flooding = false;
  for (int i = 0; i < 300 && !flooding; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    flooding = ReadFile(log).find("episode 0") != std::string::npos;
  }
  EXPECT_TRUE(flooding) << ReadFile(log);
  EXPECT_EQ(LabNamespacesOf(pid).size(), 3u);
  EXPECT_GT(ProcessesMentioning(out), 0) << "SIPp is not running";
  kill(pid, SIGTERM);
  int status = 0;
  pid_t done = 0;
  for (int i = 0; i < 300 && done == 0; ++i) {  // at most 15 s
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    done = waitpid(pid, &status, WNOHANG);
  }
  if (done == 0) {
    kill(pid, SIGKILL);
    waitpid(pid, &status, 0);
    FAIL() << "sipddos lab did not stop within 15 s of SIGTERM: " << ReadFile(log);
  }
  ASSERT_TRUE(WIFEXITED(status)) << ReadFile(log);
  EXPECT_EQ(WEXITSTATUS(status), 1) << ReadFile(log);
  EXPECT_THAT(ReadFile(log), HasSubstr("interrupted"));
  EXPECT_TRUE(LabNamespacesOf(pid).empty());
  EXPECT_EQ(ProcessesMentioning(out), 0) << "a SIPp child outlived the lab";
  EXPECT_FALSE(std::filesystem::exists(out + "/manifest.json"));
  EXPECT_FALSE(std::filesystem::exists(out + "/messages.csv"));
  EXPECT_FALSE(std::filesystem::exists(out + "/capture.pcap"));
}

class LabTest : public ::testing::Test {};

// Registered only where the lab can run (see the file comment).
const bool kRegistered = [] {
  if (!LabAvailable()) return false;
  ::testing::RegisterTest("LabCli", "ShortLabCapturesLabelsAndTsharkAgrees", nullptr, nullptr,
                          __FILE__, __LINE__, []() -> LabTest* {
                            struct T : LabTest {
                              void TestBody() override { ShortLab(); }
                            };
                            return new T;
                          });
  ::testing::RegisterTest("LabCli", "SigtermMidRunLeavesNothing", nullptr, nullptr, __FILE__,
                          __LINE__, []() -> LabTest* {
                            struct T : LabTest {
                              void TestBody() override { SigtermMidRun(); }
                            };
                            return new T;
                          });
  return true;
}();

}  // namespace
}  // namespace cli
