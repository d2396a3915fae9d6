// Serves GET /metrics (Prometheus text) on ADDR:PORT from a background thread (cpp-httplib).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "util/status.h"

namespace httplib {
class Server;
}

namespace output {

class MetricsServer {
 public:
  using Render = std::function<std::string()>;
  MetricsServer();
  ~MetricsServer();  // stops the thread

  // "127.0.0.1:9590", "[::1]:9590" or ":9590" (all addresses). Port 0 picks a free port.
  util::Status Start(const std::string& addr_port, Render metrics);
  int port() const { return port_; }
  void Stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace output
