// The lab flood for real: two namespaces of the project's own joined by a veth
// pair (no default route), a receiver in one, the flood with forged sources in
// the other. The receiving kernel checks every UDP checksum, so arrivals prove
// the raw sender's packets are well formed.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>

#include "lab/flood.h"
#include "lab/lab_route.h"
#include "lab/netns.h"
#include "lab/raw_sender.h"
#include "sim/network.h"
#include "util/test_if.h"

namespace lab {
namespace {

using ::testing::HasSubstr;

int Sh(const std::string &cmd) { return std::system((cmd + " >/dev/null 2>&1").c_str()); }

// sipddos-test-<pid>-a (10.99.0.1/24) <-veth-> sipddos-test-<pid>-b
// (10.99.0.2/24).
class VethPair {
 public:
  VethPair() {
    const std::string base = "sipddos-test-" + std::to_string(getpid());
    a_ = base + "-a";
    b_ = base + "-b";
    ok_ =
        Sh("ip netns add " + a_) == 0 && Sh("ip netns add " + b_) == 0 &&
        Sh("ip -n " + a_ + " link add va type veth peer name vb netns " + b_) == 0 &&
        Sh("ip -n " + a_ + " addr add 10.99.0.1/24 dev va") == 0 &&
        Sh("ip -n " + b_ + " addr add 10.99.0.2/24 dev vb") == 0 &&
        Sh("ip -n " + a_ + " link set va up") == 0 && Sh("ip -n " + b_ + " link set vb up") == 0 &&
        Sh("ip -n " + a_ + " link set lo up") == 0 && Sh("ip -n " + b_ + " link set lo up") == 0 &&
        Sh("ip netns exec " + b_ +
           " sysctl -w net.ipv4.conf.all.rp_filter=0 "
           "net.ipv4.conf.vb.rp_filter=0") == 0;
  }
  ~VethPair() {
    Sh("ip netns del " + a_);
    Sh("ip netns del " + b_);
  }
  bool ok() const { return ok_; }
  const std::string &a() const { return a_; }
  const std::string &b() const { return b_; }

 private:
  std::string a_, b_;
  bool ok_ = false;
};

uint32_t V4(const char *s) { return ntohl(inet_addr(s)); }

TEST(UdpChecksum, VerifiesToZeroAndMatchesAKnownPacket) {
  // RFC 768 over the pseudo-header: a checksummed datagram sums to 0xffff.
  unsigned char udp[8 + 5] = {0x13, 0xc4, 0x13, 0xc4, 0, 13, 0, 0, 'h', 'e', 'l', 'l', 'o'};
  uint16_t c = UdpChecksum(V4("192.168.56.102"), V4("192.168.56.101"), udp, sizeof udp);
  udp[6] = uint8_t(c >> 8);
  udp[7] = uint8_t(c);
  // Re-summing with the checksum in place gives 0 before the 0 -> 0xffff rule.
  uint32_t sum = 0xc0a8 + 0x3866 + 0xc0a8 + 0x3865 + 17 + 13;
  for (size_t i = 0; i + 1 < sizeof udp; i += 2) sum += uint32_t(udp[i]) << 8 | udp[i + 1];
  sum += uint32_t(udp[12]) << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  EXPECT_EQ(sum, 0xffffu);
  // The same datagram's checksum, computed independently (Python, RFC 1071).
  EXPECT_EQ(c, 0xa25d);
}

// Namespaces need root.
TEST_IF(geteuid() == 0, LabRoute, AcceptsRoutedTargetsRefusesUnroutedAndDefaultRoutes) {
  VethPair ns;
  ASSERT_TRUE(ns.ok()) << "could not build the veth pair";
  auto r = CheckLabRoute(ns.a(), V4("10.99.0.2"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->interface, "va");
  EXPECT_FALSE(r->local);
  auto local = CheckLabRoute(ns.a(), V4("10.99.0.1"));
  ASSERT_TRUE(local.ok()) << local.status().message();
  EXPECT_TRUE(local->local);
  auto unrouted = CheckLabRoute(ns.a(), V4("192.0.2.1"));
  ASSERT_FALSE(unrouted.ok());
  EXPECT_THAT(unrouted.status().message(), HasSubstr("no route"));

  Endpoint e{util::IpAddress::V4(V4("10.99.0.2")), 5060};
  EXPECT_TRUE(CheckTarget(e, ns.a()).ok());
  EXPECT_FALSE(CheckTarget(e, "").ok()) << "outside a namespace the loopback rule stays";
  EXPECT_TRUE(IsLabTarget(e, ns.a()));
  EXPECT_FALSE(IsLabTarget(e, ""));

  // A default route anywhere in the namespace refuses every target.
  ASSERT_EQ(Sh("ip -n " + ns.a() + " route add default via 10.99.0.2"), 0);
  auto with_default = CheckLabRoute(ns.a(), V4("10.99.0.2"));
  ASSERT_FALSE(with_default.ok());
  EXPECT_THAT(with_default.status().message(), HasSubstr("default route"));
  EXPECT_FALSE(CheckTarget(e, ns.a()).ok());
}

// Receives inside namespace `ns` on addr:port until quiet after `done`.
struct Got {
  int count = 0;
  std::set<uint32_t> sources;
  std::string first;
};

// Namespaces and raw sockets need root.
TEST_IF(geteuid() == 0, LabFlood, ForgedSourcesArriveWithValidChecksumsAtTheNominalCount) {
  VethPair ns;
  ASSERT_TRUE(ns.ok()) << "could not build the veth pair";
  const uint16_t port = 5060;
  std::atomic<bool> ready{false}, done{false};
  Got got;
  int fd = -1;
  std::thread receiver([&] {
    if (EnterNetns(ns.b()).ok()) {
      fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
      sockaddr_in sa{};
      sa.sin_family = AF_INET;
      sa.sin_addr.s_addr = inet_addr("10.99.0.2");
      sa.sin_port = htons(port);
      if (bind(fd, reinterpret_cast<sockaddr *>(&sa), sizeof sa) != 0) {
        close(fd);
        fd = -1;
      }
    }
    ready = true;
    if (fd < 0) return;
    char buf[65536];
    while (true) {
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, 300) <= 0) {
        if (done) break;
        continue;
      }
      sockaddr_in from{};
      socklen_t len = sizeof from;
      ssize_t n = recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr *>(&from), &len);
      if (n <= 0) continue;
      if (got.count++ == 0) got.first.assign(buf, size_t(n));
      got.sources.insert(ntohl(from.sin_addr.s_addr));
    }
    close(fd);
  });
  while (!ready) std::this_thread::sleep_for(std::chrono::milliseconds(5));

  FloodOptions o;
  o.target = Endpoint{util::IpAddress::V4(V4("10.99.0.2")), port};
  o.rate = 200;
  o.duration_s = 0.5;
  o.spoof = dataset::Spoofing::kSubnet;
  o.sources = 20;
  o.attack = dataset::Tool::kMimic;
  o.netns = ns.a();
  FloodStats stats;
  util::Status st;
  std::thread sender([&] { st = RunFlood(o, nullptr, &stats); });
  sender.join();
  done = true;
  receiver.join();
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(stats.sent, 100);
  EXPECT_EQ(stats.send_errors, 0) << stats.first_error;
  EXPECT_EQ(got.count, 100) << "a bad UDP checksum is dropped by the receiving kernel";
  auto expected = LabFloodSources(o);
  ASSERT_TRUE(expected.ok());
  std::set<uint32_t> want;
  for (const SourceSocket &s : *expected) {
    want.insert(s.address);
    EXPECT_EQ(s.address >> 8, V4("172.16.66.0") >> 8) << sim::Ipv4ToString(s.address);
  }
  EXPECT_EQ(got.sources, want);
  // Via names the forged sender, as the simulator's mimic does.
  EXPECT_THAT(got.first,
              HasSubstr("Via: SIP/2.0/UDP " + sim::Ipv4ToString((*expected)[0].address)));
}

}  // namespace
}  // namespace lab
