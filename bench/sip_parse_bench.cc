// Parsing speed of sip::Parse on the paper's Fig. 3 INVITE (with its SDP body), and of
// sip::ParseEventFields, the detection path's parse of every datagram, on the same messages.
// Goal: >= 2 million INVITEs/s/core.
#include <benchmark/benchmark.h>

#include <string>

#include "features/message_event.h"
#include "sip/parser.h"
#include "sip/sample_messages.h"

namespace {

template <util::Status (*ParseFn)(std::string_view, sip::Message*) = sip::Parse>
void ParseMessage(benchmark::State& state, std::string_view text) {
  const std::string data(text);
  sip::Message m;
  for (auto _ : state) {
    const util::Status st = ParseFn(data, &m);
    benchmark::DoNotOptimize(st);
    benchmark::DoNotOptimize(m);
  }
  if (!sip::Parse(data, &m).ok() || !m.is_invite()) state.SkipWithError("not parsed as INVITE");
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(data.size()));
}

void BM_ParsePaperFig3Invite(benchmark::State& state) {
  ParseMessage(state, sip::samples::kPaperFig3InviteWire);
}
BENCHMARK(BM_ParsePaperFig3Invite);

// The figure as printed (bracketed Via, read through the recovery path).
void BM_ParsePaperFig3InviteAsPrinted(benchmark::State& state) {
  ParseMessage(state, sip::samples::kPaperFig3Invite);
}
BENCHMARK(BM_ParsePaperFig3InviteAsPrinted);

void BM_ParseMrSipStyleInvite(benchmark::State& state) {
  ParseMessage(state, sip::samples::kMrSipStyleInvite);
}
BENCHMARK(BM_ParseMrSipStyleInvite);

// The detection path's parse (start line + six raw header values) of the same messages.
void BM_ParseEventFieldsPaperFig3Invite(benchmark::State& state) {
  ParseMessage<sip::ParseEventFields>(state, sip::samples::kPaperFig3InviteWire);
}
BENCHMARK(BM_ParseEventFieldsPaperFig3Invite);

void BM_ParseEventFieldsMrSipStyleInvite(benchmark::State& state) {
  ParseMessage<sip::ParseEventFields>(state, sip::samples::kMrSipStyleInvite);
}
BENCHMARK(BM_ParseEventFieldsMrSipStyleInvite);

// What detect::DatagramFeed runs: only the headers the detector reads for the message's kind.
util::Status ParseForDetection(std::string_view data, sip::Message* m) {
  return sip::ParseEventFields(data, m, features::DetectionHeaders);
}

void BM_ParseForDetectionPaperFig3Invite(benchmark::State& state) {
  ParseMessage<ParseForDetection>(state, sip::samples::kPaperFig3InviteWire);
}
BENCHMARK(BM_ParseForDetectionPaperFig3Invite);

void BM_ParseForDetectionMrSipStyleInvite(benchmark::State& state) {
  ParseMessage<ParseForDetection>(state, sip::samples::kMrSipStyleInvite);
}
BENCHMARK(BM_ParseForDetectionMrSipStyleInvite);

}  // namespace
