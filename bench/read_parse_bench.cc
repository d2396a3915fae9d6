// The detection path's first three steps on a real capture, without the encoder and the GRU:
// reading records (BlockPcapReader), reading + decoding (OpenFile), and reading + decoding +
// the detection parse (sip::ParseEventFields with features::DetectionHeaders), as
// cli::FeedDatagram runs them. The file is $SIPDDOS_BENCH_PCAP, else the small preset's
// /tmp/perf-small/train.pcap (`sipddos simulate --preset small --out /tmp/perf-small --format
// pcap`). Items are packets; issue #5's budget is ~260 ns per packet for everything.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

#include "capture/block_pcap_reader.h"
#include "capture/packet_source.h"
#include "features/message_event.h"
#include "sip/parser.h"

namespace {

std::string PcapPath() {
  const char* env = std::getenv("SIPDDOS_BENCH_PCAP");
  return env && *env ? env : "/tmp/perf-small/train.pcap";
}

void BM_ReadRecords(benchmark::State& state) {
  const int fd = open(PcapPath().c_str(), O_RDONLY);
  if (fd < 0) return state.SkipWithError(("cannot open " + PcapPath()).c_str());
  int64_t packets = 0;
  for (auto _ : state) {
    capture::BlockPcapReader r(fd, 262144);
    capture::BlockPcapReader::Record rec;
    while (r.Next(&rec)) {
      benchmark::DoNotOptimize(rec.data.data());
      ++packets;
    }
  }
  close(fd);
  state.SetItemsProcessed(packets);
}
BENCHMARK(BM_ReadRecords)->Unit(benchmark::kMillisecond);

template <bool kParse>
void ReadDecode(benchmark::State& state) {
  int64_t packets = 0, parsed = 0;
  sip::Message m;
  for (auto _ : state) {
    auto src = capture::OpenFile(PcapPath());
    if (!src.ok()) return state.SkipWithError(src.status().message().c_str());
    capture::Datagram d;
    while ((*src)->Next(&d).value()) {
      if constexpr (kParse) {
        std::string_view bytes(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
        parsed += sip::ParseEventFields(bytes, &m, features::DetectionHeaders).ok();
        benchmark::DoNotOptimize(m);
      } else {
        benchmark::DoNotOptimize(d.payload.data());
      }
    }
    packets += int64_t((*src)->stats().packets);
  }
  state.SetItemsProcessed(packets);
  if (kParse) {
    state.counters["sip"] = benchmark::Counter(double(parsed), benchmark::Counter::kAvgIterations);
  }
}

void BM_ReadDecode(benchmark::State& state) { ReadDecode<false>(state); }
BENCHMARK(BM_ReadDecode)->Unit(benchmark::kMillisecond);

void BM_ReadDecodeParse(benchmark::State& state) { ReadDecode<true>(state); }
BENCHMARK(BM_ReadDecodeParse)->Unit(benchmark::kMillisecond);

}  // namespace
