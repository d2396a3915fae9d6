#include "output/metrics_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

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

}  // namespace
}  // namespace output
