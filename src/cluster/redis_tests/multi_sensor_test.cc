// Three real `sipddos detect --redis` processes sharing one redis-server on loopback, each fed
// its own capture through a FIFO that the test keeps open (so the sensors keep running):
//   a: a steady heavy source (198.51.100.66, 100 INVITE/s) that its policy attributes and bans;
//   b: benign traffic; must apply a's ban within 1 s, and then drop that source's INVITEs;
//   c: benign traffic, --allow 198.51.100.0/24: must never apply it.
// Then redis-server stops: c still detects a flood and writes its alerts locally, a bans a
// second source (queued). Redis restarts empty: a publishes the queued ban and re-sets the
// first, b applies the new one, and a sensor started afterwards finds both in the keys.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <hiredis/hiredis.h>
#include <httplib.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "capture/packet_builder.h"
#include "cluster/redis_tests/redis_server.h"
#include "detect/rate_model_testing.h"
#include "util/free_port.h"
#include "util/time_format.h"
#include "util/wait_for.h"

namespace cluster {
namespace {

using util::WaitFor;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `sipddos detect` with stdout+stderr in `log`, in its own process group, killed with the test.
class Sensor {
 public:
  Sensor(const std::vector<std::string>& args, const std::string& log) : log_(log) {
    pid_ = ::fork();
    if (pid_ == 0) {
      ::setpgid(0, 0);
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int in = ::open("/dev/null", O_RDONLY);
      ::dup2(in, 0);
      ::dup2(out, 1);
      ::dup2(out, 2);
      std::vector<char*> argv;
      static std::string bin = std::string(SIPDDOS_BINARY_DIR) + "/src/cli/sipddos";
      argv.push_back(bin.data());
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
  }
  ~Sensor() {
    if (pid_ > 0 && !exited_) {
      ::kill(-pid_, SIGKILL);
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  std::string Log() const { return Slurp(log_); }
  bool LogHas(const std::string& s) const { return Log().find(s) != std::string::npos; }
  // Exit code, or -1 when it has not exited within timeout_ms.
  int Wait(int timeout_ms) {
    auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (Clock::now() < end) {
      int st;
      if (::waitpid(pid_, &st, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

 private:
  std::string log_;
  pid_t pid_ = -1;
  bool exited_ = false;
};

// The writing end of a FIFO the sensor reads as a classic pcap (LINKTYPE_RAW).
class PcapFifo {
 public:
  explicit PcapFifo(const std::string& path) : path_(path) { ::mkfifo(path.c_str(), 0600); }
  ~PcapFifo() { Close(); }
  const std::string& path() const { return path_; }
  // Waits for the reader (the sensor) and writes the file header.
  bool Open(int timeout_ms = 10000) {
    auto end = Clock::now() + std::chrono::milliseconds(timeout_ms);
    while (fd_ < 0 && Clock::now() < end) {
      fd_ = ::open(path_.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);  // ENXIO until a reader
      if (fd_ < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (fd_ < 0) return false;
    ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_NONBLOCK);
    uint8_t h[24] = {};
    uint32_t magic = 0xa1b2c3d4, snap = 65535, link = 101;
    uint16_t major = 2, minor = 4;
    std::memcpy(h, &magic, 4);
    std::memcpy(h + 4, &major, 2);
    std::memcpy(h + 6, &minor, 2);
    std::memcpy(h + 16, &snap, 4);
    std::memcpy(h + 20, &link, 4);
    return Write(h, sizeof h);
  }
  // One INVITE from src to 10.0.0.1:5060 at capture time t.
  bool Invite(util::Micros t, const std::string& src, int n) {
    std::string call_id = "c" + std::to_string(n) + "-" + src + "@x";
    std::string sip =
        "INVITE sip:100@10.0.0.1 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP " +
        src + ":5060;branch=z9hG4bK" + std::to_string(n) + "\r\nFrom: <sip:u" +
        std::to_string(n % 97) + "@" + src + ">;tag=" + std::to_string(n) +
        "\r\nTo: <sip:100@10.0.0.1>\r\nCall-ID: " + call_id +
        "\r\nCSeq: 1 INVITE\r\nContact: <sip:u@" + src +
        ":5060>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    capture::UdpPacket p;
    p.src = *util::IpAddress::Parse(src);
    p.dst = *util::IpAddress::Parse("10.0.0.1");
    p.sport = p.dport = 5060;
    p.payload = {reinterpret_cast<const uint8_t*>(sip.data()), sip.size()};
    uint8_t buf[2048];
    auto len = capture::BuildIpUdp(p, buf);
    if (!len.ok()) return false;
    uint32_t rec[4] = {uint32_t(t / 1'000'000), uint32_t(t % 1'000'000), uint32_t(*len),
                       uint32_t(*len)};
    return Write(rec, sizeof rec) && Write(buf, *len);
  }
  void Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  bool Write(const void* data, size_t n) {
    const char* p = static_cast<const char*>(data);
    while (n > 0) {
      ssize_t w = ::write(fd_, p, n);
      if (w <= 0) return false;
      p += w;
      n -= size_t(w);
    }
    return true;
  }
  std::string path_;
  int fd_ = -1;
};

// A number printed just before `what` in the log ("... 2 bans applied"), or -1.
long long CountBefore(const std::string& log, const std::string& what) {
  size_t at = log.rfind(what);
  if (at == std::string::npos || at < 2) return -1;
  size_t end = at - 1, start = end;
  while (start > 0 && std::isdigit(static_cast<unsigned char>(log[start - 1]))) --start;
  return start == end ? -1 : std::stoll(log.substr(start, end - start));
}

// A flood of forged sources (none attributable): `rate` INVITE/s for `seconds`.
bool Flood(PcapFifo& f, util::Micros t0, int rate, int seconds) {
  for (int i = 0; i < rate * seconds; ++i)
    if (!f.Invite(t0 + util::Micros(i) * 1'000'000 / rate,
                  "203.0.113." + std::to_string(1 + i % 250), i))
      return false;
  return true;
}

// `rate` INVITE/s from `src` for `seconds`, capture times from t0.
bool Steady(PcapFifo& f, util::Micros t0, const std::string& src, int rate, int seconds) {
  for (int i = 0; i < rate * seconds; ++i)
    if (!f.Invite(t0 + util::Micros(i) * 1'000'000 / rate, src, i)) return false;
  return true;
}

int64_t Subscribers(RedisConn& cli, const std::string& channel) {
  auto r = cli.Command({"PUBSUB", "NUMSUB", channel});
  if (!r.ok() || (*r)->type != REDIS_REPLY_ARRAY || (*r)->elements != 2) return -1;
  return (*r)->element[1]->integer;
}

TEST(MultiSensorRedis, BansPropagateAllowlistHoldsAndRedisOutageLosesNothing) {
  testing::RedisServer redis;
  const std::string dir =
      ::testing::TempDir() + "sipddos-multi-sensor-" + std::to_string(::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string model = dir + "/rate50.safetensors";
  ASSERT_TRUE(detect::RateThresholdModel(50).Save(model).ok());

  auto args = [&](const std::string& name, const std::string& fifo,
                  std::vector<std::string> extra = {}) {
    std::vector<std::string> a = {"detect",
                                  "--pcap",
                                  fifo,
                                  "--model",
                                  model,
                                  "--alerts",
                                  dir + "/" + name + ".eve.json",
                                  "--redis",
                                  redis.url(),
                                  "--sensor-name",
                                  name,
                                  "--quiet-period",
                                  "2"};
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };
  PcapFifo fa(dir + "/a.pcap"), fb(dir + "/b.pcap"), fc(dir + "/c.pcap");
  Sensor a(args("a", fa.path()), dir + "/a.log");
  Sensor b(args("b", fb.path()), dir + "/b.log");
  Sensor c(args("c", fc.path(), {"--allow", "198.51.100.0/24"}), dir + "/c.log");
  ASSERT_TRUE(fa.Open() && fb.Open() && fc.Open()) << a.Log() << b.Log() << c.Log();

  RedisConn cli = redis.Client();
  ASSERT_TRUE(WaitFor([&] { return Subscribers(cli, "sipddos:bans") == 3; }, 5000))
      << a.Log() << b.Log() << c.Log();
  RedisConn watch = redis.Client();
  ASSERT_TRUE(watch.Command({"SUBSCRIBE", "sipddos:bans"}).ok());

  // Different captures: b and c see a few benign callers, a a steady heavy source.
  const util::Micros now = util::NowMicros();
  ASSERT_TRUE(Steady(fb, now - 4'000'000, "192.0.2.20", 2, 3));
  ASSERT_TRUE(Steady(fc, now - 4'000'000, "192.0.2.30", 2, 3));
  ASSERT_TRUE(Steady(fa, now - 8'000'000, "198.51.100.66", 100, 8));

  // The test's own subscriber sees a's ban go by: the start of the propagation clock.
  Reply ban;
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = watch.Poll(10);
        if (r.ok() && r->get()) ban = std::move(*r);
        return ban != nullptr;
      },
      5000))
      << a.Log();
  const auto published = Clock::now();
  ASSERT_NE(std::string(ban->element[2]->str).find("\"addr\":\"198.51.100.66\""),
            std::string::npos);
  const std::string applied66 = "applied ban 198.51.100.66 from a";
  ASSERT_TRUE(WaitFor([&] { return b.LogHas(applied66); }, 1000)) << b.Log();
  const double delay_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - published).count();
  std::printf(
      "propagation a -> b (sipddos processes): %.1f ms after the PUBLISH was seen; b "
      "says: %s\n",
      delay_ms, b.Log().substr(b.Log().find(applied66)).substr(0, 80).c_str());
  EXPECT_LT(delay_ms, 1000);
  // b enforces it: that source's INVITEs now drop there (counted in b's summary).
  const util::Micros later = util::NowMicros();
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(fb.Invite(later + i * 1000, "198.51.100.66", 1000 + i));

  // Redis goes away.
  redis.Stop();
  // c still detects on its own and writes the alert locally.
  ASSERT_TRUE(Flood(fc, util::NowMicros(), 200, 4));
  ASSERT_TRUE(WaitFor(
      [&] {
        return Slurp(dir + "/c.eve.json").find("\"event_type\":\"alert\"") != std::string::npos;
      },
      3000))
      << c.Log();
  // a bans a second source while Redis is down: queued.
  ASSERT_TRUE(Steady(fa, util::NowMicros(), "198.51.100.77", 100, 8));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(b.LogHas("applied ban 198.51.100.77"));

  // Redis is back, empty: the queued ban goes out, the lost one is set again.
  ASSERT_TRUE(redis.Start());
  ASSERT_TRUE(WaitFor([&] { return b.LogHas("applied ban 198.51.100.77 from a"); }, 12000))
      << a.Log() << b.Log();
  RedisConn cli2 = redis.Client();
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = cli2.Command({"EXISTS", "sipddos:ban:198.51.100.66", "sipddos:ban:198.51.100.77"});
        return r.ok() && (*r)->integer == 2;
      },
      3000));
  // A sensor started now finds both bans in the keys.
  PcapFifo fd(dir + "/d.pcap");
  Sensor d(args("d", fd.path()), dir + "/d.log");
  ASSERT_TRUE(fd.Open());
  ASSERT_TRUE(WaitFor(
      [&] {
        return d.LogHas("applied ban 198.51.100.66 from a (resync)") &&
               d.LogHas("applied ban 198.51.100.77 from a (resync)");
      },
      5000))
      << d.Log();

  // End of input: every sensor exits cleanly and sums up.
  fa.Close();
  fb.Close();
  fc.Close();
  fd.Close();
  ASSERT_EQ(a.Wait(10000), 0) << a.Log();
  ASSERT_EQ(b.Wait(10000), 0) << b.Log();
  ASSERT_EQ(c.Wait(10000), 0) << c.Log();
  ASSERT_EQ(d.Wait(10000), 0) << d.Log();
  for (Sensor* s : {&a, &b, &c, &d}) {  // the summaries, for the record
    std::istringstream lines(s->Log());
    for (std::string l; std::getline(lines, l);)
      if (l.find("detect: cluster: ") != std::string::npos ||
          l.find("detect: decisions:") != std::string::npos)
        std::printf("%s\n", l.c_str());
  }
  // a published its two bans, and set the one Redis lost again; b and d applied both (some
  // more than once: by the channel and by the resync); c refused each one.
  EXPECT_EQ(CountBefore(a.Log(), "bans and"), 2) << a.Log();
  EXPECT_EQ(CountBefore(a.Log(), "re-asserted"), 1) << a.Log();
  EXPECT_GE(CountBefore(b.Log(), "bans applied"), 2) << b.Log();
  EXPECT_GE(CountBefore(b.Log(), "reconnects"), 1) << b.Log();
  EXPECT_TRUE(b.LogHas("shared_ban 3")) << b.Log();
  EXPECT_EQ(CountBefore(c.Log(), "bans applied"), 0) << c.Log();
  EXPECT_GE(CountBefore(c.Log(), "allowlisted"), 2) << c.Log();
  EXPECT_FALSE(c.LogHas("applied ban")) << c.Log();
  EXPECT_GE(CountBefore(c.Log(), "attack events published"), 1) << c.Log();
  fs::remove_all(dir);
}

// Central alerting: the EVE lines of a sensor land in a Redis list, with its name as "host";
// and the cluster counters are on the sensor's metrics endpoint.
TEST(MultiSensorRedis, AlertsGoToARedisListAndCountersToMetrics) {
  testing::RedisServer redis;
  const std::string dir =
      ::testing::TempDir() + "sipddos-redis-alerts-" + std::to_string(::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string model = dir + "/rate50.safetensors";
  ASSERT_TRUE(detect::RateThresholdModel(50).Save(model).ok());
  const int metrics_port = util::FreeLoopbackTcpPort();
  PcapFifo f(dir + "/in.pcap");
  Sensor s({"detect", "--pcap", f.path(), "--model", model, "--alerts",
            redis.url() + "/sipddos-eve", "--sensor-name", "edge-7", "--quiet-period", "1",
            "--redis", redis.url(), "--metrics", "127.0.0.1:" + std::to_string(metrics_port)},
           dir + "/s.log");
  ASSERT_TRUE(f.Open()) << s.Log();
  httplib::Client http("127.0.0.1", metrics_port);
  auto metrics = [&] {
    auto res = http.Get("/metrics");
    return res && res->status == 200 ? res->body : std::string();
  };
  ASSERT_TRUE(WaitFor(
      [&] { return metrics().find("sipddos_cluster_connected 1\n") != std::string::npos; }, 5000))
      << metrics() << s.Log();
  ASSERT_TRUE(Flood(f, util::NowMicros(), 200, 3));
  ASSERT_TRUE(WaitFor(
      [&] {
        std::string m = metrics();
        return m.find("sipddos_cluster_published_total{kind=\"attack\"} 1\n") !=
                   std::string::npos &&
               m.find("sipddos_alerts_redis_written_total 1\n") != std::string::npos;
      },
      5000))
      << metrics();
  f.Close();
  ASSERT_EQ(s.Wait(10000), 0) << s.Log();
  RedisConn cli = redis.Client();
  auto r = cli.Command({"LRANGE", "sipddos-eve", "0", "-1"});
  ASSERT_TRUE(r.ok());
  ASSERT_GE((*r)->elements, 2u) << s.Log();  // the attack's start and end at least
  std::string first = (*r)->element[0]->str, last = (*r)->element[(*r)->elements - 1]->str;
  EXPECT_NE(first.find("\"event_type\":\"alert\""), std::string::npos) << first;
  EXPECT_NE(first.find("\"host\":\"edge-7\""), std::string::npos) << first;
  EXPECT_NE(first.find("\"phase\":\"start\""), std::string::npos) << first;
  EXPECT_NE(last.find("\"phase\":\"end\""), std::string::npos) << last;
  fs::remove_all(dir);
}

TEST(MultiSensorRedis, BadRedisUrlsAreUsageErrors) {
  const std::string dir = ::testing::TempDir();
  for (std::vector<std::string> args : {
           std::vector<std::string>{"--redis", "http://127.0.0.1:6379"},
           std::vector<std::string>{"--redis", "redis://127.0.0.1:0"},
           std::vector<std::string>{"--alerts", "redis://127.0.0.1:6379"},
           std::vector<std::string>{"--ban-time", "60"},
       }) {
    args.insert(args.begin(), {"detect", "--pcap", "/dev/null"});
    Sensor s(args, dir + "/usage.log");
    EXPECT_EQ(s.Wait(10000), 2) << args[3] << " " << args[4] << "\n" << s.Log();
  }
}

}  // namespace
}  // namespace cluster
