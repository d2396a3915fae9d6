// A throwaway redis-server on 127.0.0.1, on a free port, without persistence, for tests.
#pragma once

#include <sys/types.h>

#include <string>

#include "cluster/redis_conn.h"

namespace cluster::testing {

class RedisServer {
 public:
  RedisServer();   // picks a free port and starts the server (ASSERTs it answers PING)
  ~RedisServer();  // Stop()
  // (Re)starts on the same port; true once it answers PING (within 5 s).
  bool Start();
  // SIGTERM and wait: the data goes with it (no persistence).
  void Stop();
  int port() const { return port_; }
  RedisEndpoint endpoint() const;
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }
  // A fresh client connection (for the test's own commands and subscriptions).
  RedisConn Client() const;

 private:
  int port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace cluster::testing
