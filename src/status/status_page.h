// The live status page: GET / (one self-contained HTML document, Chart.js inlined, a strict
// Content-Security-Policy, nothing fetched but ./status.json) and GET /status.json.
#pragma once

#include <string>
#include <string_view>

#include "output/metrics_server.h"
#include "status/status_model.h"

namespace status {

// The page, with `nonce` on its <script> and <style> elements. It polls ./status.json (relative,
// so it works under a reverse proxy's sub-path) every second.
std::string StatusPageHtml(std::string_view nonce);
// The Content-Security-Policy sent with it: only the nonce's inline elements run, and the only
// request allowed is to the page's own origin.
std::string StatusPageCsp(std::string_view nonce);
// A fresh random nonce (base64 of 16 bytes from the OS).
std::string NewNonce();

output::HttpReply ServeStatusPage();
output::HttpReply ServeStatusJson(const StatusModel& model);
// Adds GET / and GET /status.json to `server` (before its Start); `model` must outlive it.
void AddStatusRoutes(output::MetricsServer& server, const StatusModel& model);

}  // namespace status
