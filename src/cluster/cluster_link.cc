#include "cluster/cluster_link.h"

#include <hiredis/hiredis.h>
#include <ifaddrs.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstdio>

namespace cluster {
namespace {

constexpr size_t kBatch = 256;         // items per pipelined round trip
constexpr size_t kMaxProtected = 64;   // attacked servers remembered
constexpr int kIdleWaitMs = 2;         // publisher poll when the ring is empty
constexpr int kSubscribePollMs = 100;  // how soon the subscriber notices Stop()
constexpr size_t kMaxOwnBans = 4096;   // own bans remembered for re-assertion

void Warn(const std::string& msg) { std::fprintf(stderr, "sipddos cluster: %s\n", msg.c_str()); }

}  // namespace

std::vector<util::IpAddress> LocalAddresses() {
  std::vector<util::IpAddress> out;
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    if (i->ifa_addr->sa_family == AF_INET) {
      auto* s = reinterpret_cast<sockaddr_in*>(i->ifa_addr);
      out.push_back(util::IpAddress::V4Bytes(reinterpret_cast<const uint8_t*>(&s->sin_addr)));
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      auto* s = reinterpret_cast<sockaddr_in6*>(i->ifa_addr);
      out.push_back(util::IpAddress::V6Bytes(s->sin6_addr.s6_addr));
    }
  }
  freeifaddrs(list);
  return out;
}

std::unique_ptr<ClusterLink> ClusterLink::Start(const ClusterOptions& options, ApplyFn apply) {
  std::unique_ptr<ClusterLink> link(new ClusterLink(options, std::move(apply)));
  link->publisher_ = std::thread([l = link.get()] { l->PublishLoop(); });
  link->subscriber_ = std::thread([l = link.get()] { l->SubscribeLoop(); });
  return link;
}

ClusterLink::ClusterLink(const ClusterOptions& options, ApplyFn apply)
    : options_(options), apply_(std::move(apply)), out_(options.queue_capacity) {
  protected_ = options_.protected_addrs;
}

ClusterLink::~ClusterLink() { Stop(0); }

void ClusterLink::Stop(int flush_ms) {
  if (!publisher_.joinable()) return;
  drain_deadline_us_ = util::NowMicros() + int64_t(flush_ms) * 1000;
  draining_.store(true, std::memory_order_release);
  stop_.Stop();
  publisher_.join();
  subscriber_.join();
}

bool ClusterLink::PublishBan(const util::IpAddress& addr) {
  Outbound o;
  o.ban = true;
  o.addr = addr;
  o.decided_at = util::NowMicros();  // wall clock: other sensors compare with theirs
  o.expires = o.decided_at + int64_t(options_.ban_time_s) * 1'000'000;
  if (out_.Push(o)) return true;
  stats_.queue_drops.fetch_add(1, std::memory_order_relaxed);
  return false;
}

bool ClusterLink::PublishAttack(const detect::AlertEvent& a) {
  if (a.phase == detect::AlertPhase::kUpdate) return true;
  {
    std::lock_guard<std::mutex> l(protected_mu_);
    if (protected_.size() < kMaxProtected + options_.protected_addrs.size() &&
        std::find(protected_.begin(), protected_.end(), a.server.addr) == protected_.end())
      protected_.push_back(a.server.addr);
  }
  Outbound o;
  o.ban = false;
  o.addr = a.server.addr;
  o.port = a.server.port;
  o.phase = a.phase;
  o.attack_id = a.attack_id;
  o.invites = a.invites;
  o.distinct_sources = a.distinct_sources;
  o.max_score = a.max_score;
  o.decided_at = a.time;
  o.started = a.started;
  if (out_.Push(o)) return true;
  stats_.queue_drops.fetch_add(1, std::memory_order_relaxed);
  return false;
}

bool ClusterLink::Protected(const util::IpAddress& a) {
  std::lock_guard<std::mutex> l(protected_mu_);
  return std::find(protected_.begin(), protected_.end(), a) != protected_.end();
}

// ---- publisher ----

void ClusterLink::PublishLoop() {
  RedisConn conn;
  Backoff backoff(options_.backoff_min_ms, options_.backoff_max_ms);
  bool ever = false, warned = false;
  for (;;) {
    const bool stopping = draining_.load(std::memory_order_acquire);
    if (stopping && (out_.Size() == 0 || util::NowMicros() >= drain_deadline_us_)) break;
    if (!conn.connected()) {
      auto st = conn.Connect(options_.endpoint, options_.io_timeout_ms);
      if (!st.ok()) {
        if (!warned) Warn("publisher: " + st.message() + " (retrying; decisions are queued)");
        warned = true;
        if (stopping) break;
        stop_.SleepFor(backoff.Next());
        continue;
      }
      if (ever) {
        stats_.reconnects.fetch_add(1, std::memory_order_relaxed);
        if (!Reassert(conn)) continue;
      }
      ever = true;
      warned = false;
      backoff.Reset();
    }
    if (out_.Size() == 0) {
      stop_.SleepFor(kIdleWaitMs);
      continue;
    }
    if (!PublishBatch(conn) && !warned) {
      Warn("publisher: connection to " + options_.endpoint.ToString() + " lost (retrying)");
      warned = true;
    }
  }
}

bool ClusterLink::PublishBatch(RedisConn& conn) {
  const size_t n = std::min(out_.Size(), kBatch);
  const util::Micros now = util::NowMicros();
  const std::string bans = BanChannel(options_.prefix), attacks = AttackChannel(options_.prefix);
  size_t replies = 0, n_bans = 0, n_attacks = 0;
  for (size_t i = 0; i < n; ++i) {
    const Outbound& o = out_.Peek(i);
    if (o.ban) {
      if (o.expires <= now) continue;  // expired while Redis was away
      BanDecision b;
      b.addr = o.addr;
      b.sensor = options_.sensor;
      b.decided_at = o.decided_at;
      b.expires = o.expires;
      std::string json = EncodeBan(b);
      std::string ttl = std::to_string((o.expires - now + 999'999) / 1'000'000);
      std::string key = BanKey(options_.prefix, o.addr);
      conn.Append({"SET", key, json, "EX", ttl});
      conn.Append({"PUBLISH", bans, json});
      replies += 2;
      ++n_bans;
    } else {
      detect::AlertEvent a;
      a.phase = o.phase;
      a.attack_id = o.attack_id;
      a.server = {o.addr, o.port};
      a.time = o.decided_at;
      a.started = o.started;
      a.invites = o.invites;
      a.distinct_sources = o.distinct_sources;
      a.max_score = o.max_score;
      conn.Append({"PUBLISH", attacks, EncodeAttack(a, options_.sensor)});
      ++replies;
      ++n_attacks;
    }
  }
  for (size_t i = 0; i < replies; ++i)
    if (!conn.Read().ok()) return false;  // not popped: sent again after reconnect
  for (size_t i = 0; i < n; ++i) {
    const Outbound& o = out_.Peek(i);
    if (o.ban && o.expires > now)
      Remember({o.addr, "attributed", options_.sensor, o.decided_at, o.expires});
  }
  out_.Pop(n);
  stats_.bans_published.fetch_add(n_bans, std::memory_order_relaxed);
  stats_.attacks_published.fetch_add(n_attacks, std::memory_order_relaxed);
  return true;
}

void ClusterLink::Remember(const BanDecision& b) {
  if (own_.size() >= kMaxOwnBans && !own_.contains(b.addr)) {
    const util::Micros now = util::NowMicros();
    std::erase_if(own_, [&](const auto& kv) { return kv.second.expires <= now; });
    // Still full of bans in force: forget one (it stays in Redis until its TTL; only its
    // re-assertion after a Redis restart is lost).
    if (own_.size() >= kMaxOwnBans) own_.erase(own_.begin());
  }
  own_[b.addr] = b;
}

bool ClusterLink::Reassert(RedisConn& conn) {
  const util::Micros now = util::NowMicros();
  std::erase_if(own_, [&](const auto& kv) { return kv.second.expires <= now; });
  const std::string channel = BanChannel(options_.prefix);
  std::vector<std::string> json;
  for (const auto& [addr, ban] : own_) {
    json.push_back(EncodeBan(ban));
    std::string ttl = std::to_string((ban.expires - now + 999'999) / 1'000'000);
    conn.Append({"SET", BanKey(options_.prefix, addr), json.back(), "EX", ttl, "NX"});
  }
  std::vector<bool> missing(json.size());
  for (size_t i = 0; i < json.size(); ++i) {
    auto r = conn.Read();
    if (!r.ok()) return false;
    missing[i] = (*r)->type == REDIS_REPLY_STATUS;  // OK: the key was gone; nil: still there
  }
  size_t n = 0;
  for (size_t i = 0; i < json.size(); ++i)
    if (missing[i]) {
      conn.Append({"PUBLISH", channel, json[i]});
      ++n;
    }
  for (size_t i = 0; i < n; ++i)
    if (!conn.Read().ok()) return false;
  stats_.bans_reasserted.fetch_add(n, std::memory_order_relaxed);
  return true;
}

// ---- subscriber ----

void ClusterLink::SubscribeLoop() {
  RedisConn sub;
  Backoff backoff(options_.backoff_min_ms, options_.backoff_max_ms);
  bool ever = false, warned = false;
  const std::string channel = BanChannel(options_.prefix);
  while (!stop_.stopped()) {
    if (!sub.connected()) {
      stats_.connected.store(0, std::memory_order_relaxed);
      util::Status st = sub.Connect(options_.endpoint, options_.io_timeout_ms);
      if (st.ok()) {
        auto r = sub.Command({"SUBSCRIBE", channel});
        if (!r.ok())
          st = r.status();
        else if ((*r)->type == REDIS_REPLY_ERROR)
          st = util::Status::Error(std::string("SUBSCRIBE: ") + (*r)->str);
      }
      // Subscribed first, then the SCAN: a ban published in between is not missed.
      if (st.ok()) st = Resync();
      if (!st.ok()) {
        if (!warned) Warn("subscriber: " + st.message() + " (retrying)");
        warned = true;
        sub.Close();
        stop_.SleepFor(backoff.Next());
        continue;
      }
      if (ever) stats_.reconnects.fetch_add(1, std::memory_order_relaxed);
      ever = true;
      warned = false;
      backoff.Reset();
      stats_.connected.store(1, std::memory_order_relaxed);
    }
    auto r = sub.Poll(kSubscribePollMs);
    if (!r.ok()) {
      Warn("subscriber: " + r.status().message() + " (reconnecting)");
      warned = true;
      continue;
    }
    redisReply* m = r->get();
    if (!m) continue;
    if (m->type == REDIS_REPLY_ARRAY && m->elements == 3 &&
        m->element[0]->type == REDIS_REPLY_STRING &&
        std::string_view(m->element[0]->str, m->element[0]->len) == "message" &&
        m->element[2]->type == REDIS_REPLY_STRING)
      Handle(std::string_view(m->element[2]->str, m->element[2]->len), false);
  }
  stats_.connected.store(0, std::memory_order_relaxed);
}

util::Status ClusterLink::Resync() {
  RedisConn conn;
  SIPDDOS_RETURN_IF_ERROR(conn.Connect(options_.endpoint, options_.io_timeout_ms));
  const std::string pattern = BanKeyPattern(options_.prefix);
  std::string cursor = "0";
  do {
    auto r = conn.Command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    if (!r.ok()) return r.status();
    redisReply* s = r->get();
    if (s->type != REDIS_REPLY_ARRAY || s->elements != 2 ||
        s->element[0]->type != REDIS_REPLY_STRING || s->element[1]->type != REDIS_REPLY_ARRAY)
      return util::Status::Error("SCAN: unexpected reply");
    cursor.assign(s->element[0]->str, s->element[0]->len);
    redisReply* keys = s->element[1];
    if (keys->elements == 0) continue;
    for (size_t i = 0; i < keys->elements; ++i)
      conn.Append({"GET", std::string_view(keys->element[i]->str, keys->element[i]->len)});
    for (size_t i = 0; i < keys->elements; ++i) {
      auto v = conn.Read();
      if (!v.ok()) return v.status();
      if ((*v)->type == REDIS_REPLY_STRING) Handle(std::string_view((*v)->str, (*v)->len), true);
    }
  } while (cursor != "0" && !stop_.stopped());
  return util::Status::Ok();
}

void ClusterLink::Handle(std::string_view json, bool resync) {
  auto b = DecodeBan(json);
  if (!b.ok()) {
    stats_.malformed.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  const util::Micros now = util::NowMicros();
  if (b->sensor == options_.sensor) {
    stats_.own_echoes.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (b->expires <= now) {
    stats_.refused_expired.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  for (const auto& c : options_.allow)
    if (c.Contains(b->addr)) {
      stats_.refused_allowlist.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  if (Protected(b->addr)) {
    stats_.refused_protected.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  if (apply_) apply_(*b, resync);
  stats_.bans_applied.fetch_add(1, std::memory_order_relaxed);
  if (resync) {
    stats_.bans_resynced.fetch_add(1, std::memory_order_relaxed);
  } else {
    const int64_t delay = std::max<int64_t>(0, now - b->decided_at);
    stats_.apply_delay_sum_us.fetch_add(delay, std::memory_order_relaxed);
    stats_.apply_delay_count.fetch_add(1, std::memory_order_relaxed);
    if (delay > stats_.apply_delay_max_us.load(std::memory_order_relaxed))
      stats_.apply_delay_max_us.store(delay, std::memory_order_relaxed);
  }
}

std::string ClusterLink::RenderPrometheus() const {
  std::string out;
  auto metric = [&](const char* name, const char* type, const char* help,
                    std::initializer_list<std::pair<const char*, uint64_t>> values) {
    out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
    for (const auto& [labels, v] : values)
      out += std::string(name) + labels + " " + std::to_string(v) + "\n";
  };
  auto get = [](const std::atomic<uint64_t>& a) { return a.load(std::memory_order_relaxed); };
  metric("sipddos_cluster_published_total", "counter", "Messages this sensor published to Redis.",
         {{"{kind=\"ban\"}", get(stats_.bans_published)},
          {"{kind=\"attack\"}", get(stats_.attacks_published)}});
  metric("sipddos_cluster_bans_applied_total", "counter",
         "Other sensors' bans applied here (nft set and inline filter).",
         {{"", get(stats_.bans_applied)}});
  metric("sipddos_cluster_bans_resynced_total", "counter",
         "Of the applied bans, those read back from Redis's keys on (re)connect.",
         {{"", get(stats_.bans_resynced)}});
  metric("sipddos_cluster_bans_reasserted_total", "counter",
         "Own bans still in force set again after a reconnect found Redis without them.",
         {{"", get(stats_.bans_reasserted)}});
  metric("sipddos_cluster_bans_refused_total", "counter", "Other sensors' bans not applied.",
         {{"{reason=\"allowlist\"}", get(stats_.refused_allowlist)},
          {"{reason=\"protected\"}", get(stats_.refused_protected)},
          {"{reason=\"expired\"}", get(stats_.refused_expired)}});
  metric("sipddos_cluster_messages_ignored_total", "counter", "Ban messages ignored.",
         {{"{reason=\"own\"}", get(stats_.own_echoes)},
          {"{reason=\"malformed\"}", get(stats_.malformed)}});
  metric("sipddos_cluster_reconnects_total", "counter", "Connections to Redis re-established.",
         {{"", get(stats_.reconnects)}});
  metric("sipddos_cluster_queue_drops_total", "counter",
         "Decisions not published: the queue towards Redis was full.",
         {{"", get(stats_.queue_drops)}});
  metric("sipddos_cluster_connected", "gauge", "1 while subscribed to Redis and resynchronised.",
         {{"", uint64_t(stats_.connected.load(std::memory_order_relaxed))}});
  return out;
}

}  // namespace cluster
