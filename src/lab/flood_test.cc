// Real floods over loopback into a receiver socket: rate, text, sources,
// refusal, interruption.
#include "lab/flood.h"

#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <set>
#include <thread>
#include <vector>

#include "sim/messages.h"
#include "sip/parser.h"

namespace lab {
namespace {

using Clock = std::chrono::steady_clock;

struct Arrival {
  Clock::time_point t;
  uint32_t src;
  uint16_t sport;
  std::string text;
};

// A UDP socket on 127.0.0.1 with a kernel-chosen port.
class Receiver {
 public:
  Receiver() {
    fd_ = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int big = 8 << 20;
    setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &big, sizeof big);
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa);
    socklen_t len = sizeof sa;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&sa), &len);
    port_ = ntohs(sa.sin_port);
  }
  ~Receiver() { close(fd_); }
  uint16_t port() const { return port_; }

  // Reads until `done` is true and nothing arrived for 200 ms.
  std::vector<Arrival> Collect(const std::atomic<bool>& done) {
    std::vector<Arrival> out;
    char buf[65536];
    while (true) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) {
        if (done) break;
        continue;
      }
      sockaddr_in from{};
      socklen_t len = sizeof from;
      ssize_t n = recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
      if (n < 0) continue;
      out.push_back({Clock::now(), ntohl(from.sin_addr.s_addr), ntohs(from.sin_port),
                     std::string(buf, size_t(n))});
    }
    return out;
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

FloodOptions Options(uint16_t port, double rate, double duration) {
  FloodOptions o;
  o.target = *ParseEndpoint("127.0.0.1:" + std::to_string(port));
  o.rate = rate;
  o.duration_s = duration;
  o.sources = 50;
  return o;
}

struct FloodRun {
  util::Status status;
  FloodStats stats;
  std::vector<Arrival> arrivals;
};

FloodRun FloodInto(Receiver& rx, const FloodOptions& o, const std::atomic<bool>* stop = nullptr) {
  FloodRun r;
  std::atomic<bool> done{false};
  std::thread sender([&] {
    r.status = RunFlood(o, stop, &r.stats);
    done = true;
  });
  r.arrivals = rx.Collect(done);
  sender.join();
  return r;
}

// Rate over the arrivals: intervals between the first and the last one.
double ArrivalRate(const std::vector<Arrival>& a) {
  double span = std::chrono::duration<double>(a.back().t - a.front().t).count();
  return double(a.size() - 1) / span;
}

class FloodRate : public ::testing::TestWithParam<std::pair<double, double>> {};

TEST_P(FloodRate, ArrivalsWithinFivePercentOfNominal) {
  auto [rate, duration] = GetParam();
  Receiver rx;
  FloodRun r = FloodInto(rx, Options(rx.port(), rate, duration));
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  const int64_t expected = int64_t(std::ceil(rate * duration - 1e-9));
  EXPECT_EQ(r.stats.sent, expected);
  EXPECT_EQ(r.stats.send_errors, 0);
  ASSERT_EQ(int64_t(r.arrivals.size()),
            expected);  // loopback loses nothing here
  double measured = ArrivalRate(r.arrivals);
  EXPECT_NEAR(measured, rate, 0.05 * rate) << "measured " << measured << "/s";
  EXPECT_NEAR(r.stats.rate(), rate, 0.05 * rate);
  EXPECT_NEAR(double(r.stats.elapsed) / 1e6, duration, 0.05 * duration);
  RecordProperty("measured_rate", std::to_string(measured));
  std::printf("nominal %g/s for %g s: %zu arrivals, %.2f/s between first and last\n", rate,
              duration, r.arrivals.size(), measured);
}

INSTANTIATE_TEST_SUITE_P(Rates, FloodRate,
                         ::testing::Values(std::pair{10.0, 2.5}, std::pair{100.0, 2.0},
                                           std::pair{1000.0, 2.0}));

TEST(Flood, MessagesAreMrSipInvitesFromManyLoopbackSources) {
  Receiver rx;
  FloodOptions o = Options(rx.port(), 500, 0.5);
  o.sources = 100;
  // ctest runs tests in parallel processes: a seed of its own keeps this run's addresses and
  // Mr.SIP port from colliding with another flood's (a taken port falls back to a random one).
  o.seed = 0x51d0000ull + uint64_t(getpid());
  FloodRun r = FloodInto(rx, o);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(r.arrivals.size(), 250u);
  std::set<uint32_t> sources;
  std::set<uint16_t> ports;
  const auto& agents = sim::MrSipUserAgents();
  for (const Arrival& a : r.arrivals) {
    sip::Message m;
    ASSERT_TRUE(sip::Parse(a.text, &m).ok()) << a.text;
    EXPECT_TRUE(m.is_invite());
    EXPECT_TRUE(m.has(sip::kFlagBareLf));
    EXPECT_EQ(a.text.find('\r'), std::string::npos);
    EXPECT_NE(std::find(agents.begin(), agents.end(), m.user_agent), agents.end());
    EXPECT_EQ(a.src >> 24, 127u);
    EXPECT_NE(a.src, uint32_t(INADDR_LOOPBACK));
    // Via names the real sender, so a server's answers reach the flood's own
    // socket.
    char ip[INET_ADDRSTRLEN];
    in_addr ia{htonl(a.src)};
    inet_ntop(AF_INET, &ia, ip, sizeof ip);
    EXPECT_EQ(m.top_via.host, ip);
    EXPECT_EQ(m.top_via.port, a.sport);
    EXPECT_EQ(m.request_uri.host, "127.0.0.1");
    sources.insert(a.src);
    ports.insert(a.sport);
  }
  EXPECT_EQ(sources.size(),
            100u);              // each message from the next socket of the pool
  EXPECT_EQ(ports.size(), 1u);  // Mr.SIP: one source port per run
}

TEST(Flood, MimicSpoofingListSendsFromTheListAddresses) {
  Receiver rx;
  FloodOptions o = Options(rx.port(), 200, 0.5);
  o.attack = dataset::Tool::kMimic;
  o.spoof = dataset::Spoofing::kList;
  o.sources = 64;
  o.source_port = 0;  // kernel-chosen ports, nothing pinned to 5060 in a test
  FloodRun r = FloodInto(rx, o);
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  ASSERT_EQ(r.arrivals.size(), 100u);
  std::set<uint32_t> sources;
  for (const Arrival& a : r.arrivals) {
    sip::Message m;
    ASSERT_TRUE(sip::Parse(a.text, &m).ok());
    EXPECT_TRUE(m.is_invite());
    EXPECT_FALSE(m.has(sip::kFlagBareLf));
    EXPECT_EQ(m.subject, "Performance Test");
    sources.insert(a.src);
  }
  EXPECT_EQ(sources.size(), 64u);
  EXPECT_EQ(sources.count(127u << 24 | 168u << 16 | 56u << 8 | 102u), 1u);
}

TEST(Flood, RefusedTargetOpensAndSendsNothing) {
  for (const char* bad : {"192.0.2.1:5060", "10.0.0.1:5060", "[::ffff:8.8.8.8]:5060"}) {
    FloodOptions o = Options(5060, 100, 1);
    o.target = *ParseEndpoint(bad);
    FloodStats stats;
    stats.sent = 99;  // RunFlood resets it
    auto t0 = Clock::now();
    util::Status st = RunFlood(o, nullptr, &stats);
    EXPECT_FALSE(st.ok()) << bad;
    EXPECT_THAT(st.message(), ::testing::HasSubstr("127.0.0.0/8"));
    EXPECT_EQ(stats.sent, 0);
    EXPECT_EQ(stats.sources, 0);  // not one socket was opened
    EXPECT_LT(Clock::now() - t0, std::chrono::milliseconds(200));
  }
}

TEST(Flood, BadValuesAreRefusedBeforeSending) {
  FloodOptions o = Options(5060, 100, 1);
  o.rate = 0;
  EXPECT_FALSE(ValidateFloodOptions(o).ok());
  o = Options(5060, 100, 0);
  EXPECT_FALSE(ValidateFloodOptions(o).ok());
  o = Options(5060, 100, 1);
  o.spoof = dataset::Spoofing::kSubnet;
  o.sources = 300;
  EXPECT_FALSE(ValidateFloodOptions(o).ok());
  o.sources = 254;
  EXPECT_TRUE(ValidateFloodOptions(o).ok());
}

TEST(Flood, StopFlagEndsTheRunEarlyWithStats) {
  Receiver rx;
  std::atomic<bool> stop{false};
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    stop = true;
  });
  auto t0 = Clock::now();
  FloodRun r = FloodInto(rx, Options(rx.port(), 100, 30), &stop);
  stopper.join();
  ASSERT_TRUE(r.status.ok()) << r.status.message();
  EXPECT_TRUE(r.stats.interrupted);
  EXPECT_LT(Clock::now() - t0, std::chrono::seconds(3));
  EXPECT_GE(r.stats.sent, 30);
  EXPECT_LE(r.stats.sent, 70);
  EXPECT_EQ(int64_t(r.arrivals.size()), r.stats.sent);
  EXPECT_THAT(FormatSummary(Options(rx.port(), 100, 30), r.stats),
              ::testing::HasSubstr("interrupted"));
}

}  // namespace
}  // namespace lab
