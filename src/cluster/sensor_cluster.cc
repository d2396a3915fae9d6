#include "cluster/sensor_cluster.h"

#include <unistd.h>

#include <cstdio>

namespace cluster {
namespace {

constexpr int kMaxLoggedApplies = 100;  // stderr lines about applied bans, then a summary only

}  // namespace

util::Result<std::unique_ptr<SensorCluster>> SensorCluster::Create(
    const std::string& url, std::string sensor_name, const std::vector<std::string>& allow,
    int ban_time_s, bool quiet, const std::vector<util::IpAddress>& protected_servers) {
  auto ep = ParseRedisEndpoint(url);
  if (!ep.ok()) return ep.status();
  std::unique_ptr<SensorCluster> c(new SensorCluster());
  if (sensor_name.empty()) {
    char host[256] = {};
    ::gethostname(host, sizeof host - 1);
    sensor_name = host[0] ? host : "sipddos";
  }
  c->options_.endpoint = *ep;
  c->options_.sensor = sensor_name;
  c->options_.ban_time_s = ban_time_s;
  c->options_.protected_addrs = LocalAddresses();
  c->options_.protected_addrs.insert(c->options_.protected_addrs.end(), protected_servers.begin(),
                                     protected_servers.end());
  for (const auto& a : allow) {
    auto cidr = util::Cidr::Parse(a);
    if (!cidr) return util::Status::Error("--allow: \"" + a + "\" is not an address or CIDR");
    c->options_.allow.push_back(*cidr);
  }
  c->quiet_ = quiet;
  return c;
}

SensorCluster::~SensorCluster() { Stop(); }

void SensorCluster::Start(mitigate::InvitePolicy* policy, mitigate::BanWriter* bans) {
  policy_ = policy;
  bans_ = bans;
  link_ =
      ClusterLink::Start(options_, [this](const BanDecision& b, bool resync) { Apply(b, resync); });
  if (!quiet_)
    std::fprintf(stderr, "sipddos detect: cluster: sensor %s sharing bans through %s\n",
                 options_.sensor.c_str(), options_.endpoint.ToString().c_str());
}

void SensorCluster::Stop() {
  if (link_) link_->Stop();
}

// On the subscriber thread, the single writer of the policy's external ban table.
void SensorCluster::Apply(const BanDecision& b, bool resync) {
  if (policy_) policy_->external_bans().Ban(b.addr, b.expires);
  if (bans_) bans_->Enqueue(b.addr);
  if (quiet_) return;
  int n = logged_.fetch_add(1, std::memory_order_relaxed);
  if (n < kMaxLoggedApplies) {
    std::string how = resync ? "resync" : [&] {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.1f ms after its decision",
                    double(util::NowMicros() - b.decided_at) / 1000.0);
      return std::string(buf);
    }();
    std::fprintf(stderr, "sipddos detect: cluster: applied ban %s from %s (%s)\n",
                 b.addr.ToString().c_str(), b.sensor.c_str(), how.c_str());
  } else if (n == kMaxLoggedApplies) {
    std::fprintf(stderr, "sipddos detect: cluster: further applied bans are counted only\n");
  }
}

void SensorCluster::PrintSummary() const {
  if (!link_) return;
  const ClusterStats& s = link_->stats();
  uint64_t delays = s.apply_delay_count.load();
  std::fprintf(
      stderr,
      "sipddos detect: cluster: %llu bans and %llu attack events published, %llu bans applied "
      "(%llu on resync), refused %llu allowlisted, %llu protected, %llu expired; %llu own "
      "echoes, %llu malformed, %llu reconnects, %llu queue drops, %llu re-asserted; apply delay "
      "mean %.1f ms, max %.1f ms\n",
      (unsigned long long)s.bans_published.load(), (unsigned long long)s.attacks_published.load(),
      (unsigned long long)s.bans_applied.load(), (unsigned long long)s.bans_resynced.load(),
      (unsigned long long)s.refused_allowlist.load(),
      (unsigned long long)s.refused_protected.load(), (unsigned long long)s.refused_expired.load(),
      (unsigned long long)s.own_echoes.load(), (unsigned long long)s.malformed.load(),
      (unsigned long long)s.reconnects.load(), (unsigned long long)s.queue_drops.load(),
      (unsigned long long)s.bans_reasserted.load(),
      delays ? double(s.apply_delay_sum_us.load()) / double(delays) / 1000.0 : 0.0,
      double(s.apply_delay_max_us.load()) / 1000.0);
}

std::string SensorCluster::RenderPrometheus() const {
  return link_ ? link_->RenderPrometheus() : std::string();
}

std::string RenderAlertMetrics(const RedisAlertWriter* writer) {
  return writer ? writer->RenderPrometheus() : std::string();
}

}  // namespace cluster
