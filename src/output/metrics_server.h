// Serves GET /metrics (Prometheus text) on ADDR:PORT from a background thread (cpp-httplib),
// and any further GET routes the caller adds (the live status page, src/status/).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "util/status.h"

namespace httplib {
class Server;
}

namespace output {

// One HTTP reply of an added route; rendered per request on the server's thread.
struct HttpReply {
  std::string body;
  std::string content_type;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Content-Security-Policy
};

class MetricsServer {
 public:
  using Render = std::function<std::string()>;
  using Handler = std::function<HttpReply()>;
  MetricsServer();
  ~MetricsServer();  // stops the thread

  // Adds GET `path` (exact match); call before Start. Handlers run on the server's thread.
  void Handle(const std::string& path, Handler handler);
  // The added routes answer 403 to a request whose Host is not an IP address, localhost or one
  // of `names` (output/host_check.h: DNS rebinding); /metrics answers any Host, since
  // Prometheus scrapes by name and it names no address. Call before Start.
  void AllowHosts(std::vector<std::string> names) { allowed_hosts_ = std::move(names); }
  // "127.0.0.1:9590", "[::1]:9590" or ":9590" (all addresses). Port 0 picks a free port.
  util::Status Start(const std::string& addr_port, Render metrics);
  int port() const { return port_; }
  void Stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  std::vector<std::pair<std::string, Handler>> routes_;
  std::vector<std::string> allowed_hosts_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace output
