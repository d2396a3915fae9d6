// What `sipddos detect --redis URL` adds to a sensor, kept here so that the detect command only
// calls it (docs/scale-out.md). Order of use, all from the detect command's thread:
//   auto c = SensorCluster::Create(url, name, allow, ban_time_s, quiet);   // no I/O yet
//   ... the policy's ban sink and the alert sink call c->PublishBan / c->PublishAttack ...
//   c->Start(policy, bans);   // once mitigation exists: starts the Redis threads
//   ... packets ...
//   c->Stop(); c->PrintSummary();
// Other sensors' bans are applied to the inline policy (InvitePolicy::external_bans: that
// source's INVITEs drop while the ban lasts) and to the nft set (BanWriter, --ban-time).
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "cluster/cluster_link.h"
#include "cluster/redis_alerts.h"
#include "mitigate/invite_policy.h"
#include "mitigate/nft_set.h"
#include "util/status.h"

namespace cluster {

class SensorCluster {
 public:
  // `sensor_name` empty: the host name. `allow`: the --allow CIDRs (already validated).
  // `protected_servers`: this sensor's --protect addresses, never banned here (nor are its own).
  static util::Result<std::unique_ptr<SensorCluster>> Create(
      const std::string& url, std::string sensor_name, const std::vector<std::string>& allow,
      int ban_time_s, bool quiet, const std::vector<util::IpAddress>& protected_servers = {});
  ~SensorCluster();

  // Packet path: never block (see ClusterLink). Ignored before Start.
  void PublishBan(const util::IpAddress& addr) {
    if (link_) link_->PublishBan(addr);
  }
  void PublishAttack(const detect::AlertEvent& a) {
    if (link_) link_->PublishAttack(a);
  }

  // Starts the Redis threads; `policy` and `bans` (either may be null) receive other sensors'
  // bans and must outlive Stop().
  void Start(mitigate::InvitePolicy* policy, mitigate::BanWriter* bans);
  void Stop();
  void PrintSummary() const;  // one line on stderr
  std::string RenderPrometheus() const;
  const std::string& sensor() const { return options_.sensor; }
  const ClusterLink* link() const { return link_.get(); }

 private:
  SensorCluster() = default;
  void Apply(const BanDecision& b, bool resync);

  ClusterOptions options_;
  bool quiet_ = false;
  mitigate::InvitePolicy* policy_ = nullptr;
  mitigate::BanWriter* bans_ = nullptr;
  std::atomic<int> logged_{0};
  std::unique_ptr<ClusterLink> link_;
};

// The Prometheus text of an alert writer, empty for null (for the metrics endpoint).
std::string RenderAlertMetrics(const RedisAlertWriter* writer);

}  // namespace cluster
