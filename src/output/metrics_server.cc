#include "output/metrics_server.h"

#include <httplib.h>

#include <cctype>
#include <charconv>

#include "output/host_check.h"

namespace output {

MetricsServer::MetricsServer() = default;
MetricsServer::~MetricsServer() { Stop(); }

void MetricsServer::Handle(const std::string& path, Handler handler) {
  routes_.emplace_back(path, std::move(handler));
}

util::Status MetricsServer::Start(const std::string& addr_port, Render metrics) {
  size_t colon = addr_port.rfind(':');
  if (colon == std::string::npos)
    return util::Status::Error("--metrics " + addr_port + ": expected ADDR:PORT");
  std::string host = addr_port.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (host.empty()) host = "0.0.0.0";
  int port = -1;
  std::string_view p(addr_port.data() + colon + 1, addr_port.size() - colon - 1);
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  if (ec != std::errc() || end != p.data() + p.size() || port < 0 || port > 65535)
    return util::Status::Error("--metrics " + addr_port + ": bad port");
  server_ = std::make_unique<httplib::Server>();
  server_->Get("/metrics", [metrics](const httplib::Request&, httplib::Response& res) {
    res.set_content(metrics(), "text/plain; version=0.0.4; charset=utf-8");
  });
  for (const auto& [path, handler] : routes_) {
    // Exact paths only: httplib reads a route as a regular expression.
    std::string pattern;
    for (char c : path) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '/') pattern += '\\';
      pattern += c;
    }
    server_->Get(pattern, [handler, allowed = allowed_hosts_](const httplib::Request& req,
                                                              httplib::Response& res) {
      if (!HostAllowed(req.get_header_value("Host"), allowed)) {
        res.status = 403;
        res.set_content("this Host is not allowed (output.allowed_hosts, --allowed-host)\n",
                        "text/plain; charset=utf-8");
        return;
      }
      HttpReply reply = handler();
      for (const auto& [name, value] : reply.headers) res.set_header(name, value);
      res.set_header("X-Content-Type-Options", "nosniff");
      res.set_content(std::move(reply.body), reply.content_type);
    });
  }
  port_ =
      port == 0 ? server_->bind_to_any_port(host) : (server_->bind_to_port(host, port) ? port : -1);
  if (port_ <= 0) {
    server_.reset();
    return util::Status::Error("--metrics " + addr_port + ": cannot listen there");
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return util::Status::Ok();
}

void MetricsServer::Stop() {
  if (server_) server_->stop();
  if (thread_.joinable()) thread_.join();
  server_.reset();
}

}  // namespace output
