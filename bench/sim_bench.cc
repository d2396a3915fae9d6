// Simulator throughput: INVITE rows per second through the engine alone
// (label-only dry runs, used to calibrate presets) and through the whole CSV
// path (render, sip::Parse, RecordFromMessage, CSV formatting). The paper
// preset is ~3.3 M rows; 4 splits in 2 threads.
#include <benchmark/benchmark.h>

#include "dataset/csv_writer.h"
#include "dataset/from_message.h"
#include "sim/engine.h"
#include "sim/messages.h"
#include "sim/preset.h"
#include "sip/parser.h"

namespace {

const sim::SplitPlan& Plan() {
  static const sim::Preset preset = sim::PaperPreset();
  static const sim::SplitPlan plan =
      *sim::BuildPlan(preset, preset.splits[1], 1);  // val
  return plan;
}

void BM_EngineRows(benchmark::State& state) {
  sim::Preset p = sim::PaperPreset();
  sim::Network net = sim::MakeNetwork(1, p.legit.users);
  int64_t rows = 0;
  for (auto _ : state) {
    sim::Engine eng(Plan(), net, p.legit, p.server, p.attack);
    sim::Invite inv;
    while (eng.Next(&inv)) ++rows;
  }
  state.SetItemsProcessed(rows);
}
BENCHMARK(BM_EngineRows)->Unit(benchmark::kMillisecond);

void BM_CsvRows(benchmark::State& state) {
  sim::Preset p = sim::PaperPreset();
  sim::Network net = sim::MakeNetwork(1, p.legit.users);
  int64_t rows = 0, bytes = 0;
  std::string text, out;
  sip::Message msg;
  dataset::MessageRecord rec;
  for (auto _ : state) {
    sim::Engine eng(Plan(), net, p.legit, p.server, p.attack);
    sim::Invite inv;
    while (eng.Next(&inv)) {
      sim::RenderPacket(inv, net, sim::PacketKind::kInvite, &text);
      if (!sip::Parse(text, &msg).ok()) state.SkipWithError("parse");
      dataset::RecordFromMessage(msg, inv.time, sim::ToIp(inv.src), &rec);
      rec.seq = uint64_t(++rows);
      rec.label = inv.malicious;
      out.clear();
      dataset::AppendCsvRow(rec, &out);
      bytes += int64_t(out.size());
    }
  }
  state.SetItemsProcessed(rows);
  state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_CsvRows)->Unit(benchmark::kMillisecond);

}  // namespace
