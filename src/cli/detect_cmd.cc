// `sipddos detect`: capture -> parse -> encode -> windows -> infer -> alerts, streaming.
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "capture/packet_source.h"
#include "cli/command.h"
#include "cli/default_model.h"
#include "cli/detect_feed.h"
#include "detect/detector.h"
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
};

capture::PacketSource* g_source = nullptr;  // for the signal handler
extern "C" void OnStopSignal(int) {
  if (g_source) g_source->Interrupt();
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

int RunDetect(const DetectOptions& o) {
  std::string model_path = o.model.empty() ? DefaultModelPath() : o.model;
  if (model_path.empty()) return Fail("no model given and no shipped default model found (--model FILE)");
  auto file = nn::ModelFile::Load(model_path);
  if (!file.ok()) return Fail(file.status().message());

  FILE* alerts = stdout;
  if (o.alerts != "-") {
    alerts = std::fopen(o.alerts.c_str(), "a");  // a log: appended to, like Suricata's eve.json
    if (!alerts) return Fail(o.alerts + ": cannot open for appending");
  }
  std::unique_ptr<FILE, int (*)(FILE*)> alerts_closer(alerts == stdout ? nullptr : alerts, fclose);
  const std::string sensor = o.interface.empty() ? "pcap" : o.interface;
  uint64_t alert_lines = 0;
  std::vector<detect::AlertEvent> ended;  // for the summary; bounded below
  auto sink = [&](const detect::AlertEvent& a) {
    if (a.phase == detect::AlertPhase::kEnd && ended.size() < kSummaryAttacks) ended.push_back(a);
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
  auto detector = detect::Detector::Create(*file, dopt, sink);
  if (!detector.ok()) return Fail(model_path + ": " + detector.status().message());

  util::Result<std::unique_ptr<capture::PacketSource>> source =
      o.pcap.empty() ? capture::OpenLive(o.interface, o.bpf, [] {
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
    auto st = metrics.Start(o.metrics, [&] { return output::RenderPrometheus(telemetry, counters); });
    if (!st.ok()) return Fail(st.message());
  }
  g_source = source->get();
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
      }
    }
    if (stats_every > 0 && last >= next_stats) {
      const auto& cs = (*source)->stats();
      telemetry.packets_dropped = cs.kernel_drops + cs.interface_drops;
      if (next_stats != 0) {
        std::string line = output::StatsToEve(last, telemetry, counters, sensor) + "\n";
        std::fwrite(line.data(), 1, line.size(), alerts);
        std::fflush(alerts);
      }
      next_stats = last + stats_every;
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
  if (!o.quiet) PrintAttacks(ended, counters.alerts.load());
  if (!read_error.ok()) return Fail(read_error.message());
  return kExitOk;
}

}  // namespace

void RegisterDetect(CLI::App& root, RunFn& selected) {
  auto o = std::make_shared<DetectOptions>();
  auto* sub = root.add_subcommand(
      "detect", "Detect SIP INVITE floods in a capture file or on a live interface (EVE alerts)");
  auto* pcap = sub->add_option("--pcap", o->pcap, "Capture file to read (pcap/pcapng; - for stdin)");
  auto* iface = sub->add_option("-i,--interface", o->interface, "Live interface to capture on (needs CAP_NET_RAW)");
  pcap->excludes(iface);
  sub->add_option("--bpf", o->bpf, "BPF filter for live capture")->capture_default_str();
  sub->add_option("-m,--model", o->model, "Model file (.safetensors); default: the shipped GRU");
  sub->add_option("-t,--threshold", o->threshold, "Window score at or above which a window is malicious (default: the model's)")
      ->check(CLI::Range(0.0, 1.0));
  sub->add_option("-a,--alerts", o->alerts, "EVE JSON alert log, appended to; - for stdout")->capture_default_str();
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
  sub->callback([&selected, o, sub] {
    if (o->pcap.empty() && o->interface.empty())
      throw CLI::RequiredError("--pcap or --interface");
    selected = [o] { return RunDetect(*o); };
  });
}

static const CommandRegistration kDetectRegistration(40, RegisterDetect);

}  // namespace cli
