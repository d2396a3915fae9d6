#include "status/status_page.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <regex>
#include <set>

#include "report/chart_js.h"

namespace status {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(StatusPage, SelfContainedWithNoncedScriptsOnly) {
  std::string html = StatusPageHtml("abc123");
  EXPECT_THAT(html, HasSubstr(std::string(report::ChartJsSource())));
  // Every script and style element carries the nonce; none loads anything.
  std::regex element(R"(<(script|style)([^>]*)>)");
  int n = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), element);
       it != std::sregex_iterator(); ++it, ++n)
    EXPECT_EQ((*it)[2].str(), " nonce=\"abc123\"") << (*it)[0].str();
  EXPECT_EQ(n, 3) << "the style, Chart.js and the page's script";
  EXPECT_THAT(html, Not(HasSubstr("<link")));
  EXPECT_THAT(html, Not(HasSubstr(" src=")));
  EXPECT_THAT(html, HasSubstr("fetch('status.json'")) << "relative: works under a proxy prefix";
  EXPECT_THAT(html, Not(HasSubstr("innerHTML"))) << "values are shown as text only";
  std::string csp = StatusPageCsp("abc123");
  EXPECT_THAT(csp, HasSubstr("default-src 'none'"));
  EXPECT_THAT(csp, HasSubstr("script-src 'nonce-abc123'"));
  EXPECT_THAT(csp, HasSubstr("connect-src 'self'"));
  EXPECT_THAT(csp, Not(HasSubstr("unsafe")));
}

TEST(StatusPage, NoncesAreFreshAndBase64) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string n = NewNonce();
    EXPECT_TRUE(std::regex_match(n, std::regex("[A-Za-z0-9+/]{24}"))) << n;
    seen.insert(n);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST(StatusPage, ServedBesideMetricsOverHttp) {
  StatusModel model(StatusOptions{});
  model.OnInvite({util::IpAddress::V4(0x7f000001), 5060}, util::IpAddress::V4(0x7f000002),
                 1'700'000'000'000'000, 0.25f);
  model.Flush();
  output::MetricsServer server;
  AddStatusRoutes(server, model);
  ASSERT_TRUE(server.Start("127.0.0.1:0", [] { return std::string("m 1\n"); }).ok());
  httplib::Client client("127.0.0.1", server.port());

  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_THAT(page->get_header_value("Content-Type"), HasSubstr("text/html"));
  std::string csp = page->get_header_value("Content-Security-Policy");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(csp, m, std::regex("'nonce-([^']+)'"))) << csp;
  EXPECT_THAT(page->body, HasSubstr("<script nonce=\"" + m[1].str() + "\">"));
  auto again = client.Get("/");
  ASSERT_TRUE(again);
  EXPECT_NE(again->get_header_value("Content-Security-Policy"), csp) << "a nonce per response";

  auto js = client.Get("/status.json");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "application/json");
  EXPECT_EQ(js->get_header_value("Cache-Control"), "no-store");
  auto doc = nlohmann::json::parse(js->body);
  EXPECT_EQ(doc["schema"], 1);
  ASSERT_EQ(doc["servers"].size(), 1u);
  EXPECT_EQ(doc["servers"][0]["server"], "127.0.0.1:5060");
  EXPECT_FLOAT_EQ(doc["servers"][0]["max_score"][0].get<float>(), 0.25f);

  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->body, "m 1\n");
  auto missing = client.Get("/status.jsonx");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
}

}  // namespace
}  // namespace status
