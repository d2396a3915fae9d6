#include "cluster/redis_url.h"

#include <gtest/gtest.h>

namespace cluster {
namespace {

TEST(RedisUrl, Endpoint) {
  auto e = ParseRedisEndpoint("redis://10.0.0.5:6380/2");
  ASSERT_TRUE(e.ok()) << e.status().message();
  EXPECT_EQ(e->host, "10.0.0.5");
  EXPECT_EQ(e->port, 6380);
  EXPECT_EQ(e->db, 2);
  EXPECT_EQ(e->ToString(), "redis://10.0.0.5:6380/2");
  auto d = ParseRedisEndpoint("redis://cache.example");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->port, 6379);
  EXPECT_EQ(d->db, 0);
  auto v6 = ParseRedisEndpoint("redis://[::1]:7000");
  ASSERT_TRUE(v6.ok()) << v6.status().message();
  EXPECT_EQ(v6->host, "::1");
  EXPECT_EQ(v6->port, 7000);
  EXPECT_EQ(v6->ToString(), "redis://[::1]:7000/0");
}

TEST(RedisUrl, EndpointErrorsSayWhy) {
  EXPECT_NE(ParseRedisEndpoint("http://x:1").status().message().find("redis://"),
            std::string::npos);
  EXPECT_NE(ParseRedisEndpoint("redis://x:0").status().message().find("port"), std::string::npos);
  EXPECT_NE(ParseRedisEndpoint("redis://x:99999").status().message().find("port"),
            std::string::npos);
  EXPECT_NE(ParseRedisEndpoint("redis://x:1/abc").status().message().find("database"),
            std::string::npos);
  EXPECT_NE(ParseRedisEndpoint("redis://:1").status().message().find("host"), std::string::npos);
  EXPECT_NE(ParseRedisEndpoint("redis://u:p@x:1").status().message().find("credentials"),
            std::string::npos);
}

TEST(RedisUrl, AlertTargets) {
  auto l = ParseRedisAlertTarget("redis://127.0.0.1:6379/suricata");
  ASSERT_TRUE(l.ok());
  EXPECT_FALSE(l->channel);
  EXPECT_EQ(l->name, "suricata");
  auto c = ParseRedisAlertTarget("redis://127.0.0.1:6379/channel/eve");
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->channel);
  EXPECT_EQ(c->name, "eve");
  EXPECT_FALSE(ParseRedisAlertTarget("redis://127.0.0.1:6379").ok());
  EXPECT_FALSE(ParseRedisAlertTarget("redis://127.0.0.1:6379/channel/").ok());
  EXPECT_TRUE(IsRedisUrl("redis://x/k"));
  EXPECT_FALSE(IsRedisUrl("/var/log/eve.json"));
}

}  // namespace
}  // namespace cluster
