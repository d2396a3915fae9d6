#include "status/status_page.h"

#include <array>
#include <random>

#include "report/chart_js.h"
#include "status/status_page_assets.h"

namespace status {

std::string NewNonce() {
  static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::random_device rd;      // the OS's generator (getrandom)
  std::array<uint8_t, 18> b;  // 18 bytes: 24 base64 characters, no padding
  for (size_t i = 0; i < b.size(); i += 2) {
    uint32_t r = rd();
    b[i] = uint8_t(r);
    b[i + 1] = uint8_t(r >> 8);
  }
  std::string out;
  for (size_t i = 0; i < b.size(); i += 3) {
    uint32_t v = uint32_t(b[i]) << 16 | uint32_t(b[i + 1]) << 8 | b[i + 2];
    for (int k = 3; k >= 0; --k) out += kB64[(v >> (6 * k)) & 63];
  }
  return out;
}

std::string StatusPageCsp(std::string_view nonce) {
  std::string n(nonce);
  return "default-src 'none'; script-src 'nonce-" + n + "'; style-src 'nonce-" + n +
         "'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
         "frame-ancestors 'none'";
}

std::string StatusPageHtml(std::string_view nonce) {
  std::string n(nonce);
  std::string out;
  out.reserve(report::ChartJsSource().size() + 16384);
  out +=
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"referrer\" content=\"no-referrer\">\n"
      "<title>sipddos live status</title>\n<style nonce=\"" +
      n + "\">";
  out += kStatusPageStyle;
  out += "</style>\n</head>\n<body>\n";
  out += kStatusPageBody;
  out += "<script nonce=\"" + n + "\">";
  out += report::ChartJsSource();
  out += "</script>\n<script nonce=\"" + n + "\">";
  out += kStatusPageScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

output::HttpReply ServeStatusPage() {
  std::string nonce = NewNonce();
  return {StatusPageHtml(nonce),
          "text/html; charset=utf-8",
          {{"Content-Security-Policy", StatusPageCsp(nonce)},
           {"Cache-Control", "no-store"},
           {"Referrer-Policy", "no-referrer"},
           {"X-Frame-Options", "DENY"}}};
}

output::HttpReply ServeStatusJson(const StatusModel& model) {
  return {model.Json().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
          "application/json",
          {{"Cache-Control", "no-store"}}};
}

void AddStatusRoutes(output::MetricsServer& server, const StatusModel& model) {
  server.Handle("/", [] { return ServeStatusPage(); });
  server.Handle("/status.json", [&model] { return ServeStatusJson(model); });
}

}  // namespace status
