// `sipddos detect`: capture -> parse -> encode -> windows -> infer -> alerts, streaming. With
// --nfqueue it runs inline: packets come from an NFQUEUE queue and each gets a verdict
// (mitigate/, docs/mitigation.md).
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "capture/packet_source.h"
#include "cli/command.h"
#include "cli/default_model.h"
#include "cli/detect_feed.h"
#include "cluster/redis_alerts.h"
#include "cluster/sensor_cluster.h"
#include "detect/detector.h"
#include "mitigate/inline_filter.h"
#include "mitigate/invite_policy.h"
#include "mitigate/nfqueue.h"
#include "mitigate/nft_set.h"
#include "output/eve.h"
#include "output/metrics_server.h"
#include "output/prometheus.h"
#include "output/telemetry.h"

namespace cli {
namespace {

struct DetectOptions {
  std::string pcap, interface, bpf = capture::kDefaultBpf, model, alerts = "-", metrics;
  float threshold = -1;
  double stats_interval = 0, quiet_period = 3, update_interval = 10;
  int max_servers = 16;
  bool quiet = false;
  // Inline mitigation and block lists.
  int nfqueue = -1;
  bool queue_bypass = false;
  std::string nft_set, nft_set6;
  int ban_time = 60;
  double nft_add_rate = 20;
  std::vector<std::string> allow;
  mitigate::PolicyOptions policy;
  std::string redis, sensor_name;  // scale-out (src/cluster/, docs/scale-out.md)
};

capture::PacketSource* g_source = nullptr;  // for the signal handler
mitigate::NfQueue* g_queue = nullptr;       // same, inline mode
extern "C" void OnStopSignal(int) {
  if (g_source) g_source->Interrupt();
  if (g_queue) g_queue->Interrupt();
}

constexpr size_t kSummaryAttacks = 100;

// One human-readable line per attack, for the terminal (the EVE log has the details).
void PrintAttacks(const std::vector<detect::AlertEvent>& ended, uint64_t total) {
  for (const auto& a : ended) {
    std::string start = util::FormatIso8601(a.started).substr(11, 12);
    std::string last = util::FormatIso8601(a.last_malicious).substr(11, 12);
    std::fprintf(stderr,
                 "  attack %llu on %s:%u: %s -> %s UTC (%.1f s), %llu INVITEs (%llu from known "
                 "callers), ~%llu distinct other sources, max score %.3f\n",
                 (unsigned long long)a.attack_id, a.server.addr.ToString().c_str(),
                 unsigned(a.server.port), start.c_str(), last.c_str(),
                 double(a.last_malicious - a.started) / 1e6, (unsigned long long)a.invites,
                 (unsigned long long)a.invites_from_known, (unsigned long long)a.distinct_sources,
                 a.max_score);
  }
  if (total > ended.size())
    std::fprintf(stderr, "  (%llu more attacks in the alert log)\n",
                 (unsigned long long)(total - ended.size()));
}

int Fail(const std::string& msg) {
  std::fprintf(stderr, "sipddos detect: %s\n", msg.c_str());
  return kExitFailure;
}

// The rules that send packets to queue `num`, from `nft list ruleset` (nft and iptables-nft
// rules both list as "... queue num N [bypass]" or "queue flags bypass to N").
struct QueueRules {
  int rules = 0, with_bypass = 0;
};
QueueRules FindQueueRules(const std::string& ruleset, int num) {
  QueueRules q;
  static const std::regex kQueue(R"(\bqueue\b.*\b(?:num|to) (\d+)(?:-(\d+))?)");
  size_t start = 0;
  while (start < ruleset.size()) {
    size_t end = ruleset.find('\n', start);
    if (end == std::string::npos) end = ruleset.size();
    std::string line = ruleset.substr(start, end - start);
    start = end + 1;
    std::smatch m;
    if (!std::regex_search(line, m, kQueue)) continue;
    int lo = std::stoi(m[1]), hi = m[2].matched ? std::stoi(m[2]) : lo;
    if (num < lo || num > hi) continue;
    ++q.rules;
    if (line.find("bypass") != std::string::npos) ++q.with_bypass;
  }
  return q;
}

// The inline loop: NFQUEUE -> decode -> detection path -> per-message verdict.
struct Mitigation {
  std::unique_ptr<mitigate::InvitePolicy> policy;
  std::unique_ptr<mitigate::BanWriter> bans;
};

util::Result<Mitigation> StartMitigation(const DetectOptions& o, cluster::SensorCluster* cl) {
  Mitigation m;
  mitigate::PolicyOptions po = o.policy;
  for (const auto& a : o.allow) {
    auto c = util::Cidr::Parse(a);
    if (!c) return util::Status::Error("--allow: \"" + a + "\" is not an address or CIDR");
    po.allow.push_back(*c);
  }
  po.ban_time = util::Micros(o.ban_time) * 1'000'000;
  mitigate::InvitePolicy::BanSink sink;
  if (!o.nft_set.empty()) {
    mitigate::BanWriterOptions bo;
    auto s4 = mitigate::NftSetRef::Parse(o.nft_set);
    if (!s4.ok()) return s4.status();
    bo.set4 = *s4;
    if (!o.nft_set6.empty()) {
      auto s6 = mitigate::NftSetRef::Parse(o.nft_set6);
      if (!s6.ok()) return s6.status();
      bo.set6 = *s6;
    }
    bo.ban_time_s = o.ban_time;
    bo.max_adds_per_s = o.nft_add_rate;
    auto w = mitigate::BanWriter::Start(bo);
    if (!w.ok()) return w.status();
    m.bans = std::move(*w);
  }
  if (m.bans || cl)  // bans go to the nft set and/or to the other sensors
    sink = [w = m.bans.get(), cl](const util::IpAddress& a, util::Micros) {
      if (w) w->Enqueue(a);
      if (cl) cl->PublishBan(a);
    };
  m.policy = std::make_unique<mitigate::InvitePolicy>(po, std::move(sink));
  return m;
}

void PrintMitigation(const Mitigation& m, const mitigate::NfQueue* q, double verdict_ns) {
  std::string reasons;
  for (int r = 0; r < mitigate::kReasonCount; ++r) {
    uint64_t n = m.policy->count(mitigate::Reason(r));
    if (n == 0) continue;
    reasons += std::string(reasons.empty() ? "" : ", ") + mitigate::ReasonName(mitigate::Reason(r)) +
               " " + std::to_string(n);
  }
  if (q) {
    const auto& qs = q->stats();
    std::fprintf(stderr,
                 "sipddos detect: inline: %llu packets, %llu accepted, %llu dropped, %llu verdict "
                 "messages, %.2f us per packet, %llu socket overruns (kernel failed open)\n",
                 (unsigned long long)qs.packets.load(), (unsigned long long)qs.accepted.load(),
                 (unsigned long long)qs.dropped.load(),
                 (unsigned long long)qs.verdict_messages.load(), verdict_ns / 1000.0,
                 (unsigned long long)qs.overruns.load());
  }
  std::fprintf(stderr, "sipddos detect: decisions: %s\n", reasons.empty() ? "none" : reasons.c_str());
  if (m.bans) {
    auto bs = m.bans->stats();
    std::fprintf(stderr,
                 "sipddos detect: bans: %llu requested, %llu added to nft, %llu failed, %llu "
                 "refused (queue full), %llu IPv6 without --nft-set6%s%s\n",
                 (unsigned long long)m.policy->bans_requested(), (unsigned long long)bs.added,
                 (unsigned long long)bs.failed, (unsigned long long)bs.queue_full,
                 (unsigned long long)bs.no_set, bs.last_error.empty() ? "" : "; last error: ",
                 bs.last_error.c_str());
  }
}

int RunDetect(const DetectOptions& o) {
  std::string model_path = o.model.empty() ? DefaultModelPath() : o.model;
  if (model_path.empty()) return Fail("no model given and no shipped default model found (--model FILE)");
  auto file = nn::ModelFile::Load(model_path);
  if (!file.ok()) return Fail(file.status().message());

  FILE* alerts = stdout;
  std::shared_ptr<cluster::RedisAlertWriter> redis_alerts;  // --alerts redis://...
  if (cluster::IsRedisUrl(o.alerts)) {
    auto f = cluster::OpenRedisAlertStream(o.alerts, &redis_alerts);
    if (!f.ok()) return Fail(f.status().message());
    alerts = *f;
  } else if (o.alerts != "-") {
    alerts = std::fopen(o.alerts.c_str(), "a");  // a log: appended to, like Suricata's eve.json
    if (!alerts) return Fail(o.alerts + ": cannot open for appending");
  }
  std::unique_ptr<FILE, int (*)(FILE*)> alerts_closer(alerts == stdout ? nullptr : alerts, fclose);
  // EVE "host": --sensor-name when given (as Suricata's sensor-name), else the input.
  const std::string sensor = !o.sensor_name.empty() ? o.sensor_name
                             : o.nfqueue >= 0       ? "nfqueue:" + std::to_string(o.nfqueue)
                             : o.interface.empty() ? "pcap"
                                                   : o.interface;
  std::unique_ptr<cluster::SensorCluster> cl;
  if (!o.redis.empty()) {
    auto c = cluster::SensorCluster::Create(o.redis, o.sensor_name, o.allow, o.ban_time, o.quiet);
    if (!c.ok()) return Fail(c.status().message());
    cl = std::move(*c);
  }
  uint64_t alert_lines = 0;
  std::vector<detect::AlertEvent> ended;  // for the summary; bounded below
  auto sink = [&](const detect::AlertEvent& a) {
    if (a.phase == detect::AlertPhase::kEnd && ended.size() < kSummaryAttacks) ended.push_back(a);
    if (cl) cl->PublishAttack(a);
    std::string line = output::AlertToEve(a, sensor);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), alerts);
    std::fflush(alerts);
    ++alert_lines;
  };
  detect::DetectorOptions dopt;
  dopt.threshold = o.threshold;
  dopt.quiet_period = util::Micros(o.quiet_period * 1e6);
  dopt.update_interval = util::Micros(o.update_interval * 1e6);
  dopt.max_servers = o.max_servers;
  const bool mitigating = o.nfqueue >= 0 || !o.nft_set.empty() || cl;
  dopt.source_state = mitigating;
  auto detector = detect::Detector::Create(*file, dopt, sink);
  if (!detector.ok()) return Fail(model_path + ": " + detector.status().message());

  Mitigation mitigation;
  if (mitigating) {
    auto m = StartMitigation(o, cl.get());
    if (!m.ok()) return Fail(m.status().message());
    mitigation = std::move(*m);
  }
  if (cl) cl->Start(mitigation.policy.get(), mitigation.bans.get());
  struct ClusterStop {  // before the policy it writes to goes, on every return
    cluster::SensorCluster* c;
    ~ClusterStop() {
      if (c) c->Stop();
    }
  } cluster_stop{cl.get()};
  if (o.nfqueue >= 0) {
    mitigate::NftRunner nft;
    auto st = nft.Run("list ruleset\n");
    QueueRules rules = st.ok() ? FindQueueRules(nft.output(), o.nfqueue) : QueueRules{};
    if (o.queue_bypass && rules.with_bypass < rules.rules)
      return Fail("--queue-bypass: " + std::to_string(rules.rules - rules.with_bypass) +
                  " rule(s) send packets to queue " + std::to_string(o.nfqueue) +
                  " without the bypass flag: traffic would stop with sipddos");
    if (!o.quiet && rules.rules == 0)
      std::fprintf(stderr, "sipddos detect: warning: no nft rule sends packets to queue %d yet\n",
                   o.nfqueue);
    else if (!o.quiet && rules.with_bypass < rules.rules)
      std::fprintf(stderr,
                   "sipddos detect: warning: a rule queues to %d without 'bypass': if sipddos "
                   "stops, that traffic is dropped (docs/mitigation.md)\n",
                   o.nfqueue);
  }

  util::Result<std::unique_ptr<capture::PacketSource>> source =
      o.nfqueue >= 0 ? util::Result<std::unique_ptr<capture::PacketSource>>(nullptr)
      : o.pcap.empty() ? capture::OpenLive(o.interface, o.bpf, [] {
        capture::LiveOptions lo;
        lo.wake_on_timeout = true;  // lets the detector end attacks when traffic stops
        return lo;
      }())
                     : capture::OpenFile(o.pcap);
  if (!source.ok()) return Fail(source.status().message());

  output::Telemetry telemetry;
  telemetry.started_unix_us = util::NowMicros();
  const detect::Counters& counters = (*detector)->counters();
  output::MetricsServer metrics;
  if (!o.metrics.empty()) {
    auto st = metrics.Start(o.metrics, [&] {
      return output::RenderPrometheus(telemetry, counters) +
             (cl ? cl->RenderPrometheus() : "") + cluster::RenderAlertMetrics(redis_alerts.get());
    });
    if (!st.ok()) return Fail(st.message());
  }
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  if (!o.quiet)
    std::fprintf(stderr, "sipddos detect: model %s (%s, threshold %.3f)\n", model_path.c_str(),
                 nn::CellKindName(file->meta.model), (*detector)->threshold());

  capture::Datagram d;
  sip::Message m;
  features::SipEvent ev;
  util::Micros last = 0, next_stats = 0;
  const util::Micros stats_every = util::Micros(o.stats_interval * 1e6);
  auto maybe_stats = [&](uint64_t dropped) {
    if (stats_every <= 0 || last < next_stats) return;
    telemetry.packets_dropped = dropped;
    if (next_stats != 0) {
      std::string line = output::StatsToEve(last, telemetry, counters, sensor) + "\n";
      std::fwrite(line.data(), 1, line.size(), alerts);
      std::fflush(alerts);
    }
    next_stats = last + stats_every;
  };

  if (o.nfqueue >= 0) {  // inline: every packet gets a verdict
    mitigate::InlineFilter filter(
        **detector, *mitigation.policy,
        [&](const capture::Datagram& dg) -> const features::SipEvent* {
          if (!FeedDatagram(dg, **detector, &m, &ev)) {
            telemetry.not_sip.fetch_add(1, std::memory_order_relaxed);
            return nullptr;
          }
          telemetry.sip[int(output::SipKindOf(m.is_request, m.method))].fetch_add(
              1, std::memory_order_relaxed);
          return &ev;
        });
    mitigate::NfQueue* q = nullptr;
    uint64_t verdict_ns = 0;
    mitigate::NfQueueOptions qo;
    qo.queue_num = uint16_t(o.nfqueue);
    auto queue = mitigate::NfQueue::Open(
        qo, [&](std::span<const uint8_t> packet, util::Micros now) {
          auto t0 = std::chrono::steady_clock::now();
          telemetry.packets.fetch_add(1, std::memory_order_relaxed);
          last = std::max(last, now);
          mitigate::Verdict v = mitigate::VerdictOf(filter.Judge(packet, now));
          maybe_stats(q->stats().overruns.load(std::memory_order_relaxed));
          verdict_ns += std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::steady_clock::now() - t0)
                            .count();
          return v;
        });
    if (!queue.ok()) return Fail(queue.status().message());
    q = queue->get();
    g_queue = q;
    if (!o.quiet)
      std::fprintf(stderr, "sipddos detect: inline on NFQUEUE %d (fail-open)%s\n", o.nfqueue,
                   mitigation.bans ? (", banning into " + o.nft_set).c_str() : "");
    util::Status st = q->Run([&](util::Micros now) {
      last = std::max(last, now);
      (*detector)->Tick(now);
      maybe_stats(q->stats().overruns.load(std::memory_order_relaxed));
    });
    g_queue = nullptr;
    (*detector)->Finish(last);
    if (mitigation.bans) mitigation.bans->Stop();
    if (cl) cl->Stop();
    if (!o.quiet) {
      uint64_t packets = q->stats().packets.load();
      std::fprintf(stderr,
                   "sipddos detect: %llu packets, %llu INVITEs scored, windows %llu benign / %llu "
                   "malicious, %llu attacks detected, %llu alert events\n",
                   (unsigned long long)packets, (unsigned long long)counters.invites.load(),
                   (unsigned long long)counters.windows_benign.load(),
                   (unsigned long long)counters.windows_malicious.load(),
                   (unsigned long long)counters.alerts.load(), (unsigned long long)alert_lines);
      PrintMitigation(mitigation, q, packets ? double(verdict_ns) / double(packets) : 0);
      if (cl) cl->PrintSummary();
      PrintAttacks(ended, counters.alerts.load());
    }
    if (!st.ok()) return Fail(st.message());
    return kExitOk;
  }

  g_source = source->get();
  util::Status read_error;
  for (;;) {
    auto more = (*source)->Next(&d);
    if (!more.ok()) {
      read_error = more.status();
      break;
    }
    if (!*more) break;
    last = std::max(last, d.ts);
    if (d.payload.empty()) {  // live read timeout: advance the clock only
      (*detector)->Tick(d.ts);
    } else {
      telemetry.packets.fetch_add(1, std::memory_order_relaxed);
      if (!FeedDatagram(d, **detector, &m, &ev)) {
        telemetry.not_sip.fetch_add(1, std::memory_order_relaxed);
      } else {
        telemetry.sip[int(output::SipKindOf(m.is_request, m.method))].fetch_add(
            1, std::memory_order_relaxed);
        // Passive (live capture with --nft-set): the same decisions, used for bans only.
        if (mitigation.policy) mitigation.policy->Decide(ev, (*detector)->last_message());
      }
    }
    if (stats_every > 0 && last >= next_stats) {
      const auto& cs = (*source)->stats();
      maybe_stats(cs.kernel_drops + cs.interface_drops);
    }
  }
  (*detector)->Finish(last);
  g_source = nullptr;
  const auto& cs = (*source)->stats();
  telemetry.packets = cs.packets;
  telemetry.packets_dropped = cs.kernel_drops + cs.interface_drops;
  telemetry.packets_skipped = cs.truncated + cs.malformed + cs.unsupported_link + cs.non_ip +
                              cs.non_udp_tcp;
  if (!o.quiet) {
    std::fprintf(stderr,
                 "sipddos detect: %llu packets, %llu INVITEs scored, windows %llu benign / %llu "
                 "malicious, %llu attacks detected, %llu alert events\n",
                 (unsigned long long)cs.packets, (unsigned long long)counters.invites.load(),
                 (unsigned long long)counters.windows_benign.load(),
                 (unsigned long long)counters.windows_malicious.load(),
                 (unsigned long long)counters.alerts.load(), (unsigned long long)alert_lines);
  }
  if (!o.quiet && mitigation.policy) PrintMitigation(mitigation, nullptr, 0);
  if (mitigation.bans) mitigation.bans->Stop();
  if (cl) cl->Stop();
  if (!o.quiet && cl) cl->PrintSummary();
  if (!o.quiet) PrintAttacks(ended, counters.alerts.load());
  if (!read_error.ok()) return Fail(read_error.message());
  return kExitOk;
}

}  // namespace

void RegisterDetect(CLI::App& root, RunFn& selected) {
  auto o = std::make_shared<DetectOptions>();
  auto* sub = root.add_subcommand(
      "detect", "Detect SIP INVITE floods in a capture file, on a live interface, or inline on an NFQUEUE "
      "queue that drops the flood (EVE alerts)");
  auto* pcap = sub->add_option("--pcap", o->pcap, "Capture file to read (pcap/pcapng; - for stdin)");
  auto* iface = sub->add_option("-i,--interface", o->interface, "Live interface to capture on (needs CAP_NET_RAW)");
  pcap->excludes(iface);
  sub->add_option("--bpf", o->bpf, "BPF filter for live capture")->capture_default_str();
  sub->add_option("-m,--model", o->model, "Model file (.safetensors); default: the shipped GRU");
  sub->add_option("-t,--threshold", o->threshold, "Window score at or above which a window is malicious (default: the model's)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("-a,--alerts", o->alerts,
                  "EVE JSON alert log, appended to; - for stdout; redis://HOST:PORT/KEY (RPUSH) "
                  "or redis://HOST:PORT/channel/NAME (PUBLISH)")
      ->capture_default_str();
  sub->add_option("--metrics", o->metrics, "Serve Prometheus metrics on ADDR:PORT (GET /metrics)");
  sub->add_option("--stats-interval", o->stats_interval, "Write an EVE stats event every S seconds (0: never)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  sub->add_option("--quiet-period", o->quiet_period, "An attack ends after S seconds without a malicious window")
      ->capture_default_str()->check(CLI::PositiveNumber);
  sub->add_option("--update-interval", o->update_interval, "Seconds between update events while an attack lasts")
      ->capture_default_str()->check(CLI::PositiveNumber);
  sub->add_option("--max-servers", o->max_servers, "Protected servers tracked at once (memory bound)")
      ->capture_default_str()->check(CLI::Range(1, 4096));
  sub->add_flag("-q,--quiet", o->quiet, "No summary on stderr");
  auto* nfq = sub->add_option("--nfqueue", o->nfqueue,
                              "Inline mode: judge the packets of NFQUEUE queue N (needs root; "
                              "docs/mitigation.md)")
                  ->check(CLI::Range(0, 65535));
  nfq->excludes(pcap)->excludes(iface);
  sub->add_flag("--queue-bypass", o->queue_bypass,
                "Refuse to start unless every rule sending packets to the queue has the 'bypass' "
                "flag (traffic then flows when sipddos is not running)")
      ->needs(nfq);
  auto* set4 = sub->add_option("--nft-set", o->nft_set,
                               "Ban attributable IPv4 sources into nftables set FAMILY:TABLE:SET "
                               "(declared with 'flags timeout')");
  set4->excludes(pcap);
  sub->add_option("--nft-set6", o->nft_set6, "Same for IPv6 sources")->needs(set4);
  sub->add_option("--ban-time", o->ban_time,
                  "Seconds a banned source stays in the set (and in Redis, with --redis)")
      ->capture_default_str()
      ->check(CLI::Range(1, 86400 * 7));
  sub->add_option("--redis", o->redis,
                  "Share ban decisions and attack events with other sensors through Redis at "
                  "redis://HOST:PORT[/DB], and apply theirs (docs/scale-out.md)");
  sub->add_option("--sensor-name", o->sensor_name,
                  "This sensor's name in what it shares and in EVE's host field (default: the "
                  "host name; for EVE, the input)");
  sub->add_option("--nft-add-rate", o->nft_add_rate, "Most set additions per second")
      ->capture_default_str()
      ->check(CLI::PositiveNumber)
      ->needs(set4);
  sub->add_option("--allow", o->allow,
                  "Sources (CIDR, comma-separated) never dropped and never banned")
      ->delimiter(',');
  sub->add_option("--new-dialog-rate", o->policy.new_dialog_rate,
                  "During an attack: INVITE/s per server that open a dialog from sources without "
                  "a completed one (burst: twice this)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--source-rate", o->policy.source_rate,
                  "During an attack: INVITE/s per source without a completed dialog")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->add_option("--known-rate", o->policy.known_rate,
                  "During an attack: INVITE/s per source with a completed dialog (burst: twice "
                  "this)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  sub->callback([&selected, o, sub] {
    if (o->pcap.empty() && o->interface.empty() && o->nfqueue < 0)
      throw CLI::RequiredError("--pcap, --interface or --nfqueue");
    if (!o->allow.empty() && o->nfqueue < 0 && o->nft_set.empty() && o->redis.empty())
      throw CLI::ValidationError("--allow", "needs --nfqueue, --nft-set or --redis");
    if (sub->count("--ban-time") && o->nft_set.empty() && o->redis.empty())
      throw CLI::ValidationError("--ban-time", "needs --nft-set or --redis");
    if (!o->redis.empty()) {
      auto r = cluster::ParseRedisEndpoint(o->redis);
      if (!r.ok()) throw CLI::ValidationError("--redis", r.status().message());
    }
    if (cluster::IsRedisUrl(o->alerts)) {
      auto r = cluster::ParseRedisAlertTarget(o->alerts);
      if (!r.ok()) throw CLI::ValidationError("--alerts", r.status().message());
    }
    for (const std::string* spec : {&o->nft_set, &o->nft_set6}) {
      if (spec->empty()) continue;
      auto r = mitigate::NftSetRef::Parse(*spec);
      if (!r.ok()) throw CLI::ValidationError("--nft-set", r.status().message());
    }
    for (const auto& a : o->allow)
      if (!util::Cidr::Parse(a))
        throw CLI::ValidationError("--allow", "\"" + a + "\" is not an address or CIDR");
    o->policy.new_dialog_burst = 2 * o->policy.new_dialog_rate;
    o->policy.known_burst = 2 * o->policy.known_rate;
    selected = [o] { return RunDetect(*o); };
  });
}

static const CommandRegistration kDetectRegistration(40, RegisterDetect);

}  // namespace cli
