// `sipddos bench --pcap FILE`: the whole detection path (read, decode, parse, encode, score,
// decide) on one core, next to tshark extracting the same file's INVITEs, in one run.
#include "cli/bench_pcap.h"

#include <sys/resource.h>
#include <time.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "capture/packet_source.h"
#include "cli/command.h"
#include "cli/default_model.h"
#include "detect/capture_feed.h"

namespace cli {
namespace {

struct Timing {
  double wall = 0, cpu = 0;
};

double ProcessCpu(int who) {
  rusage ru{};
  getrusage(who, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

double ThreadCpu() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

// One pass of the detector over the file; returns INVITEs scored.
util::Result<uint64_t> DetectPass(const std::string& pcap, const nn::ModelFile& file,
                                  uint64_t* alerts, Timing* t) {
  auto det = detect::Detector::Create(file, {}, [alerts](const detect::AlertEvent& a) {
    if (a.phase == detect::AlertPhase::kStart) ++*alerts;
  });
  if (!det.ok()) return det.status();
  auto src = capture::OpenFile(pcap);
  if (!src.ok()) return src.status();
  detect::DatagramFeed feed(**det);
  const double c0 = ThreadCpu();
  const auto w0 = std::chrono::steady_clock::now();
  detect::ReplayEnd end = detect::ReplayCapture(**src, feed);
  if (!end.status.ok()) return end.status;
  t->cpu = ThreadCpu() - c0;
  t->wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  return (*det)->counters().invites.load();
}

}  // namespace

int RunPcapBench(const std::string& pcap, const std::string& model_arg, int repeats) {
  std::string model_path = model_arg.empty() ? DefaultModelPath() : model_arg;
  if (model_path.empty()) {
    std::fprintf(stderr, "sipddos bench: no --model and no shipped default model\n");
    return kExitFailure;
  }
  auto file = nn::ModelFile::Load(model_path);
  if (!file.ok()) {
    std::fprintf(stderr, "sipddos bench: %s\n", file.status().message().c_str());
    return kExitFailure;
  }
  Timing best{1e300, 1e300};
  uint64_t invites = 0, alerts = 0;
  for (int r = 0; r < std::max(1, repeats); ++r) {  // the first pass also warms the page cache
    Timing t;
    alerts = 0;
    auto n = DetectPass(pcap, *file, &alerts, &t);
    if (!n.ok()) {
      std::fprintf(stderr, "sipddos bench: %s\n", n.status().message().c_str());
      return kExitFailure;
    }
    invites = *n;
    if (t.cpu < best.cpu) best = t;
  }
  std::printf("sipddos detect path on %s (model %s, %s hidden %d), one thread, best of %d:\n",
              pcap.c_str(), model_path.c_str(), nn::CellKindName(file->meta.model),
              file->meta.hidden_size, std::max(1, repeats));
  std::printf("  %llu INVITEs, %llu attacks: %.3f s CPU (%.3f s wall) = %.0f INVITE/s CPU, %.0f wall\n",
              (unsigned long long)invites, (unsigned long long)alerts, best.cpu, best.wall,
              invites / best.cpu, invites / best.wall);

  // tshark as a fair competitor: one pass, no name resolution, only the INVITE fields the
  // features read. sdp.establish_conversation off: by default the SDP of every INVITE and 200
  // sets up an RTP conversation, and that bookkeeping grows superlinearly with the calls in the
  // file (test1.pcap: 29 s with it, 3 s without; the printed fields are the same).
  std::string cmd = "tshark -n -o sdp.establish_conversation:FALSE -r '" + pcap +
                    "' -Y 'sip.Method == \"INVITE\"' -T fields -e frame.time_epoch -e ip.src "
                    "-e sip.Via -e sip.Call-ID -e sip.From -e sip.Contact > /dev/null 2>&1";
  const double c0 = ProcessCpu(RUSAGE_CHILDREN);
  const auto w0 = std::chrono::steady_clock::now();
  int rc = std::system(cmd.c_str());
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w0).count();
  const double cpu = ProcessCpu(RUSAGE_CHILDREN) - c0;
  if (rc != 0) {
    std::printf("tshark: not run (exit %d; install tshark for the comparison)\n", rc);
    return kExitOk;
  }
  std::printf("tshark extracting the same INVITE fields: %.3f s CPU (%.3f s wall) = %.0f INVITE/s CPU\n",
              cpu, wall, invites / cpu);
  std::printf("ratio sipddos/tshark: %.1fx (CPU), %.1fx (wall)\n", cpu / best.cpu, wall / best.wall);
  return kExitOk;
}

}  // namespace cli
