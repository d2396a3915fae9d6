#include "output/metrics_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include "output/host_check.h"

namespace output {
namespace {

TEST(MetricsServer, AddedRoutesMatchExactPathsAndSendTheirHeaders) {
  MetricsServer server;
  int calls = 0;
  server.Handle("/a.json", [&calls] {
    ++calls;
    return HttpReply{
        "{\"n\":" + std::to_string(calls) + "}", "application/json", {{"X-Test", "yes"}}};
  });
  ASSERT_TRUE(server.Start("127.0.0.1:0", [] { return std::string("m 1\n"); }).ok());
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/a.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, "{\"n\":1}");
  EXPECT_EQ(res->get_header_value("X-Test"), "yes");
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json");
  res = client.Get("/aXjson");  // the dot is not a regex wildcard
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = client.Get("/a.json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "{\"n\":2}") << "rendered per request";
  res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body, "m 1\n");
}

TEST(HostAllowed, AddressesLocalhostAndTheAllowlistOnly) {
  const std::vector<std::string> none, proxy = {"Sensor.Example.org"};
  for (const char* ok : {"127.0.0.1:9590", "127.0.0.1", "10.1.2.3:80", "[::1]:9590", "[::1]",
                         "[2001:db8::7]:8080", "localhost:9590", "LOCALHOST", "localhost.", ""})
    EXPECT_TRUE(HostAllowed(ok, none)) << ok;
  for (const char* bad :
       {"evil.example:9590", "evil.example", "sensor.example.org", "localhost.evil.example",
        "127.0.0.1.evil.example", "[evil]:80", "[::1", "::1", ":9590", "[::1]x"})
    EXPECT_FALSE(HostAllowed(bad, none)) << bad;
  EXPECT_TRUE(HostAllowed("sensor.example.org:443", proxy));
  EXPECT_TRUE(HostAllowed("SENSOR.example.ORG.", proxy));
  EXPECT_FALSE(HostAllowed("other.example.org", proxy));
}

// A DNS-rebinding page sends its own name as Host: the added routes refuse it, /metrics (which
// Prometheus scrapes by name) does not.
TEST(MetricsServer, AddedRoutesRefuseForeignHosts) {
  MetricsServer server;
  server.Handle("/status.json", [] { return HttpReply{"{}", "application/json", {}}; });
  server.AllowHosts({"sensor.example.org"});
  ASSERT_TRUE(server.Start("127.0.0.1:0", [] { return std::string("m 1\n"); }).ok());
  httplib::Client client("127.0.0.1", server.port());
  auto get = [&](const std::string& path, const std::string& host) {
    auto res = client.Get(path, {{"Host", host}});
    return res ? res->status : -1;
  };
  EXPECT_EQ(get("/status.json", "127.0.0.1:" + std::to_string(server.port())), 200);
  EXPECT_EQ(get("/status.json", "localhost:8080"), 200);
  EXPECT_EQ(get("/status.json", "sensor.example.org"), 200);
  EXPECT_EQ(get("/status.json", "attacker.example:" + std::to_string(server.port())), 403);
  EXPECT_EQ(get("/metrics", "attacker.example"), 200);
}

}  // namespace
}  // namespace output
