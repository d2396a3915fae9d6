#include "eval/detection_delay.h"

#include <algorithm>

#include "capture/packet_source.h"
#include "dataset/attack_label.h"
#include "detect/capture_feed.h"
#include "detect/detector.h"
#include "eval/curves.h"

namespace eval {

util::Result<DelayRun> MeasureDelays(const nn::ModelFile &model, const std::string &pcap_path,
                                     const SplitRows &rows, float threshold, int step_override) {
  nn::ModelFile file = model;
  if (step_override > 0) file.meta.step = step_override;
  DelayRun run;
  std::vector<AlertSpan> open;
  detect::DetectorOptions o;
  o.threshold = threshold;
  auto detector = detect::Detector::Create(file, o, [&](const detect::AlertEvent &a) {
    if (a.phase == detect::AlertPhase::kEnd) run.alerts.push_back({a.started, a.last_malicious});
  });
  if (!detector.ok()) return detector.status();
  auto source = capture::OpenFile(pcap_path);
  if (!source.ok()) return source.status();
  // The same path as `sipddos detect --pcap` (detect/capture_feed.h).
  detect::DatagramFeed feed(**detector);
  detect::ReplayEnd end = detect::ReplayCapture(**source, feed);
  if (!end.status.ok()) return end.status;
  run.invites_scored = int64_t((*detector)->counters().invites.load());
  std::sort(run.alerts.begin(), run.alerts.end(),
            [](const AlertSpan &a, const AlertSpan &b) { return a.started < b.started; });
  run.episodes = MatchEpisodes(rows, FindEpisodes(rows), run.alerts);
  return run;
}

std::vector<EpisodeDelay> MatchEpisodes(const SplitRows &rows, const std::vector<Episode> &eps,
                                        const std::vector<AlertSpan> &alerts) {
  std::vector<EpisodeDelay> out;
  for (const Episode &e : eps) {
    EpisodeDelay r;
    r.episode = e;
    std::optional<util::Micros> at;
    for (const AlertSpan &a : alerts) {
      if (a.last_malicious < e.first_time || a.started > e.last_time) continue;
      util::Micros t = std::max(e.first_time, a.started);
      if (!at || t < *at) at = t;
    }
    if (at) {
      r.detected = true;
      r.delay_ms = double(*at - e.first_time) / 1000.0;
      for (int64_t i = e.first_row; i <= e.last_row && rows.time[size_t(i)] <= *at; ++i)
        r.invites += rows.label[size_t(i)];
    }
    out.push_back(r);
  }
  return out;
}

std::vector<IntensityDelay> AggregateByIntensity(const std::vector<EpisodeDelay> &d) {
  std::vector<std::string> order;
  for (auto i : dataset::kAllIntensities) order.emplace_back(dataset::Name(i));
  for (const auto &e : d)
    if (std::find(order.begin(), order.end(), e.episode.intensity) == order.end())
      order.push_back(e.episode.intensity);
  std::vector<IntensityDelay> out;
  for (const std::string &name : order) {
    IntensityDelay g;
    g.intensity = name;
    std::vector<double> ms, inv;
    for (const auto &e : d) {
      if (e.episode.intensity != name) continue;
      ++g.episodes;
      if (!e.detected) {
        ++g.missed;
        continue;
      }
      ms.push_back(e.delay_ms);
      inv.push_back(double(e.invites));
    }
    if (g.episodes == 0) continue;
    g.median_ms = Quantile(ms, 0.5);
    g.p90_ms = Quantile(ms, 0.9);
    g.median_invites = Quantile(inv, 0.5);
    g.p90_invites = Quantile(inv, 0.9);
    out.push_back(g);
  }
  return out;
}

}  // namespace eval
