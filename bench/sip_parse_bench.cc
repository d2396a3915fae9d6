// Parsing speed of sip::Parse on the paper's Fig. 3 INVITE (with its SDP body): the detector
// parses every datagram, so this bounds its packet rate. Goal: >= 2 million INVITEs/s/core.
#include <benchmark/benchmark.h>

#include <string>

#include "sip/parser.h"
#include "sip/sample_messages.h"

namespace {

void ParseMessage(benchmark::State& state, std::string_view text) {
  const std::string data(text);
  sip::Message m;
  for (auto _ : state) {
    const util::Status st = sip::Parse(data, &m);
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

}  // namespace
