#include "sim/simulator.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <thread>

#include "sim/manifest.h"
#include "sim/split_writer.h"
#include "util/atomic_file.h"

namespace sim {
namespace {

void DrawProgress(int64_t done, int64_t total) {
  constexpr int kWidth = 40;
  double f = total > 0 ? std::min(1.0, double(done) / double(total)) : 0;
  char bar[kWidth + 1];
  int full = int(f * kWidth);
  for (int i = 0; i < kWidth; ++i) bar[i] = i < full ? '#' : '.';
  bar[kWidth] = 0;
  std::fprintf(stderr, "\r[%s] %3d%% %lld/%lld INVITE rows", bar, int(f * 100),
               (long long)done, (long long)total);
  std::fflush(stderr);
}

}  // namespace

util::Status ParseFormats(const std::string& text, SimulateOptions* o) {
  o->csv = o->pcap = false;
  size_t start = 0;
  while (start <= text.size()) {
    size_t comma = text.find(',', start);
    std::string f = text.substr(
        start, comma == std::string::npos ? std::string::npos : comma - start);
    if (f == "csv") {
      o->csv = true;
    } else if (f == "pcap") {
      o->pcap = true;
    } else {
      return util::Status::Error("--format: unknown format \"" + f +
                                 "\" (expected csv, pcap or csv,pcap)");
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return util::Status::Ok();
}

util::Result<std::vector<SplitSummary>> Simulate(const Preset& preset,
                                                 const SimulateOptions& o) {
  namespace fs = std::filesystem;
  if (o.out_dir.empty())
    return util::Status::Error("--out: an output folder is required");
  if (!o.csv && !o.pcap)
    return util::Status::Error("--format: nothing to write");
  std::error_code ec;
  if (fs::exists(o.out_dir, ec) && !fs::is_directory(o.out_dir, ec))
    return util::Status::Error(o.out_dir + ": exists and is not a folder");
  std::vector<const SplitTarget*> targets;
  for (const SplitTarget& t : preset.splits) {
    bool wanted = o.splits.empty();
    for (const std::string& s : o.splits) wanted |= s == t.name;
    if (wanted) targets.push_back(&t);
  }
  for (const std::string& s : o.splits) {
    bool known = false;
    for (const SplitTarget& t : preset.splits) known |= s == t.name;
    if (!known)
      return util::Status::Error("unknown split \"" + s +
                                 "\" (train, val, test1, test2)");
  }
  SIPDDOS_RETURN_IF_ERROR(dataset::Validate(preset.windows));
  fs::create_directories(o.out_dir, ec);
  if (ec)
    return util::Status::Error(o.out_dir +
                               ": cannot create the folder: " + ec.message());

  size_t n = targets.size();
  std::vector<SplitPlan> plans(n);
  std::vector<std::unique_ptr<SplitWriter>> writers(n);
  std::vector<util::Status> status(n);
  std::vector<std::atomic<int64_t>> progress(n);
  int64_t total_rows = 0;
  for (const SplitTarget* t : targets)
    total_rows += RowsFor(*t, preset.windows);
  std::vector<std::thread> threads;
  std::atomic<size_t> finished{0};
  for (size_t i = 0; i < n; ++i) {
    progress[i] = 0;
    threads.emplace_back([&, i] {
      SplitTarget t = *targets[i];
      if (o.legitimate_only) t.malicious_share = 0;
      auto plan = BuildPlan(preset, t, o.seed);
      if (plan.ok() && o.legitimate_only)  // the attack episodes, scaled to nothing, go
        std::erase_if(plan->episodes, [](const Episode& e) { return !e.attackers.empty(); });
      if (plan.ok()) {
        plans[i] = std::move(*plan);
        fs::path dir(o.out_dir);
        writers[i] = std::make_unique<SplitWriter>(
            preset, plans[i], o.csv ? (dir / (t.name + ".csv")).string() : "",
            o.pcap ? (dir / (t.name + ".pcap")).string() : "");
        status[i] = writers[i]->Run(&progress[i]);
      } else {
        status[i] = plan.status();
      }
      finished.fetch_add(1);
    });
  }
  if (o.progress) {
    auto done = [&] {
      int64_t d = 0;
      for (auto& p : progress) d += p.load(std::memory_order_relaxed);
      return d;
    };
    while (finished.load() < n) {
      DrawProgress(done(), total_rows);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    DrawProgress(done(), total_rows);
    std::fprintf(stderr, "\n");
  }
  for (auto& th : threads) th.join();
  for (size_t i = 0; i < n; ++i)
    if (!status[i].ok())
      return status[i];  // the writers' destructors remove the temporaries
  std::vector<SplitSummary> out;
  for (size_t i = 0; i < n; ++i) {
    SIPDDOS_RETURN_IF_ERROR(writers[i]->Commit());
    out.push_back(writers[i]->summary());
  }
  util::AtomicFile manifest;
  SIPDDOS_RETURN_IF_ERROR(
      manifest.Open((fs::path(o.out_dir) / "manifest.json").string()));
  SIPDDOS_RETURN_IF_ERROR(manifest.Write(ManifestJson(preset, o, out)));
  SIPDDOS_RETURN_IF_ERROR(manifest.Commit());
  return out;
}

}  // namespace sim
