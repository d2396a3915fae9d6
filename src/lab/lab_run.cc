#include "lab/lab_run.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <thread>

#include "lab/lab_capture.h"
#include "lab/lab_network.h"
#include "lab/netns_child.h"
#include "lab/pacer.h"
#include "util/atomic_file.h"
#include "util/time_format.h"

namespace lab {
namespace {

util::Micros WallMicros() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return util::Micros(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

bool InPath(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  size_t i = 0;
  while (i <= p.size()) {
    size_t j = p.find(':', i);
    if (j == std::string::npos) j = p.size();
    std::string dir = p.substr(i, j - i);
    if (!dir.empty() && access((dir + "/" + name).c_str(), X_OK) == 0) return true;
    i = j + 1;
  }
  return false;
}

util::Status MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0 && errno != EEXIST)
    return util::Status::Error(path + ": " + std::strerror(errno));
  struct stat st;
  if (stat(path.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
    return util::Status::Error(path + ": not a directory");
  return util::Status::Ok();
}

util::Result<std::string> ReadText(const std::string& path) {
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return util::Status::Error(path + ": " + std::strerror(errno));
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  std::fclose(f);
  return out;
}

util::Status WriteText(const std::string& path, const std::string& text) {
  util::AtomicFile f;
  SIPDDOS_RETURN_IF_ERROR(f.Open(path));
  SIPDDOS_RETURN_IF_ERROR(f.Write(text));
  return f.Commit();
}

// Phone j's users: the injection file's rows i with (i - 1) mod phones = j, so that a user
// always calls from one address. The first line (SEQUENTIAL) is kept.
util::Status WriteUsersFor(const std::string& users, int j, int phones, const std::string& path) {
  std::string out;
  size_t pos = 0;
  int row = -1;  // -1: the header line
  while (pos < users.size()) {
    size_t end = users.find('\n', pos);
    if (end == std::string::npos) end = users.size();
    std::string line = users.substr(pos, end - pos);
    pos = end + 1;
    if (line.empty()) continue;
    if (row < 0 || row % phones == j) out += line + "\n";
    ++row;
  }
  if (row < phones)
    return util::Status::Error("users.csv: " + std::to_string(row) + " users for " +
                               std::to_string(phones) + " phones");
  return WriteText(path, out);
}

std::string Fmt(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

void Log(const LabOptions& o, const std::string& line) {
  if (o.log) o.log(line);
}

FloodOptions FloodFor(const LabOptions& o, const FloodEpisode& e, size_t index,
                      const std::string& netns) {
  FloodOptions f;
  f.target.address = *util::IpAddress::Parse(kServerAddress);
  f.target.port = kServerPort;
  f.rate = e.rate();
  f.duration_s = e.duration_s;
  f.attack = e.tool;
  f.spoof = e.spoof;
  f.sources = e.sources;
  f.seed = o.seed * 1000 + index + 1;  // a different message set per episode
  f.netns = netns;
  return f;
}

nlohmann::json Manifest(const LabOptions& o, const LabNetwork& net, const LabResult& r,
                        util::Micros started) {
  using nlohmann::json;
  json eps = json::array();
  for (size_t i = 0; i < r.episodes.size(); ++i) {
    const EpisodeResult& e = r.episodes[i];
    const double measured = e.measured.rate();
    eps.push_back({
        {"index", i},
        {"start_s", e.episode.start_s},
        {"duration_s", e.episode.duration_s},
        {"tool", dataset::Name(e.episode.tool)},
        {"behaviour", dataset::Name(e.episode.behaviour)},
        {"spoofing", dataset::Name(e.episode.spoof)},
        {"attack", dataset::AttackLabel({e.episode.tool, e.episode.behaviour, e.episode.spoof})},
        {"intensity", dataset::Name(e.episode.intensity)},
        {"nominal_rate", e.episode.rate()},
        {"sources", e.stats.sources},
        {"seed", e.flood.seed},
        {"sent", e.stats.sent},
        {"send_errors", e.stats.send_errors},
        {"sender_rate", e.stats.rate()},
        {"captured_invites", e.measured.invites},
        {"first_time", util::FormatSeconds(e.measured.first)},
        {"last_time", util::FormatSeconds(e.measured.last)},
        {"measured_rate", measured},
        {"rate_error", e.episode.rate() > 0 ? measured / e.episode.rate() - 1 : 0},
    });
  }
  return json{
      {"generator", "sipddos lab"},
      {"preset", o.preset.name},
      {"duration_s", o.preset.duration_s},
      {"seed", o.seed},
      {"started", util::FormatSeconds(started)},
      {"server", std::string(kServerAddress) + ":" + std::to_string(kServerPort)},
      {"phones",
       {{"count", net.phones()},
        {"first_address", net.PhoneAddress(0)},
        {"calls_per_s_each", o.preset.calls_per_phone}}},
      {"namespaces", {net.server_ns(), net.clients_ns(), net.attacker_ns()}},
      {"capture",
       {{"file", "capture.pcap"},
        {"packets", r.captured_packets},
        {"kernel_drops", r.kernel_drops}}},
      {"messages",
       {{"file", "messages.csv"},
        {"rows", r.dataset.rows},
        {"legitimate_rows", r.dataset.legitimate},
        {"malicious_rows", r.dataset.malicious}}},
      {"episodes", eps},
  };
}

// Sleeps up to `ms`, in short steps; false when *stop turned true.
bool Nap(int ms, const std::atomic<bool>* stop) {
  for (int t = 0; t < ms; t += 20) {
    if (stop && *stop) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(20, ms - t)));
  }
  return !(stop && *stop);
}

}  // namespace

util::Result<LabResult> RunLab(const LabOptions& o, const std::atomic<bool>* stop) {
  if (geteuid() != 0)
    return util::Status::Error(
        "sipddos lab needs root (network namespaces, raw sockets, live capture)");
  if (!InPath("sipp")) return util::Status::Error("sipp not found in PATH (Debian sip-tester)");
  if (!InPath("ip")) return util::Status::Error("ip not found in PATH (Debian iproute2)");
  if (o.preset.duration_s <= 0 || o.preset.phones < 1)
    return util::Status::Error("preset " + o.preset.name + ": no duration or no phones");
  const std::string uac_xml = o.lab_dir + "/uac.xml", uas_xml = o.lab_dir + "/uas.xml";
  auto users = ReadText(o.lab_dir + "/users.csv");
  if (!users.ok()) return users.status();
  for (const std::string& f : {uac_xml, uas_xml})
    if (access(f.c_str(), R_OK) != 0) return util::Status::Error(f + ": " + std::strerror(errno));
  SIPDDOS_RETURN_IF_ERROR(MakeDir(o.out_dir));
  const std::string logs = o.out_dir + "/logs";
  SIPDDOS_RETURN_IF_ERROR(MakeDir(logs));

  // Destroyed in reverse: children, then the capture, then the namespaces.
  auto net = LabNetwork::Create(o.preset.phones);
  if (!net.ok()) return util::Status::Error("lab network: " + net.status().message());
  Log(o, "namespaces " + (*net)->server_ns() + ", " + (*net)->clients_ns() + ", " +
             (*net)->attacker_ns());
  LabCapture capture;
  const std::string pcap = o.out_dir + "/capture.pcap";
  SIPDDOS_RETURN_IF_ERROR(capture.Start((*net)->server_ns(), pcap));

  NetnsChild uas;
  SIPDDOS_RETURN_IF_ERROR(uas.Start((*net)->server_ns(),
                                    {"sipp", "-sf", uas_xml, "-i", kServerAddress, "-bind_local",
                                     "-p", std::to_string(kServerPort), "-nostdin", "-trace_err",
                                     "-trace_stat", "-stf", logs + "/uas-stat.csv", "-fd", "5"},
                                    logs, logs + "/uas.log"));
  if (!Nap(500, stop)) return util::Status::Error("interrupted; nothing written");
  if (!uas.Running())
    return util::Status::Error("SIPp UAS exited at start: see " + logs + "/uas.log");

  std::vector<std::unique_ptr<NetnsChild>> uacs;
  for (int j = 0; j < o.preset.phones; ++j) {
    const std::string users_j = logs + "/users-" + std::to_string(j) + ".csv";
    SIPDDOS_RETURN_IF_ERROR(WriteUsersFor(*users, j, o.preset.phones, users_j));
    uacs.push_back(std::make_unique<NetnsChild>());
    SIPDDOS_RETURN_IF_ERROR(
        uacs.back()->Start((*net)->clients_ns(),
                           {"sipp",
                            std::string(kServerAddress) + ":" + std::to_string(kServerPort),
                            "-sf",
                            uac_xml,
                            "-inf",
                            users_j,
                            "-i",
                            (*net)->PhoneAddress(j),
                            "-bind_local",
                            "-p",
                            std::to_string(kServerPort),
                            "-r",
                            Fmt(o.preset.calls_per_phone),
                            "-d",
                            "1000",
                            "-nostdin",
                            "-trace_err",
                            "-trace_stat",
                            "-stf",
                            logs + "/uac-" + std::to_string(j) + "-stat.csv",
                            "-fd",
                            "5"},
                           logs, logs + "/uac-" + std::to_string(j) + ".log"));
  }
  const util::Micros started = WallMicros();
  Log(o, "SIPp UAS on " + std::string(kServerAddress) + ":5060, " +
             std::to_string(o.preset.phones) + " SIPp UACs at " + Fmt(o.preset.calls_per_phone) +
             " calls/s each; " + std::to_string(o.preset.episodes.size()) + " flood episodes in " +
             Fmt(o.preset.duration_s) + " s");

  // The floods, one after another, in a thread that enters the attackers' namespace.
  LabResult result;
  for (size_t i = 0; i < o.preset.episodes.size(); ++i) {
    EpisodeResult e;
    e.episode = o.preset.episodes[i];
    e.flood = FloodFor(o, e.episode, i, (*net)->attacker_ns());
    SIPDDOS_RETURN_IF_ERROR(ValidateFloodOptions(e.flood));
    result.episodes.push_back(e);
  }
  std::atomic<bool> halt{false};
  util::Status flood_status;
  const util::Micros t0 = MonotonicMicros();
  std::thread floods([&] {
    for (EpisodeResult& e : result.episodes) {
      if (!SleepUntil(t0 + util::Micros(std::llround(e.episode.start_s * 1e6)), &halt)) return;
      util::Status st = RunFlood(e.flood, &halt, &e.stats);
      if (!st.ok()) {
        flood_status = st;
        return;
      }
    }
  });
  struct Joiner {
    std::thread& t;
    std::atomic<bool>& halt;
    ~Joiner() {
      halt = true;
      if (t.joinable()) t.join();
    }
  } joiner{floods, halt};

  util::Status run_status;
  size_t announced = 0;
  const util::Micros end = t0 + util::Micros(std::llround(o.preset.duration_s * 1e6));
  while (MonotonicMicros() < end) {
    if (!Nap(50, stop)) {
      run_status = util::Status::Error("interrupted; nothing written");
      break;
    }
    const double t = double(MonotonicMicros() - t0) / 1e6;
    while (announced < result.episodes.size() && result.episodes[announced].episode.start_s <= t) {
      const FloodEpisode& ep = result.episodes[announced].episode;
      Log(o, "t=" + Fmt(ep.start_s) + " s: episode " + std::to_string(announced) + " " +
                 dataset::AttackLabel({ep.tool, ep.behaviour, ep.spoof}) + " " +
                 std::string(dataset::Name(ep.intensity)) + " " + Fmt(ep.rate()) + "/s for " +
                 Fmt(ep.duration_s) + " s");
      ++announced;
    }
    if (!uas.Running()) {
      run_status = util::Status::Error("SIPp UAS exited during the run: see " + logs + "/uas.log");
      break;
    }
  }
  if (!run_status.ok()) halt = true;
  floods.join();
  if (run_status.ok() && !flood_status.ok()) run_status = flood_status;
  if (!run_status.ok()) return run_status;  // destructors stop and remove everything

  // Let the last answers arrive, then stop the phones before the server.
  Nap(1000, nullptr);
  for (auto& u : uacs) u->Stop();
  uas.Stop();
  SIPDDOS_RETURN_IF_ERROR(capture.Stop());
  result.captured_packets = capture.packets();
  result.kernel_drops = capture.kernel_drops();

  FloodGroundTruth truth;
  for (size_t i = 0; i < result.episodes.size(); ++i)
    SIPDDOS_RETURN_IF_ERROR(
        truth.AddFlood(result.episodes[i].flood, result.episodes[i].stats.sent, int(i)));
  std::vector<FloodEpisode> eps;
  for (const EpisodeResult& e : result.episodes) eps.push_back(e.episode);
  auto ds = WriteLabCsv(pcap, o.out_dir + "/messages.csv", truth, eps);
  if (!ds.ok()) return ds.status();
  result.dataset = *ds;
  for (size_t i = 0; i < result.episodes.size(); ++i) result.episodes[i].measured = ds->episodes[i];
  SIPDDOS_RETURN_IF_ERROR(
      WriteText(o.out_dir + "/manifest.json", Manifest(o, **net, result, started).dump(2) + "\n"));
  return result;
}

}  // namespace lab
