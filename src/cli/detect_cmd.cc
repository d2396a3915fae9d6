// `sipddos detect`: capture -> parse -> encode -> windows -> infer -> alerts, streaming. With
// --nfqueue it runs inline: packets come from an NFQUEUE queue and each gets a verdict
// (mitigate/, docs/mitigation.md).
#include <chrono>
#include <cstdio>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "capture/packet_source.h"
#include "cli/command.h"
#include "cli/default_model.h"
#include "cli/detect_config.h"
#include "cli/detect_signals.h"
#include "cli/protected_servers.h"
#include "cli/replay_pacer.h"
#include "cluster/redis_alerts.h"
#include "cluster/sensor_cluster.h"
#include "detect/capture_feed.h"
#include "detect/detector.h"
#include "mitigate/inline_filter.h"
#include "mitigate/invite_policy.h"
#include "mitigate/nfqueue.h"
#include "mitigate/nft_set.h"
#include "output/eve.h"
#include "output/metrics_server.h"
#include "output/prometheus.h"
#include "output/telemetry.h"
#include "status/status_feed.h"
#include "status/status_page.h"

namespace cli {
namespace {

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
  InstallDetectSignals();  // first: a SIGHUP or SIGTERM while starting must not kill us
  // The worker threads started while this is held inherit the blocked mask, so the signals can
  // reach only this (the capture) thread.
  StopSignalsHeld held;
  auto protect = ProtectedServers::Parse(o.protect);
  if (!protect.ok()) return Fail(protect.status().message());
  std::string model_path = o.model.empty() ? DefaultModelPath() : o.model;
  if (model_path.empty()) return Fail("no model given and no shipped default model found (--model FILE)");
  auto file = nn::ModelFile::Load(model_path);
  if (!file.ok()) return Fail(file.status().message());

  AlertLog alerts;
  std::shared_ptr<cluster::RedisAlertWriter> redis_alerts;  // --alerts redis://...
  if (cluster::IsRedisUrl(o.alerts)) {
    auto f = cluster::OpenRedisAlertStream(o.alerts, &redis_alerts);
    if (!f.ok()) return Fail(f.status().message());
    alerts.Adopt(*f);
  } else if (auto st = alerts.Open(o.alerts); !st.ok()) {
    return Fail(st.message());
  }
  // SIGHUP (logrotate): reopened here, on the capture thread, between packets.
  auto maybe_reopen = [&] {
    if (!TakeReopenRequest()) return;
    if (auto st = alerts.Reopen(); !st.ok())
      std::fprintf(stderr, "sipddos detect: %s (still writing to the old file)\n", st.message().c_str());
  };
  // EVE "host": --sensor-name when given (as Suricata's sensor-name), else the input.
  const std::string sensor = !o.sensor_name.empty() ? o.sensor_name
                             : o.nfqueue >= 0       ? "nfqueue:" + std::to_string(o.nfqueue)
                             : o.interface.empty() ? "pcap"
                                                   : o.interface;
  std::unique_ptr<cluster::SensorCluster> cl;
  if (!o.redis.empty()) {
    std::vector<util::IpAddress> protected_addrs;  // --protect: never banned by other sensors
    for (const auto& srv : protect->servers()) protected_addrs.push_back(srv.addr);
    auto c = cluster::SensorCluster::Create(o.redis, o.sensor_name, o.allow, o.ban_time, o.quiet,
                                            protected_addrs);
    if (!c.ok()) return Fail(c.status().message());
    cl = std::move(*c);
  }
  uint64_t alert_lines = 0;
  std::vector<detect::AlertEvent> ended;  // for the summary; bounded below
  std::unique_ptr<status::StatusModel> status_page;  // with --metrics: GET / and /status.json
  auto sink = [&](const detect::AlertEvent& a) {
    if (a.phase == detect::AlertPhase::kEnd && ended.size() < kSummaryAttacks) ended.push_back(a);
    if (cl) cl->PublishAttack(a);
    std::string line = output::AlertToEve(a, sensor);
    if (status_page) status_page->OnAlert(a, line);
    line += '\n';
    maybe_reopen();
    alerts.Write(line);
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

  held.Release();  // opening a pipe or FIFO may block: a stop signal must interrupt it
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
    status::StatusOptions so;
    so.sensor = sensor;
    so.model = nn::CellKindName(file->meta.model);
    so.threshold = (*detector)->threshold();
    status_page = std::make_unique<status::StatusModel>(so, &counters, &telemetry);
    status::AddStatusRoutes(metrics, *status_page);
    metrics.AllowHosts(o.allowed_hosts);
    StopSignalsHeld held_for_metrics;  // its threads, as above
    auto st = metrics.Start(o.metrics, [&] {
      return output::RenderPrometheus(telemetry, counters) +
             (cl ? cl->RenderPrometheus() : "") + cluster::RenderAlertMetrics(redis_alerts.get());
    });
    if (!st.ok()) return Fail(st.message());
    std::string host = o.metrics.substr(0, o.metrics.rfind(':'));
    if (!o.quiet)
      std::fprintf(stderr, "sipddos detect: status page on http://%s:%d/ (metrics: /metrics)\n",
                   host.empty() ? "0.0.0.0" : host.c_str(), metrics.port());
  }
  if (!o.quiet)
    std::fprintf(stderr, "sipddos detect: model %s (%s), threshold %.6g from %s\n",
                 model_path.c_str(), nn::CellKindName(file->meta.model), (*detector)->threshold(),
                 (*detector)->threshold_source().c_str());

  detect::DatagramFeed feed(**detector);
  const sip::Message& m = feed.message();
  const features::SipEvent& ev = feed.event();
  util::Micros last = 0, next_stats = 0;
  const util::Micros stats_every = util::Micros(o.stats_interval * 1e6);
  auto maybe_stats = [&](uint64_t dropped) {
    if (stats_every <= 0 || last < next_stats) return;
    telemetry.packets_dropped = dropped;
    if (next_stats != 0) {
      std::string line =
          output::StatsToEve(last, telemetry, counters, sensor, detector->get()) + "\n";
      maybe_reopen();
      alerts.Write(line);
    }
    next_stats = last + stats_every;
  };

  if (o.nfqueue >= 0) {  // inline: every packet gets a verdict
    mitigate::InlineFilter filter(
        **detector, *mitigation.policy,
        [&](const capture::Datagram& dg) -> const features::SipEvent* {
          if (!protect->Covers(dg)) return nullptr;  // not ours to judge: it passes
          if (!feed.Feed(dg)) {
            telemetry.not_sip.fetch_add(1, std::memory_order_relaxed);
            return nullptr;
          }
          telemetry.sip[int(output::SipKindOf(m.is_request, m.method))].fetch_add(
              1, std::memory_order_relaxed);
          status::ObserveForStatus(status_page.get(), **detector, ev);
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
    SetStopTargets(nullptr, q);
    if (!o.quiet)
      std::fprintf(stderr, "sipddos detect: inline on NFQUEUE %d (fail-open)%s\n", o.nfqueue,
                   mitigation.bans ? (", banning into " + o.nft_set).c_str() : "");
    util::Status st = q->Run([&](util::Micros now) {
      maybe_reopen();
      last = std::max(last, now);
      (*detector)->Tick(now);
      if (status_page) status_page->Advance(now);
      maybe_stats(q->stats().overruns.load(std::memory_order_relaxed));
    });
    SetStopTargets(nullptr, nullptr);
    (*detector)->Finish(last);
    if (cl) cl->Stop();  // first: its subscriber feeds the ban writer
    if (mitigation.bans) mitigation.bans->Stop();
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

  ReplayPacer pacer(o.replay_speed);
  SetStopTargets(source->get(), nullptr, &pacer);
  detect::ReplayEnd end = detect::ReplayCapture(**source, feed, [&](const capture::Datagram& d) {
    maybe_reopen();
    pacer.Wait(d.ts, [&](util::Micros now) {  // a gap in the replayed capture: time goes on
      (*detector)->Tick(now);
      if (status_page) status_page->Advance(now);
    });
    last = std::max(last, d.ts);
    if (d.payload.empty()) {  // live read timeout: advance the clock only
      (*detector)->Tick(d.ts);
      if (status_page) status_page->Advance(d.ts);
    } else if (!protect->Covers(d)) {  // --protect: another server's traffic
      telemetry.packets.fetch_add(1, std::memory_order_relaxed);
    } else {
      telemetry.packets.fetch_add(1, std::memory_order_relaxed);
      if (!feed.Feed(d)) {
        telemetry.not_sip.fetch_add(1, std::memory_order_relaxed);
      } else {
        telemetry.sip[int(output::SipKindOf(m.is_request, m.method))].fetch_add(
            1, std::memory_order_relaxed);
        status::ObserveForStatus(status_page.get(), **detector, ev);
        // Passive (live capture with --nft-set): the same decisions, used for bans only.
        if (mitigation.policy) mitigation.policy->Decide(ev, (*detector)->last_message());
      }
    }
    if (stats_every > 0 && last >= next_stats) {
      const auto& cs = (*source)->stats();
      maybe_stats(cs.kernel_drops + cs.interface_drops);
    }
  }, [] { return StopRequested(); });  // ReplayCapture has called (*detector)->Finish(last)
  util::Status read_error;
  // A stop signal interrupts a blocked read of a pipe (EINTR): that is the stop, not a failure.
  if (!end.status.ok() && !StopRequested()) read_error = end.status;
  if (status_page) status_page->Flush();
  SetStopTargets(nullptr, nullptr, nullptr);
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
  if (cl) cl->Stop();  // first: its subscriber feeds the ban writer
  if (mitigation.bans) mitigation.bans->Stop();
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
  auto config = std::make_shared<std::string>();
  sub->add_option("-c,--config", *config,
                  "YAML config file setting any of these options (docs/config.md); options given "
                  "here override it");
  sub->add_option("--pcap", o->pcap, "Capture file to read (pcap/pcapng; - for stdin)");
  sub->add_option("-i,--interface", o->interface, "Live interface to capture on (needs CAP_NET_RAW)");
  sub->add_option("--protect", o->protect,
                  "Only score and mitigate traffic to (and from) these servers, ADDR[:PORT] "
                  "comma-separated (default: every destination)")
      ->delimiter(',');
  sub->add_option("--replay-speed", o->replay_speed,
                  "With --pcap: follow the capture's timestamps, X times faster (1 real time; 0 "
                  "as fast as possible)")
      ->capture_default_str();
  sub->add_option("--bpf", o->bpf, "BPF filter for live capture")->capture_default_str();
  sub->add_option("-m,--model", o->model, "Model file (.safetensors); default: the shipped GRU");
  sub->add_option("-t,--threshold", o->threshold, "Window score at or above which a window is malicious (default: the model's)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("-a,--alerts", o->alerts,
                  "EVE JSON alert log, appended to; - for stdout; redis://HOST:PORT/KEY (RPUSH) "
                  "or redis://HOST:PORT/channel/NAME (PUBLISH)")
      ->capture_default_str();
  sub->add_option("--metrics", o->metrics, "Serve Prometheus metrics (GET /metrics) and the live status page (GET /, docs/status-page.md) on ADDR:PORT");
  sub->add_option("--allowed-host", o->allowed_hosts,
                  "Host names (comma-separated) the status page answers to besides IP addresses "
                  "and localhost, e.g. a reverse proxy's (DNS rebinding guard)")
      ->delimiter(',');
  sub->add_option("--stats-interval", o->stats_interval, "Write an EVE stats event every S seconds (0: never)")
      ->capture_default_str()->check(CLI::NonNegativeNumber);
  sub->add_option("--quiet-period", o->quiet_period, "An attack ends after S seconds without a malicious window")
      ->capture_default_str()->check(CLI::PositiveNumber);
  sub->add_option("--update-interval", o->update_interval, "Seconds between update events while an attack lasts")
      ->capture_default_str()->check(CLI::PositiveNumber);
  sub->add_option("--max-servers", o->max_servers, "Protected servers tracked at once (memory bound)")
      ->capture_default_str()->check(CLI::Range(1, 4096));
  sub->add_flag("-q,--quiet", o->quiet, "No summary on stderr");
  sub->add_option("--nfqueue", o->nfqueue,
                  "Inline mode: judge the packets of NFQUEUE queue N (needs root; "
                  "docs/mitigation.md)")
      ->check(CLI::Range(0, 65535));
  sub->add_flag("--queue-bypass", o->queue_bypass,
                "Refuse to start unless every rule sending packets to the queue has the 'bypass' "
                "flag (traffic then flows when sipddos is not running)");
  sub->add_option("--nft-set", o->nft_set,
                  "Ban attributable IPv4 sources into nftables set FAMILY:TABLE:SET "
                  "(declared with 'flags timeout')");
  sub->add_option("--nft-set6", o->nft_set6, "Same for IPv6 sources");
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
      ->check(CLI::PositiveNumber);
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
  // Exclusions and dependencies are checked on the merged options (detect_config.cc), since
  // either half may come from the config file.
  sub->callback([&selected, o, sub, config] {
    ResolvedOptions r = ResolveDetectOptions(
        *o, [sub](const std::string& flag) { return sub->get_option(flag)->count() > 0; }, *config);
    if (!r.file_errors.empty()) {
      selected = [errors = r.file_errors, path = *config] {
        for (const auto& e : errors) std::fprintf(stderr, "%s\n", e.c_str());
        return Fail("refusing to start: " + std::to_string(errors.size()) + " error(s) in " + path +
                    " (sipddos config check " + path + ")");
      };
      return;
    }
    if (!r.usage_errors.empty()) {
      std::string all;
      for (const auto& e : r.usage_errors) all += (all.empty() ? "" : "; ") + e;
      throw CLI::ValidationError(all);
    }
    selected = [opts = std::move(r.options)] { return RunDetect(opts); };
  });
}

static const CommandRegistration kDetectRegistration(40, RegisterDetect);

}  // namespace cli
