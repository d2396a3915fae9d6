// Live capture on the loopback interface (needs CAP_NET_RAW; sends only to 127.0.0.1).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include "capture/packet_source.h"

namespace capture {
namespace {

// Interrupts `src` after `seconds` unless cancelled, so a lost packet fails the test quickly
// instead of blocking forever.
class Watchdog {
 public:
  Watchdog(PacketSource* src, double seconds)
      : t_([this, src, seconds] {
          auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
          while (!stop_ && std::chrono::steady_clock::now() < until)
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
          if (!stop_) src->Interrupt();
        }) {}
  ~Watchdog() {
    stop_ = true;
    t_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread t_;
};

TEST(LiveTest, ReceivesUdpSentToLoopback) {
  auto src = OpenLive("lo", "udp port 55060");
  ASSERT_TRUE(src.ok()) << src.status().message();

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(55060);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const std::string msgs[] = {"OPTIONS sip:a@127.0.0.1 SIP/2.0\r\n\r\n",
                              "INVITE sip:b@127.0.0.1 SIP/2.0\r\n\r\n",
                              "BYE sip:c@127.0.0.1 SIP/2.0\r\n\r\n"};
  for (const std::string& m : msgs)
    ASSERT_EQ(sendto(fd, m.data(), m.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
              ssize_t(m.size()));
  sockaddr_in from{};
  socklen_t len = sizeof from;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&from), &len), 0);
  close(fd);

  Watchdog dog(src->get(), 10.0);
  Datagram d;
  for (const std::string& m : msgs) {
    auto more = (*src)->Next(&d);
    ASSERT_TRUE(more.ok()) << more.status().message();
    ASSERT_TRUE(*more) << "interrupted: no packet within 10 s";
    EXPECT_EQ(std::string(d.payload.begin(), d.payload.end()), m);
    EXPECT_EQ(d.src.ToString(), "127.0.0.1");
    EXPECT_EQ(d.dst.ToString(), "127.0.0.1");
    EXPECT_EQ(d.sport, ntohs(from.sin_port));
    EXPECT_EQ(d.dport, 55060);
    EXPECT_EQ(d.transport, Transport::kUdp);
    EXPECT_GT(d.ts, 1'600'000'000'000'000);  // a wall-clock time
  }
  EXPECT_EQ((*src)->stats().datagrams, 3u);
}

TEST(LiveTest, InterruptUnblocksNext) {
  auto src = OpenLive("lo", "udp port 55061");
  ASSERT_TRUE(src.ok()) << src.status().message();
  auto start = std::chrono::steady_clock::now();
  Watchdog dog(src->get(), 0.2);
  Datagram d;
  auto more = (*src)->Next(&d);
  ASSERT_TRUE(more.ok());
  EXPECT_FALSE(*more);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

TEST(LiveTest, WakeOnTimeoutTicksWithoutTraffic) {
  LiveOptions o;
  o.timeout_ms = 50;
  o.wake_on_timeout = true;
  auto src = OpenLive("lo", "udp port 55062", o);
  ASSERT_TRUE(src.ok()) << src.status().message();
  Watchdog dog(src->get(), 10.0);
  Datagram d;
  util::Micros before = util::NowMicros();
  auto more = (*src)->Next(&d);
  ASSERT_TRUE(more.ok());
  ASSERT_TRUE(*more) << "no tick within 10 s";
  EXPECT_TRUE(d.payload.empty());
  EXPECT_GE(d.ts, before);
  EXPECT_EQ((*src)->stats().datagrams, 0u);
}

TEST(LiveTest, ErrorsNameInterfaceAndFilter) {
  auto bad_if = OpenLive("nosuchif0", kDefaultBpf);
  ASSERT_FALSE(bad_if.ok());
  EXPECT_EQ(bad_if.status().message().rfind("nosuchif0: ", 0), 0u) << bad_if.status().message();
  auto bad_filter = OpenLive("lo", "udp port sixty");
  ASSERT_FALSE(bad_filter.ok());
  EXPECT_NE(bad_filter.status().message().find("'udp port sixty'"), std::string::npos)
      << bad_filter.status().message();
}

}  // namespace
}  // namespace capture
