#include "cluster/redis_tests/redis_server.h"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "util/free_port.h"

namespace cluster::testing {

RedisServer::RedisServer() : port_(util::FreeLoopbackTcpPort()) {
  EXPECT_TRUE(Start()) << "redis-server on " << port_;
}

RedisServer::~RedisServer() { Stop(); }

RedisEndpoint RedisServer::endpoint() const {
  RedisEndpoint e;
  e.host = "127.0.0.1";
  e.port = port_;
  return e;
}

RedisConn RedisServer::Client() const {
  RedisConn c;
  EXPECT_TRUE(c.Connect(endpoint(), 2000).ok());
  return c;
}

bool RedisServer::Start() {
  if (pid_ > 0) return true;
  std::string port = std::to_string(port_);
  pid_ = ::fork();
  if (pid_ == 0) {
    ::execl(SIPDDOS_REDIS_SERVER, "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", "/tmp", "--logfile",
            "/dev/null", "--loglevel", "warning", static_cast<char*>(nullptr));
    ::_exit(127);
  }
  for (int i = 0; i < 500; ++i) {
    RedisConn c;
    if (c.Connect(endpoint(), 200).ok()) {
      auto r = c.Command({"PING"});
      if (r.ok() && (*r)->type == REDIS_REPLY_STATUS) return true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void RedisServer::Stop() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGTERM);
  int status;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace cluster::testing
