// `sipddos inspect CAPTURE`: one message-CSV row per INVITE of a capture, and a summary.
#include <cstdio>
#include <map>
#include <string>

#include "capture/packet_source.h"
#include "cli/command.h"
#include "dataset/csv_writer.h"
#include "dataset/from_message.h"
#include "sip/parser.h"

namespace cli {
namespace {

struct InspectOptions {
  std::string capture;
  std::string out = "-";
  bool quiet = false;
};

struct Summary {
  uint64_t sip_messages = 0, invites = 0, not_sip = 0, responses = 0;
  std::map<std::string, uint64_t, std::less<>> by_method;
};

void PrintSummary(const std::string& name, const capture::Stats& s, const Summary& sum) {
  std::fprintf(stderr, "%s: %llu packets, %llu datagrams, %llu SIP messages (%llu INVITE)\n",
               name.c_str(), (unsigned long long)s.packets, (unsigned long long)s.datagrams,
               (unsigned long long)sum.sip_messages, (unsigned long long)sum.invites);
  std::fprintf(stderr, "  requests by method:");
  for (const auto& [method, n] : sum.by_method)
    std::fprintf(stderr, " %s=%llu", method.c_str(), (unsigned long long)n);
  std::fprintf(stderr, "\n  responses: %llu\n", (unsigned long long)sum.responses);
  uint64_t skipped = s.truncated + s.malformed + s.unsupported_link + s.non_ip + s.non_udp_tcp +
                     s.tcp_no_payload;
  std::fprintf(stderr,
               "  skipped packets: %llu (truncated %llu, malformed %llu, not IP %llu, "
               "not UDP/TCP %llu, unsupported link %llu, TCP without payload %llu)\n",
               (unsigned long long)skipped, (unsigned long long)s.truncated,
               (unsigned long long)s.malformed, (unsigned long long)s.non_ip,
               (unsigned long long)s.non_udp_tcp, (unsigned long long)s.unsupported_link,
               (unsigned long long)s.tcp_no_payload);
  std::fprintf(stderr, "  datagrams that are not SIP: %llu; IP fragments reassembled: %llu\n",
               (unsigned long long)sum.not_sip, (unsigned long long)s.reassembled);
}

int RunInspect(const InspectOptions& o) {
  auto source = capture::OpenFile(o.capture);
  if (!source.ok()) {
    std::fprintf(stderr, "sipddos inspect: %s\n", source.status().message().c_str());
    return kExitFailure;
  }
  dataset::MessageCsvWriter writer;
  if (auto st = writer.Open(o.out); !st.ok()) {
    std::fprintf(stderr, "sipddos inspect: %s\n", st.message().c_str());
    return kExitFailure;
  }
  Summary sum;
  capture::Datagram d;
  sip::Message m;
  dataset::MessageRecord rec;
  for (;;) {
    auto more = (*source)->Next(&d);
    if (!more.ok()) {
      std::fprintf(stderr, "sipddos inspect: %s\n", more.status().message().c_str());
      return kExitFailure;  // writer's destructor removes the partial CSV
    }
    if (!*more) break;
    std::string_view bytes(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
    if (!sip::Parse(bytes, &m).ok()) {
      ++sum.not_sip;
      continue;
    }
    ++sum.sip_messages;
    if (!m.is_request) {
      ++sum.responses;
      continue;
    }
    auto it = sum.by_method.find(m.method);
    if (it == sum.by_method.end()) it = sum.by_method.emplace(std::string(m.method), 0).first;
    ++it->second;
    if (!m.is_invite()) continue;
    ++sum.invites;
    dataset::RecordFromMessage(m, d.ts, d.src, &rec);
    rec.seq = sum.invites;
    if (auto st = writer.Write(rec); !st.ok()) {
      std::fprintf(stderr, "sipddos inspect: %s\n", st.message().c_str());
      return kExitFailure;
    }
  }
  if (auto st = writer.Commit(); !st.ok()) {
    std::fprintf(stderr, "sipddos inspect: %s\n", st.message().c_str());
    return kExitFailure;
  }
  if (!o.quiet) PrintSummary(o.capture, (*source)->stats(), sum);
  return kExitOk;
}

}  // namespace

void RegisterInspect(CLI::App& root, RunFn& selected) {
  auto opts = std::make_shared<InspectOptions>();
  auto* sub = root.add_subcommand(
      "inspect",
      "Turn a SIP capture into the paper's per-INVITE records (message CSV, docs/formats.md)");
  sub->add_option("capture", opts->capture, "pcap or pcapng file to read; - reads stdin")
      ->required();
  sub->add_option("-o,--out", opts->out,
                  "CSV file to write (written whole or not at all); - for stdout")
      ->capture_default_str();
  sub->add_flag("-q,--quiet", opts->quiet, "Do not print the summary on stderr");
  sub->callback([&selected, opts] { selected = [opts] { return RunInspect(*opts); }; });
}

static const CommandRegistration kInspectRegistration(10, RegisterInspect);

}  // namespace cli
