// --netns for real: a namespace of the project's own ("sipddos-test-<pid>", only lo, up), a
// receiver and the flood both inside it; the host's loopback sees nothing of it.
#include "lab/netns.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <string>
#include <thread>

#include "lab/flood.h"
#include "util/test_if.h"

namespace lab {
namespace {

// Creates the namespace with `ip netns add` and brings its lo up; deletes it on destruction.
class ProjectNamespace {
 public:
  ProjectNamespace() : name_("sipddos-test-" + std::to_string(getpid())) {
    ok_ = std::system(("ip netns add " + name_ + " 2>/dev/null && ip -n " + name_ +
                       " link set lo up 2>/dev/null")
                          .c_str()) == 0;
  }
  ~ProjectNamespace() { std::system(("ip netns del " + name_ + " 2>/dev/null").c_str()); }
  bool ok() const { return ok_; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  bool ok_ = false;
};

// Binds 127.0.0.1:port in the calling thread's namespace; -1 on failure.
int BindReceiver(uint16_t port) {
  int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sa.sin_port = htons(port);
  if (bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

int CountUntilQuiet(int fd, int quiet_ms) {
  int n = 0;
  char buf[65536];
  pollfd p{fd, POLLIN, 0};
  while (poll(&p, 1, quiet_ms) > 0)
    if (recv(fd, buf, sizeof buf, 0) > 0) ++n;
  return n;
}

// Creating a network namespace needs root.
TEST_IF(geteuid() == 0, NetnsFlood, SendsInsideTheProjectNamespaceOnly) {
  ProjectNamespace ns;
  ASSERT_TRUE(ns.ok()) << "`ip netns add` failed (no iproute2 or no CAP_SYS_ADMIN)";
  ASSERT_TRUE(ValidateNetns(ns.name()).ok());

  // The same port on the host's loopback: it must receive nothing.
  int host_fd = -1;
  uint16_t port = 0;
  for (uint16_t p = 16100; p < 16400 && host_fd < 0; ++p) {
    host_fd = BindReceiver(p);
    port = p;
  }
  ASSERT_GE(host_fd, 0);

  int inside = 0, inside_fd = -1;
  std::atomic<bool> receiver_ready{false};
  std::thread receiver([&] {
    if (EnterNetns(ns.name()).ok()) inside_fd = BindReceiver(port);  // this thread only
    receiver_ready = true;
    if (inside_fd >= 0) inside = CountUntilQuiet(inside_fd, 1500);
  });
  while (!receiver_ready && receiver.joinable())
    std::this_thread::sleep_for(std::chrono::milliseconds(5));

  FloodOptions o;
  o.target = *ParseEndpoint("127.0.0.1:" + std::to_string(port));
  o.rate = 200;
  o.duration_s = 0.5;
  o.sources = 20;
  o.netns = ns.name();
  FloodStats stats;
  util::Status st;
  std::thread sender([&] { st = RunFlood(o, nullptr, &stats); });  // enters the namespace
  sender.join();
  receiver.join();
  ASSERT_GE(inside_fd, 0) << "receiver could not bind inside " << ns.name();
  close(inside_fd);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(stats.sent, 100);
  EXPECT_EQ(inside, 100);
  EXPECT_EQ(CountUntilQuiet(host_fd, 100), 0);
  close(host_fd);
}

}  // namespace
}  // namespace lab
