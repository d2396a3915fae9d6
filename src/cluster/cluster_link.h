// A sensor's link to the others through Redis (docs/scale-out.md). The packet path hands ban
// decisions and attack start/end events to PublishBan / PublishAttack, which only push into a
// bounded lock-free ring (never block; a full ring drops and counts). Two worker threads do
// all Redis I/O, each on its own blocking hiredis connection with timeouts:
//   publisher:  SET <prefix>:ban:<addr> <json> EX <ttl> + PUBLISH <prefix>:bans <json>;
//               PUBLISH <prefix>:attacks <json>. Items leave the ring only once Redis took
//               them, so decisions made while Redis is away go out on reconnect; and on
//               reconnect it re-sets its own bans still in force that Redis lost (a restart
//               without persistence).
//   subscriber: SUBSCRIBE <prefix>:bans, then SCAN + MGET of the ban keys still alive (the
//               resync, on every (re)connect), then applies each ban another sensor decided:
//               never its own (echo), never an allowlisted address, never a protected address
//               (this host's own addresses and the servers this sensor saw attacked).
// Both reconnect with exponential backoff. Redis slow or gone costs the workers, not packets.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "cluster/backoff.h"
#include "cluster/message.h"
#include "cluster/redis_conn.h"
#include "cluster/redis_url.h"
#include "cluster/spsc_ring.h"
#include "detect/alert.h"
#include "util/ip_address.h"

namespace cluster {

struct ClusterOptions {
  RedisEndpoint endpoint;
  std::string sensor;              // unique per sensor: its own bans echo back under it
  std::string prefix = "sipddos";  // key and channel prefix
  std::vector<util::Cidr> allow;   // never applied
  std::vector<util::IpAddress> protected_addrs;  // never applied (e.g. LocalAddresses())
  int ban_time_s = 60;                           // TTL of the bans this sensor publishes
  size_t queue_capacity = 4096;  // decisions waiting for Redis (beyond: dropped, counted)
  int io_timeout_ms = 500;       // connect and each command
  int backoff_min_ms = 100, backoff_max_ms = 5000;
};

struct ClusterStats {
  std::atomic<uint64_t> bans_published{0}, attacks_published{0};
  std::atomic<uint64_t> bans_applied{0}, bans_resynced{0};  // resynced: applied from a SCAN
  std::atomic<uint64_t> bans_reasserted{0};  // own bans set again after Redis lost them
  std::atomic<uint64_t> refused_allowlist{0}, refused_protected{0}, refused_expired{0};
  std::atomic<uint64_t> own_echoes{0}, malformed{0};
  std::atomic<uint64_t> reconnects{0}, queue_drops{0};
  std::atomic<int> connected{0};               // subscriber connected and resynced
  std::atomic<int64_t> apply_delay_max_us{0};  // decided_at -> applied, pub/sub path
  std::atomic<int64_t> apply_delay_sum_us{0};
  std::atomic<uint64_t> apply_delay_count{0};
};

// The addresses of this host's interfaces (a sensor never applies a ban on itself).
std::vector<util::IpAddress> LocalAddresses();

class ClusterLink {
 public:
  // Called on the subscriber thread for each ban to apply (another sensor's, not refused).
  // `resync` is true when it came from the SCAN at (re)connect rather than the channel.
  using ApplyFn = std::function<void(const BanDecision& ban, bool resync)>;

  // Starts the workers; Redis need not be up (they keep retrying).
  static std::unique_ptr<ClusterLink> Start(const ClusterOptions& options, ApplyFn apply);
  ~ClusterLink();  // Stop()
  ClusterLink(const ClusterLink&) = delete;
  ClusterLink& operator=(const ClusterLink&) = delete;

  // Packet path (one thread): never blocks, allocates nothing; false when the ring is full.
  bool PublishBan(const util::IpAddress& addr);
  // Packet path: start and end phases are queued (updates are not shared); the attacked
  // server becomes a protected address.
  bool PublishAttack(const detect::AlertEvent& a);

  // Tries to deliver what is queued for up to flush_ms, then ends the workers.
  void Stop(int flush_ms = 1000);
  const ClusterStats& stats() const { return stats_; }
  const ClusterOptions& options() const { return options_; }
  // Prometheus text of the counters above (sipddos_cluster_*).
  std::string RenderPrometheus() const;

 private:
  struct Outbound {
    bool ban = true;
    util::IpAddress addr;  // the banned source, or the attacked server
    uint16_t port = 0;
    detect::AlertPhase phase = detect::AlertPhase::kStart;
    uint64_t attack_id = 0, invites = 0, distinct_sources = 0;
    float max_score = 0;
    util::Micros decided_at = 0, expires = 0, started = 0;
  };
  ClusterLink(const ClusterOptions& options, ApplyFn apply);
  void PublishLoop();
  bool PublishBatch(RedisConn& conn);  // false when the connection broke
  // After a reconnect: SET NX (+ PUBLISH) this sensor's bans still in force, in case Redis
  // restarted without them. False when the connection broke.
  bool Reassert(RedisConn& conn);
  void Remember(const BanDecision& b);
  void SubscribeLoop();
  util::Status Resync();
  void Handle(std::string_view json, bool resync);
  bool Protected(const util::IpAddress& a);

  ClusterOptions options_;
  ApplyFn apply_;
  ClusterStats stats_;
  SpscRing<Outbound> out_;
  std::mutex protected_mu_;  // attacked servers, added on attack events (rare)
  std::vector<util::IpAddress> protected_;
  StopSignal stop_;
  std::atomic<bool> draining_{false};
  int64_t drain_deadline_us_ = 0;
  std::unordered_map<util::IpAddress, BanDecision> own_;  // publisher thread; <= kMaxOwnBans
  std::thread publisher_, subscriber_;
};

}  // namespace cluster
