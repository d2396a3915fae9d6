#include "util/free_port.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace util {
namespace {

// The port it returns can be bound and listened on at once.
TEST(FreeLoopbackTcpPort, ReturnsABindablePort) {
  const int port = FreeLoopbackTcpPort();
  ASSERT_GT(port, 0);
  ASSERT_LT(port, 65536);
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(uint16_t(port));
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0) << port;
  EXPECT_EQ(::listen(fd, 1), 0);
  // While this socket holds it, the next pick is another port.
  EXPECT_NE(FreeLoopbackTcpPort(), port);
  ::close(fd);
}

}  // namespace
}  // namespace util
