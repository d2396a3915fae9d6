#include "output/prometheus.h"

#include <cinttypes>
#include <cstdio>
#include <string>

namespace output {
namespace {

void Family(std::string* out, const char* name, const char* type, const char* help) {
  *out += "# HELP ";
  *out += name;
  *out += ' ';
  *out += help;
  *out += "\n# TYPE ";
  *out += name;
  *out += ' ';
  *out += type;
  *out += '\n';
}

void Sample(std::string* out, const std::string& name_labels, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, " %.17g\n", v);
  *out += name_labels;
  *out += buf;
}

template <typename A>
double Get(const A& a) {
  return double(a.load(std::memory_order_relaxed));
}

}  // namespace

std::string RenderPrometheus(const Telemetry& t, const detect::Counters& c) {
  std::string o;
  o.reserve(4096);
  Family(&o, "sipddos_packets_total", "counter", "Packets read from the capture.");
  Sample(&o, "sipddos_packets_total", Get(t.packets));
  Family(&o, "sipddos_packets_dropped_total", "counter",
         "Packets lost before sipddos saw them (kernel or interface drops).");
  Sample(&o, "sipddos_packets_dropped_total", Get(t.packets_dropped));
  Family(&o, "sipddos_packets_skipped_total", "counter",
         "Packets skipped as truncated, malformed or not IP/UDP/TCP.");
  Sample(&o, "sipddos_packets_skipped_total", Get(t.packets_skipped));
  Family(&o, "sipddos_not_sip_total", "counter", "Datagrams that did not parse as SIP.");
  Sample(&o, "sipddos_not_sip_total", Get(t.not_sip));
  Family(&o, "sipddos_sip_messages_total", "counter", "SIP messages by method.");
  for (int k = 0; k < int(SipKind::kCount); ++k)
    Sample(&o, "sipddos_sip_messages_total{method=\"" + std::string(kSipKindNames[k]) + "\"}",
           Get(t.sip[k]));
  Family(&o, "sipddos_invites_total", "counter", "INVITEs encoded and scored.");
  Sample(&o, "sipddos_invites_total", Get(c.invites));
  Family(&o, "sipddos_windows_total", "counter", "Windows scored by the model, by verdict.");
  Sample(&o, "sipddos_windows_total{verdict=\"benign\"}", Get(c.windows_benign));
  Sample(&o, "sipddos_windows_total{verdict=\"malicious\"}", Get(c.windows_malicious));
  Family(&o, "sipddos_alerts_total", "counter", "Attacks detected (alert start events).");
  Sample(&o, "sipddos_alerts_total", Get(c.alerts));
  Family(&o, "sipddos_attacks_active", "gauge", "Attacks in progress.");
  Sample(&o, "sipddos_attacks_active", Get(c.active_attacks));
  Family(&o, "sipddos_servers_tracked", "gauge", "Protected SIP servers with detector state.");
  Sample(&o, "sipddos_servers_tracked", Get(c.servers));
  Family(&o, "sipddos_servers_evicted_total", "counter",
         "Server states evicted to stay within the bound.");
  Sample(&o, "sipddos_servers_evicted_total", Get(c.servers_evicted));
  const std::string inference_help = "Model inference time per window, sampled: 1 window in " +
                                     std::to_string(detect::Counters::kLatencySampleEvery) +
                                     " is timed.";
  Family(&o, "sipddos_inference_seconds", "histogram", inference_help.c_str());
  double cum = 0;
  for (int b = 0; b < detect::Counters::kLatencyBuckets; ++b) {
    cum += Get(c.latency_buckets[b]);
    std::string le = b < detect::Counters::kLatencyBuckets - 1
                         ? [&] {
                             char buf[32];
                             std::snprintf(buf, sizeof buf, "%g",
                                           detect::Counters::kLatencyBoundsUs[b] / 1e6);
                             return std::string(buf);
                           }()
                         : std::string("+Inf");
    Sample(&o, "sipddos_inference_seconds_bucket{le=\"" + le + "\"}", cum);
  }
  Sample(&o, "sipddos_inference_seconds_sum", Get(c.latency_sum_ns) / 1e9);
  Sample(&o, "sipddos_inference_seconds_count", cum);
  return o;
}

}  // namespace output
