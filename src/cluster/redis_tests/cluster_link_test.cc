// ClusterLink and RedisAlertWriter against a real redis-server on loopback.
#include "cluster/cluster_link.h"

#include <gtest/gtest.h>
#include <hiredis/hiredis.h>

#include <chrono>
#include <cstdio>
#include <mutex>
#include <thread>
#include <vector>

#include "cluster/redis_alerts.h"
#include "cluster/redis_tests/redis_server.h"
#include "util/free_port.h"
#include "util/wait_for.h"

namespace cluster {
namespace {

using testing::RedisServer;
using util::WaitFor;
using Clock = std::chrono::steady_clock;

util::IpAddress Addr(const std::string& s) { return *util::IpAddress::Parse(s); }

// A link plus the bans it applied.
struct Sensor {
  std::mutex mu;
  std::vector<BanDecision> applied;
  std::unique_ptr<ClusterLink> link;

  Sensor(const RedisServer& redis, const std::string& name, std::vector<util::Cidr> allow = {},
         std::vector<util::IpAddress> protect = {}, size_t queue = 4096) {
    ClusterOptions o;
    o.endpoint = redis.endpoint();
    o.sensor = name;
    o.allow = std::move(allow);
    o.protected_addrs = std::move(protect);
    o.queue_capacity = queue;
    o.backoff_min_ms = 20;
    o.backoff_max_ms = 200;
    link = ClusterLink::Start(o, [this](const BanDecision& b, bool) {
      std::lock_guard<std::mutex> l(mu);
      applied.push_back(b);
    });
  }
  bool Has(const util::IpAddress& a) {
    std::lock_guard<std::mutex> l(mu);
    for (const auto& b : applied)
      if (b.addr == a) return true;
    return false;
  }
  size_t Count() {
    std::lock_guard<std::mutex> l(mu);
    return applied.size();
  }
  bool Connected() const { return link->stats().connected.load() == 1; }
};

TEST(ClusterLinkRedis, BanReachesOthersWithinASecondNeverAllowlistedNorItsOwnSensor) {
  RedisServer redis;
  Sensor a(redis, "a"), b(redis, "b"), c(redis, "c", {*util::Cidr::Parse("198.51.100.0/24")});
  ASSERT_TRUE(WaitFor([&] { return a.Connected() && b.Connected() && c.Connected(); }, 3000));
  const auto x = Addr("198.51.100.7");
  auto t0 = Clock::now();
  ASSERT_TRUE(a.link->PublishBan(x));
  ASSERT_TRUE(WaitFor([&] { return b.Has(x); }, 1000)) << "not applied within 1 s";
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  std::printf("propagation a -> b: %.2f ms (link-level)\n", ms);
  ASSERT_TRUE(WaitFor([&] { return c.link->stats().refused_allowlist.load() == 1; }, 1000));
  ASSERT_TRUE(WaitFor([&] { return a.link->stats().own_echoes.load() == 1; }, 1000));
  EXPECT_EQ(c.Count(), 0u);
  EXPECT_EQ(a.Count(), 0u);
  EXPECT_EQ(a.link->stats().bans_published.load(), 1u);
  EXPECT_EQ(b.link->stats().bans_applied.load(), 1u);
  EXPECT_GE(b.link->stats().apply_delay_count.load(), 1u);
  {
    std::lock_guard<std::mutex> l(b.mu);
    EXPECT_EQ(b.applied[0].sensor, "a");
    EXPECT_NEAR(double(b.applied[0].expires - b.applied[0].decided_at), 60e6, 1);
  }
  // The key carries the ban's TTL.
  RedisConn cli = redis.Client();
  auto ttl = cli.Command({"TTL", "sipddos:ban:198.51.100.7"});
  ASSERT_TRUE(ttl.ok());
  EXPECT_GT((*ttl)->integer, 55);
  EXPECT_LE((*ttl)->integer, 60);
  std::string metrics = b.link->RenderPrometheus();
  EXPECT_NE(metrics.find("sipddos_cluster_bans_applied_total 1\n"), std::string::npos) << metrics;
  EXPECT_NE(c.link->RenderPrometheus().find(
                "sipddos_cluster_bans_refused_total{reason=\"allowlist\"} 1\n"),
            std::string::npos);
}

TEST(ClusterLinkRedis, ProtectedAndAttackedServersAreNeverApplied) {
  RedisServer redis;
  const auto self = Addr("10.9.9.9"), server = Addr("10.0.0.1"), x = Addr("203.0.113.5");
  Sensor a(redis, "a"), b(redis, "b", {}, {self});
  ASSERT_TRUE(WaitFor([&] { return a.Connected() && b.Connected(); }, 3000));
  RedisConn sub = redis.Client();
  ASSERT_TRUE(sub.Command({"SUBSCRIBE", "sipddos:attacks"}).ok());
  detect::AlertEvent ev;
  ev.phase = detect::AlertPhase::kStart;
  ev.attack_id = 1;
  ev.server = {server, 5060};
  ASSERT_TRUE(b.link->PublishAttack(ev));  // b now protects 10.0.0.1
  Reply got;
  ASSERT_TRUE(WaitFor(
      [&] {
        auto r = sub.Poll(10);
        if (r.ok() && r->get()) got = std::move(*r);
        return got != nullptr;
      },
      1000));
  ASSERT_EQ(got->type, REDIS_REPLY_ARRAY);
  EXPECT_NE(std::string(got->element[2]->str).find("\"phase\":\"start\""), std::string::npos);
  a.link->PublishBan(self);
  a.link->PublishBan(server);
  a.link->PublishBan(x);
  ASSERT_TRUE(WaitFor([&] { return b.Has(x); }, 1000));
  ASSERT_TRUE(WaitFor([&] { return b.link->stats().refused_protected.load() == 2; }, 1000));
  EXPECT_FALSE(b.Has(self));
  EXPECT_FALSE(b.Has(server));
}

TEST(ClusterLinkRedis, DecisionsQueueWhileRedisIsDownAndResyncAfterRestart) {
  RedisServer redis;
  Sensor a(redis, "a", {}, {}, /*queue=*/8), b(redis, "b");
  ASSERT_TRUE(WaitFor([&] { return a.Connected() && b.Connected(); }, 3000));
  const auto x = Addr("198.51.100.1");
  a.link->PublishBan(x);
  ASSERT_TRUE(WaitFor([&] { return b.Has(x); }, 1000));
  redis.Stop();  // no persistence: every key is lost
  ASSERT_TRUE(WaitFor([&] { return !b.Connected(); }, 2000));
  // While Redis is away: 8 decisions fit the queue, the rest are dropped and counted, and
  // publishing never waits.
  int accepted = 0;
  auto t0 = Clock::now();
  for (int i = 0; i < 20; ++i) accepted += a.link->PublishBan(util::IpAddress::V4(0xC0000200u + i));
  double us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
  EXPECT_EQ(accepted, 8);
  EXPECT_EQ(a.link->stats().queue_drops.load(), 12u);
  EXPECT_LT(us, 20000) << "PublishBan waited for Redis";
  ASSERT_TRUE(redis.Start());
  // The queued decisions go out, the lost ban is set again, the others resynchronise.
  ASSERT_TRUE(WaitFor([&] { return b.Count() >= 9; }, 5000)) << b.Count();
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(b.Has(util::IpAddress::V4(0xC0000200u + i))) << i;
  EXPECT_GE(a.link->stats().reconnects.load(), 1u);
  EXPECT_GE(b.link->stats().reconnects.load(), 1u);
  ASSERT_TRUE(WaitFor([&] { return a.link->stats().bans_reasserted.load() == 1; }, 2000));
  // A sensor that joins now finds all nine bans in the keys.
  Sensor d(redis, "d");
  ASSERT_TRUE(WaitFor([&] { return d.Count() == 9; }, 3000)) << d.Count();
  EXPECT_EQ(d.link->stats().bans_resynced.load(), 9u);
  EXPECT_TRUE(d.Has(x));
}

TEST(ClusterLinkRedis, MalformedMessagesAreCountedAndIgnored) {
  RedisServer redis;
  Sensor b(redis, "b");
  ASSERT_TRUE(WaitFor([&] { return b.Connected(); }, 3000));
  RedisConn cli = redis.Client();
  ASSERT_TRUE(cli.Command({"PUBLISH", "sipddos:bans", "{not json"}).ok());
  ASSERT_TRUE(cli.Command({"PUBLISH", "sipddos:bans", R"({"type":"ban","addr":"x"})"}).ok());
  ASSERT_TRUE(WaitFor([&] { return b.link->stats().malformed.load() == 2; }, 1000));
  EXPECT_EQ(b.Count(), 0u);
  EXPECT_TRUE(b.Connected());
}

TEST(RedisAlertWriterRedis, RpushToAListAndPublishOnAChannel) {
  RedisServer redis;
  auto list = RedisAlertWriter::Start(*ParseRedisAlertTarget(redis.url() + "/eve"));
  RedisConn sub = redis.Client();
  ASSERT_TRUE(sub.Command({"SUBSCRIBE", "eve-live"}).ok());
  auto chan = RedisAlertWriter::Start(*ParseRedisAlertTarget(redis.url() + "/channel/eve-live"));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(list->Write("{\"n\":" + std::to_string(i) + "}"));
  RedisConn cli = redis.Client();
  ASSERT_TRUE(WaitFor([&] { return list->stats().written.load() == 3; }, 2000));
  auto r = cli.Command({"LRANGE", "eve", "0", "-1"});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ((*r)->elements, 3u);
  EXPECT_STREQ((*r)->element[0]->str, "{\"n\":0}");
  EXPECT_STREQ((*r)->element[2]->str, "{\"n\":2}");
  EXPECT_TRUE(chan->Write("{\"alert\":1}"));
  Reply got;
  ASSERT_TRUE(WaitFor(
      [&] {
        auto p = sub.Poll(10);
        if (p.ok() && p->get()) got = std::move(*p);
        return got != nullptr;
      },
      2000));
  EXPECT_STREQ(got->element[2]->str, "{\"alert\":1}");
}

TEST(RedisAlertWriterRedis, StreamSplitsLinesAndRedisDownDropsAreBounded) {
  RedisServer redis;
  std::shared_ptr<RedisAlertWriter> w;
  auto f = OpenRedisAlertStream(redis.url() + "/eve", &w);
  ASSERT_TRUE(f.ok()) << f.status().message();
  std::fputs("{\"a\":1}\n{\"b\"", *f);
  std::fflush(*f);
  std::fputs(":2}\n", *f);
  std::fflush(*f);
  ASSERT_TRUE(WaitFor([&] { return w->stats().written.load() == 2; }, 2000));
  std::fclose(*f);
  RedisConn cli = redis.Client();
  auto r = cli.Command({"LRANGE", "eve", "0", "-1"});
  ASSERT_EQ((*r)->elements, 2u);
  EXPECT_STREQ((*r)->element[1]->str, "{\"b\":2}");

  // Nobody listening on this port: the queue fills, the rest is dropped, nothing waits.
  RedisAlertTarget gone = *ParseRedisAlertTarget(
      "redis://127.0.0.1:" + std::to_string(util::FreeLoopbackTcpPort()) + "/eve");
  auto down = RedisAlertWriter::Start(gone, /*capacity=*/5);
  int accepted = 0;
  auto t0 = Clock::now();
  for (int i = 0; i < 12; ++i) accepted += down->Write("{}");
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
  EXPECT_LT(ms, 20);
  EXPECT_EQ(accepted, 5);
  EXPECT_EQ(down->stats().dropped.load(), 7u);
  down->Stop(0);
  EXPECT_EQ(down->stats().dropped.load(), 12u);
  EXPECT_EQ(down->stats().written.load(), 0u);
}

}  // namespace
}  // namespace cluster
