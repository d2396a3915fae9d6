// Shared decisions under load (docs/scale-out.md, "Load"): how many ban decisions per second one
// sensor applies when another publishes them as fast as Redis takes them (redis-server ->
// subscriber thread -> InvitePolicy's shared ban table), and what the packet path
// (InvitePolicy::Decide on INVITEs during an attack) costs meanwhile. Starts its own
// redis-server on a free loopback port (needs redis-server in PATH).
//   build/bench/cluster_apply_bench
#include <benchmark/benchmark.h>
#include <hiredis/hiredis.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "cluster/cluster_link.h"
#include "cluster/message.h"
#include "cluster/redis_conn.h"
#include "mitigate/invite_policy.h"
#include "util/free_port.h"

namespace {

using Clock = std::chrono::steady_clock;

// One redis-server for the whole program.
struct Redis {
  pid_t pid = -1;
  cluster::RedisEndpoint ep;
  bool ok = false;
  Redis() {
    ep.port = util::FreeLoopbackTcpPort();
    std::string port = std::to_string(ep.port);
    pid = ::fork();
    if (pid == 0) {
      ::execlp("redis-server", "redis-server", "--port", port.c_str(), "--bind", "127.0.0.1",
               "--save", "", "--appendonly", "no", "--logfile", "/dev/null",
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    for (int i = 0; i < 500 && !ok; ++i) {
      cluster::RedisConn c;
      ok = c.Connect(ep, 200).ok() && c.Command({"PING"}).ok();
      if (!ok) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
  ~Redis() {
    if (pid > 0) {
      ::kill(pid, SIGTERM);
      ::waitpid(pid, nullptr, 0);
    }
  }
};
Redis& TheRedis() {
  static Redis r;
  return r;
}

// Pre-encoded ban messages from another sensor, on kDistinct addresses from 100.64.0.0 (the
// shared ban table holds 65,536 in 4-way sets: at a quarter full, almost none is evicted).
constexpr uint32_t kDistinct = 16384;
std::vector<std::string> Messages(size_t n) {
  std::vector<std::string> out(n);
  const util::Micros now = util::NowMicros();
  for (size_t i = 0; i < n; ++i) {
    cluster::BanDecision b;
    b.addr = util::IpAddress::V4(0x64400000u + uint32_t(i % kDistinct));
    b.sensor = "bench-publisher";
    b.decided_at = now;
    b.expires = now + 600'000'000;
    out[i] = cluster::EncodeBan(b);
  }
  return out;
}

// Publishes msgs[from, to) pipelined, 1000 per round trip. False on a Redis error.
bool Publish(cluster::RedisConn& c, const std::vector<std::string>& msgs, size_t from, size_t to) {
  for (size_t i = from; i < to;) {
    size_t end = std::min(to, i + 1000);
    for (size_t j = i; j < end; ++j) c.Append({"PUBLISH", "sipddos:bans", msgs[j]});
    for (size_t j = i; j < end; ++j)
      if (!c.Read().ok()) return false;
    i = end;
  }
  return true;
}

struct Sensor {
  mitigate::InvitePolicy policy;
  std::unique_ptr<cluster::ClusterLink> link;
  explicit Sensor(const cluster::RedisEndpoint& ep) : policy(Options()) {
    cluster::ClusterOptions o;
    o.endpoint = ep;
    o.sensor = "bench-sensor";
    link = cluster::ClusterLink::Start(o, [this](const cluster::BanDecision& b, bool) {
      policy.external_bans().Ban(b.addr, b.expires);
    });
    for (int i = 0; i < 500 && link->stats().connected.load() == 0; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  static mitigate::PolicyOptions Options() {
    mitigate::PolicyOptions o;
    o.seed = 1;
    return o;
  }
};

// INVITEs during an attack from 4096 sources, a quarter of them among the banned addresses.
struct Packets {
  std::vector<features::SipEvent> events;
  detect::MessageContext ctx;
  std::vector<std::string> call_ids;
  Packets() {
    ctx.invite = true;
    ctx.attack_active = true;
    ctx.server = {util::IpAddress::V4(0x0a000001), 5060};
    ctx.source_state = true;
    call_ids.resize(4096);
    events.resize(4096);
    for (int i = 0; i < 4096; ++i) {
      call_ids[i] = "call-" + std::to_string(i);
      auto& e = events[i];
      e.kind = features::EventKind::kInvite;
      e.src = i % 4 == 0 ? util::IpAddress::V4(0x64400000u + uint32_t(i))
                         : util::IpAddress::V4(0xC6120000u + uint32_t(i));
      e.dst = ctx.server.addr;
      e.sport = e.dport = 5060;
      e.call_id = call_ids[i];
    }
  }
};

// Decisions per second: N published as fast as Redis takes them, until all are applied.
void BM_ApplyPublishedDecisions(benchmark::State& state) {
  Redis& redis = TheRedis();
  if (!redis.ok) {
    state.SkipWithError("redis-server did not start (is it installed?)");
    return;
  }
  const size_t n = size_t(state.range(0));
  auto msgs = Messages(n);
  double total_s = 0;
  for (auto _ : state) {
    Sensor sensor(redis.ep);
    cluster::RedisConn pub;
    if (!pub.Connect(redis.ep, 2000).ok()) {
      state.SkipWithError("cannot connect to redis-server");
      return;
    }
    auto t0 = Clock::now();
    std::thread publisher([&] { Publish(pub, msgs, 0, n); });
    while (sensor.link->stats().bans_applied.load() < n &&
           Clock::now() - t0 < std::chrono::seconds(60))
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    double s = std::chrono::duration<double>(Clock::now() - t0).count();
    publisher.join();
    state.SetIterationTime(s);
    total_s += s;
    if (sensor.link->stats().bans_applied.load() < n)
      state.SkipWithError("not all applied in 60 s");
    // What the packet path will see: every published address is banned.
    uint32_t in_table = 0;
    for (uint32_t i = 0; i < kDistinct; ++i)
      in_table += sensor.policy.external_bans().Banned(util::IpAddress::V4(0x64400000u + i),
                                                       util::NowMicros());
    state.counters["in_table"] = double(in_table) / kDistinct;
    if (in_table < kDistinct * 99 / 100)
      state.SkipWithError("published bans are missing from the policy table");
    sensor.link->Stop(0);
  }
  state.counters["decisions_per_s"] =
      benchmark::Counter(double(n) * double(state.iterations()) / total_s);
  std::printf("applied %zu published decisions in %.3f s: %.0f decisions/s\n", n,
              total_s / double(state.iterations()),
              double(n) * double(state.iterations()) / total_s);
}
BENCHMARK(BM_ApplyPublishedDecisions)
    ->Arg(200000)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

// The packet path's cost per INVITE (InvitePolicy::Decide, with its shared ban lookup), with no
// decisions arriving (arg 0), while 100,000 decisions/s arrive (arg 100000), and while another
// thread publishes as fast as Redis takes them (arg -1).
void BM_PacketPathWhileDecisionsStream(benchmark::State& state) {
  Redis& redis = TheRedis();
  if (!redis.ok) {
    state.SkipWithError("redis-server did not start (is it installed?)");
    return;
  }
  const bool streaming = state.range(0) != 0;
  const int64_t rate = state.range(0) > 0 ? state.range(0) : 0;
  Sensor sensor(redis.ep);
  Packets p;
  auto msgs = Messages(50000);
  std::atomic<bool> stop{false};
  std::thread publisher;
  if (streaming) {
    publisher = std::thread([&] {
      cluster::RedisConn pub;
      if (!pub.Connect(redis.ep, 2000).ok()) return;
      // Paced: `rate` decisions/s in batches of 1000 (0: as fast as Redis takes them).
      const auto start = Clock::now();
      for (size_t k = 0; !stop.load(); ++k) {
        if (rate > 0)
          std::this_thread::sleep_until(start +
                                        std::chrono::microseconds(k * 1000 * 1'000'000 / rate));
        size_t from = (k * 1000) % msgs.size();
        if (!Publish(pub, msgs, from, from + 1000)) return;
      }
    });
  }
  const uint64_t applied0 = sensor.link->stats().bans_applied.load();
  auto t0 = Clock::now();
  util::Micros t = util::NowMicros();
  size_t i = 0;
  uint64_t dropped = 0;
  for (auto _ : state) {
    auto& e = p.events[i++ & 4095];
    e.time = (t += 10);  // 100,000 INVITE/s of capture time
    dropped += mitigate::VerdictOf(sensor.policy.Decide(e, p.ctx)) == mitigate::Verdict::kDrop;
  }
  double s = std::chrono::duration<double>(Clock::now() - t0).count();
  const uint64_t applied = sensor.link->stats().bans_applied.load() - applied0;
  stop = true;
  if (publisher.joinable()) publisher.join();
  sensor.link->Stop(0);
  state.counters["decisions_applied_per_s"] = benchmark::Counter(double(applied) / s);
  state.counters["shared_ban_drops"] = double(sensor.policy.count(mitigate::Reason::kSharedBan));
  benchmark::DoNotOptimize(dropped);
}
BENCHMARK(BM_PacketPathWhileDecisionsStream)->Arg(0)->Arg(100000)->Arg(-1)->MinTime(2.0);

}  // namespace

namespace {
// The subscriber's per-message decode (cluster::DecodeBan).
void BM_DecodeBan(benchmark::State& state) {
  auto msgs = Messages(1024);
  size_t i = 0;
  for (auto _ : state) {
    auto b = cluster::DecodeBan(msgs[i++ & 1023]);
    benchmark::DoNotOptimize(b);
  }
}
BENCHMARK(BM_DecodeBan);
}  // namespace
