#include "eval/evaluation.h"

#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <set>

#include "dataset/attack_label.h"
#include "dataset/confusion.h"
#include "dataset/csv_reader.h"
#include "dataset/windows.h"
#include "eval/baselines.h"
#include "eval/curves.h"
#include "eval/detection_delay.h"
#include "eval/metrics.h"
#include "eval/paper_tables.h"
#include "eval/split_rows.h"
#include "eval/window_scores.h"
#include "features/encoded_split.h"
#include "features/feature_schema.h"
#include "nn/model.h"
#include "nn/model_file.h"

namespace eval {

using nlohmann::json;

std::string Stem(const std::string &path) {
  size_t slash = path.rfind('/');
  std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  size_t dot = base.rfind('.');
  return dot == std::string::npos || dot == 0 ? base : base.substr(0, dot);
}

std::string PatternBits(uint64_t pattern, int window) {
  std::string s(size_t(window), '0');
  for (int j = 0; j < window; ++j)
    if (pattern >> j & 1) s[size_t(j)] = '1';
  return s;
}

namespace {

bool FileExists(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string Dir(const std::string &path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? "." : path.substr(0, slash);
}

std::string WithExtension(const std::string &path, const std::string &ext) {
  size_t slash = path.rfind('/');
  size_t dot = path.rfind('.');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path + ext;
  return path.substr(0, dot) + ext;
}

json Num(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

void Log(const EvalOptions &o, const char *fmt, const std::string &a, const std::string &b = "") {
  if (!o.log) return;
  std::fprintf(o.log, fmt, a.c_str(), b.c_str());
  std::fflush(o.log);
}

json ConfusionJson(const dataset::Confusion &c) {
  Metrics m = ComputeMetrics(c);
  return {{"windows", c.total()},
          {"tp", c.tp},
          {"fp", c.fp},
          {"tn", c.tn},
          {"fn", c.fn},
          {"misclassified", c.misclassified()},
          {"accuracy", Num(m.accuracy)},
          {"precision", Num(m.precision)},
          {"recall", Num(m.recall)},
          {"f1", Num(m.f1)},
          {"iou", Num(m.iou)},
          {"fp_rate", Num(m.fp_rate)},
          {"fn_rate", Num(m.fn_rate)}};
}

json CurveJson(const std::vector<CurvePoint> &c, size_t max_points) {
  json out = json::array();
  for (const auto &p : Downsample(c, max_points)) out.push_back({Num(p.x), Num(p.y)});
  return out;
}

struct LoadedModel {
  ModelSpec spec;
  nn::ModelFile file;
  std::unique_ptr<nn::Model> model;
  features::FeatureSet set = features::FeatureSet::kFull;
};

struct TestSplit {
  std::string path, name;
  SplitRows rows;
  std::map<features::FeatureSet, features::EncodedSplit> encoded;
};

// Windows by label and pattern of a labelled CSV (Table 1, Table 4's train
// column).
struct SplitWindows {
  std::vector<int8_t> labels;
  std::map<int, dataset::WindowStats> by_step;
};

// Counts, per window of a malicious label, which attack kinds it holds (by
// tool, spoofing and intensity) and whether it was flagged: the hold-out tables
// read the held-out kind's recall.
json RecallByAttack(const SplitRows &rows, const dataset::WindowParams &p,
                    const std::vector<int8_t> &label, const std::vector<float> &score,
                    float threshold) {
  std::map<std::string, std::pair<int64_t, int64_t>> counts;  // key -> (windows, flagged)
  std::set<std::string> keys;
  for (size_t w = 0; w < label.size(); ++w) {
    if (!label[w]) continue;
    keys.clear();
    const int64_t s = dataset::WindowStart(int64_t(w), p);
    for (int64_t i = s; i < s + p.window; ++i) {
      if (!rows.label[size_t(i)]) continue;
      auto kind = dataset::ParseAttackLabel(rows.attacks[rows.attack[size_t(i)]]);
      if (kind) {
        keys.insert("tool:" + std::string(dataset::Name(kind->tool)));
        keys.insert("behaviour:" + std::string(dataset::Name(kind->behaviour)));
        keys.insert("spoofing:" + std::string(dataset::Name(kind->spoofing)));
      }
      keys.insert("intensity:" + rows.intensities[rows.intensity[size_t(i)]]);
    }
    const bool flagged = score[w] >= threshold;
    for (const auto &k : keys) {
      ++counts[k].first;
      counts[k].second += flagged ? 1 : 0;
    }
  }
  json out = json::object();
  for (const auto &[k, v] : counts)
    out[k] = {{"windows", v.first},
              {"detected", v.second},
              {"recall", Num(Ratio(double(v.second), double(v.first)))}};
  return out;
}

json PatternsJson(const WindowScores &ws, const std::vector<int8_t> &msg_labels, float threshold,
                  const dataset::WindowStats &test_stats, const dataset::WindowStats *train_stats) {
  const auto &p = ws.params;
  std::map<dataset::Pattern, int64_t> errors;
  for (size_t w = 0; w < ws.size(); ++w) {
    const bool flagged = ws.score[w] >= threshold;
    if (flagged == bool(ws.label[w])) continue;
    const int64_t s = dataset::WindowStart(int64_t(w), p);
    ++errors[dataset::WindowPattern(
        std::span<const int8_t>(msg_labels.data() + s, size_t(p.window)))];
  }
  // The paper's patterns first (when W = 10), then the rest by errors.
  std::vector<dataset::Pattern> listed;
  if (p.window == 10) listed = dataset::Table4Patterns();
  std::vector<std::pair<dataset::Pattern, int64_t>> rest(errors.begin(), errors.end());
  std::stable_sort(rest.begin(), rest.end(),
                   [](const auto &a, const auto &b) { return a.second > b.second; });
  for (const auto &[pat, n] : rest)
    if (std::find(listed.begin(), listed.end(), pat) == listed.end()) listed.push_back(pat);
  json out = json::array();
  for (dataset::Pattern pat : listed) {
    auto it = errors.find(pat);
    int64_t test_count = pat == 0 || pat == (p.window == 64 ? ~0ull : (1ull << p.window) - 1)
                             ? -1
                             : test_stats.CountOf(pat);
    json row = {{"pattern", PatternBits(pat, p.window)},
                {"errors", it == errors.end() ? 0 : it->second},
                {"test", test_count >= 0 ? json(test_count) : json(nullptr)},
                {"train", nullptr}};
    if (train_stats && test_count >= 0) row["train"] = train_stats->CountOf(pat);
    out.push_back(row);
  }
  return out;
}

std::string ModelKind(const LoadedModel &m) { return nn::CellKindName(m.file.meta.model); }

}  // namespace

util::Result<json> Evaluate(const EvalOptions &o) {
  if (o.models.empty()) return util::Status::Error("no model given");
  if (o.tests.empty()) return util::Status::Error("no test split given");
  json fig;
  fig["threshold_override"] = o.threshold >= 0 ? json(o.threshold) : json(nullptr);

  // Models.
  std::vector<LoadedModel> models;
  std::set<std::string> ids;
  fig["models"] = json::array();
  for (const ModelSpec &spec : o.models) {
    LoadedModel m;
    m.spec = spec;
    auto file = nn::ModelFile::Load(spec.path);
    if (!file.ok()) return file.status();
    m.file = std::move(*file);
    auto set = features::CheckModelFeatures(m.file.meta.feature_set, m.file.meta.feature_schema);
    if (!set.ok()) return set.status().WithContext(spec.path);
    m.set = *set;
    auto model = nn::Model::Create(m.file);
    if (!model.ok()) return model.status().WithContext(spec.path);
    m.model = std::make_unique<nn::Model>(std::move(*model));
    if (m.spec.id.empty()) m.spec.id = Stem(spec.path);
    std::string id = m.spec.id;
    for (int k = 2; ids.count(id); ++k) id = m.spec.id + "-" + std::to_string(k);
    m.spec.id = id;
    ids.insert(id);
    if (m.spec.group.empty()) m.spec.group = "main";
    const auto &meta = m.file.meta;
    fig["models"].push_back({{"id", id},
                             {"path", spec.path},
                             {"kind", ModelKind(m)},
                             {"features", meta.feature_set},
                             {"hidden", meta.hidden_size},
                             {"layers", meta.num_layers},
                             {"window", meta.window},
                             {"step", meta.step},
                             {"min_malicious", meta.min_malicious},
                             {"threshold", meta.threshold},
                             {"group", m.spec.group},
                             {"note", m.spec.note}});
    models.push_back(std::move(m));
  }
  const auto &meta0 = models.front().file.meta;
  const dataset::WindowParams base{meta0.window, meta0.step, meta0.min_malicious};
  fig["window"] = {
      {"size", base.window}, {"step", base.step}, {"min_malicious", base.min_malicious}};

  // Splits: every test, and train/val beside the first test when present (Table
  // 1).
  std::map<std::string, SplitWindows> split_windows;  // by CSV path
  auto windows_of = [&](const std::string &csv,
                        int step) -> util::Result<const dataset::WindowStats *> {
    auto it = split_windows.find(csv);
    if (it == split_windows.end()) {
      auto labels = dataset::ReadLabels(csv);
      if (!labels.ok()) return labels.status();
      it = split_windows.emplace(csv, SplitWindows{std::move(*labels), {}}).first;
    }
    auto &sw = it->second;
    auto st = sw.by_step.find(step);
    if (st == sw.by_step.end())
      st = sw.by_step
               .emplace(step,
                        dataset::CountWindows(sw.labels, {base.window, step, base.min_malicious}))
               .first;
    return &st->second;
  };

  std::vector<TestSplit> tests;
  for (const std::string &path : o.tests) {
    Log(o, "evaluate: reading %s%s\n", path);
    TestSplit t;
    t.path = path;
    t.name = Stem(path);
    auto rows = ReadSplitRows(path);
    if (!rows.ok()) return rows.status();
    t.rows = std::move(*rows);
    tests.push_back(std::move(t));
  }
  fig["splits"] = json::array();
  {
    std::vector<std::pair<std::string, std::string>> table1;
    const std::string dir = Dir(o.tests.front());
    for (const char *s : {"train", "val"})
      if (FileExists(dir + "/" + s + ".csv")) table1.emplace_back(s, dir + "/" + s + ".csv");
    for (const auto &t : tests) table1.emplace_back(t.name, t.path);
    for (const auto &[name, path] : table1) {
      auto w = windows_of(path, base.step);
      if (!w.ok()) return w.status();
      fig["splits"].push_back({{"name", name},
                               {"path", path},
                               {"rows", int64_t(split_windows[path].labels.size())},
                               {"legitimate", (*w)->legitimate},
                               {"malicious", (*w)->malicious},
                               {"total", (*w)->total()},
                               {"malicious_share", (*w)->malicious_share()}});
    }
  }

  // Models x tests (x steps).
  fig["results"] = json::array();
  fig["delay"] = json::array();
  json trace = nullptr;
  for (TestSplit &t : tests) {
    const std::string train_csv = Dir(t.path) + "/train.csv";
    const bool have_train = FileExists(train_csv);
    const std::string pcap = WithExtension(t.path, ".pcap");
    const bool have_pcap = FileExists(pcap);
    for (LoadedModel &m : models) {
      auto enc = t.encoded.find(m.set);
      if (enc == t.encoded.end()) {
        Log(o, "evaluate: encoding %s (%s features)\n", t.path,
            std::string(features::FeatureSetName(m.set)));
        auto e = features::EncodeSplit(t.path, m.set);
        if (!e.ok()) return e.status();
        if (e->rows != int64_t(t.rows.size()))
          return util::Status::Error(e->features_from + ": " + std::to_string(e->rows) +
                                     " INVITEs, " + t.path + " has " +
                                     std::to_string(t.rows.size()) + " rows");
        enc = t.encoded.emplace(m.set, std::move(*e)).first;
      }
      const features::EncodedSplit &split = enc->second;
      const auto &meta = m.file.meta;
      const float threshold = o.threshold >= 0 ? o.threshold : meta.threshold;
      std::vector<int> steps = {meta.step};
      if (m.spec.group == "main" && (o.steps_kind.empty() || o.steps_kind == ModelKind(m)))
        for (int s : o.steps)
          if (std::find(steps.begin(), steps.end(), s) == steps.end()) steps.push_back(s);
      for (int step : steps) {
        const dataset::WindowParams p{meta.window, step, meta.min_malicious};
        Log(o, "evaluate: %s on %s", m.spec.id, t.name);
        if (o.log) std::fprintf(o.log, " (step %d)\n", step);
        auto ws = ScoreWindows(*m.model, split, p, o.timed_windows);
        if (!ws.ok()) return ws.status().WithContext(m.spec.path);
        dataset::Confusion c;
        for (size_t w = 0; w < ws->size(); ++w) c.Add(ws->score[w] >= threshold, ws->label[w]);
        json r = ConfusionJson(c);
        r["model"] = m.spec.id;
        r["kind"] = ModelKind(m);
        r["features"] = meta.feature_set;
        r["group"] = m.spec.group;
        r["test"] = t.name;
        r["step"] = step;
        r["threshold"] = threshold;
        Curves curves = ComputeCurves(ws->score, ws->label);
        r["roc_auc"] = Num(curves.roc_auc);
        r["average_precision"] = Num(curves.average_precision);
        r["roc"] = CurveJson(curves.roc, size_t(o.curve_points));
        r["pr"] = CurveJson(curves.pr, size_t(o.curve_points));
        double mean = ws->batch1_us.empty()
                          ? NAN
                          : std::accumulate(ws->batch1_us.begin(), ws->batch1_us.end(), 0.0) /
                                double(ws->batch1_us.size());
        auto p99 = Quantile(ws->batch1_us, 0.99);
        r["inference_us"] = {{"mean", Num(mean)},
                             {"p99", Num(p99)},
                             {"median", Num(Quantile(ws->batch1_us, 0.5))},
                             {"samples", ws->batch1_us.size()},
                             {"per_message_mean", Num(mean / double(step))}};
        auto test_stats = windows_of(t.path, step);
        if (!test_stats.ok()) return test_stats.status();
        const dataset::WindowStats *train_stats = nullptr;
        if (have_train) {
          auto tw = windows_of(train_csv, step);
          if (!tw.ok()) return tw.status();
          train_stats = *tw;
        }
        r["patterns"] = PatternsJson(*ws, t.rows.label, threshold, **test_stats, train_stats);
        r["recall_by_attack"] = RecallByAttack(t.rows, p, ws->label, ws->score, threshold);
        fig["results"].push_back(std::move(r));

        // Score over time around one attack (the first main model on the first
        // test).
        if (trace.is_null() && m.spec.group == "main" && step == meta.step) {
          auto eps = FindEpisodes(t.rows);
          const Episode *pick = nullptr;
          for (const auto &e : eps)
            if (e.intensity == "M" && e.last_time - e.first_time <= 120'000'000) {
              pick = &e;
              break;
            }
          if (!pick && !eps.empty()) pick = &eps.front();
          if (pick) {
            const util::Micros from = pick->first_time - 15'000'000,
                               to = pick->last_time + 15'000'000;
            std::vector<CurvePoint> scores, labels;
            for (size_t w = 0; w < ws->size(); ++w) {
              util::Micros tw =
                  t.rows.time[size_t(dataset::WindowStart(int64_t(w), p) + p.window - 1)];
              if (tw < from || tw > to) continue;
              double x = double(tw - pick->first_time) / 1e6;
              scores.push_back({x, ws->score[w], 0});
              labels.push_back({x, double(ws->label[w]), 0});
            }
            trace = {{"model", m.spec.id},
                     {"test", t.name},
                     {"attack", pick->attack},
                     {"intensity", pick->intensity},
                     {"attack_seconds", double(pick->last_time - pick->first_time) / 1e6},
                     {"threshold", threshold},
                     {"scores", CurveJson(scores, 2000)},
                     {"labels", CurveJson(labels, 2000)}};
          }
        }

        if (o.delay && have_pcap && m.spec.group == "main") {
          Log(o, "evaluate: detection delay of %s over %s", m.spec.id, pcap);
          if (o.log) std::fprintf(o.log, " (step %d)\n", step);
          auto run = MeasureDelays(m.file, pcap, t.rows, o.threshold, step);
          if (!run.ok()) return run.status();
          json d = {{"model", m.spec.id},
                    {"kind", ModelKind(m)},
                    {"group", m.spec.group},
                    {"test", t.name},
                    {"step", step},
                    {"pcap", pcap},
                    {"alerts", run->alerts.size()}};
          int64_t detected = 0;
          json eps = json::array();
          for (const auto &e : run->episodes) {
            detected += e.detected;
            eps.push_back({{"attack", e.episode.attack},
                           {"intensity", e.episode.intensity},
                           {"first_row", e.episode.first_row},
                           {"malicious_rows", e.episode.malicious_rows},
                           {"seconds", double(e.episode.last_time - e.episode.first_time) / 1e6},
                           {"detected", e.detected},
                           {"delay_ms", e.detected ? Num(e.delay_ms) : json(nullptr)},
                           {"invites", e.detected ? json(e.invites) : json(nullptr)}});
          }
          d["episodes"] = run->episodes.size();
          d["detected"] = detected;
          d["missed"] = int64_t(run->episodes.size()) - detected;
          json by = json::array();
          for (const auto &g : AggregateByIntensity(run->episodes))
            by.push_back({{"intensity", g.intensity},
                          {"episodes", g.episodes},
                          {"missed", g.missed},
                          {"median_ms", Num(g.median_ms)},
                          {"p90_ms", Num(g.p90_ms)},
                          {"median_invites", Num(g.median_invites)},
                          {"p90_invites", Num(g.p90_invites)}});
          d["by_intensity"] = by;
          d["episode_list"] = eps;
          fig["delay"].push_back(std::move(d));
        }
      }
    }
    // The split's encoded features are no longer needed.
    t.encoded.clear();
  }
  fig["score_trace"] = trace;

  // Baselines on the same windows (the first model's window rule).
  fig["baselines"] = json::array();
  if (o.baselines) {
    int64_t peak = -1;
    const std::string train_csv = Dir(o.tests.front()) + "/train.csv";
    std::string calibrated_on = "none (no train.csv beside the first test; limit 50)";
    if (FileExists(train_csv)) {
      Log(o, "evaluate: calibrating the global baseline on %s%s\n", train_csv);
      auto train = ReadSplitRows(train_csv);
      if (!train.ok()) return train.status();
      peak = PeakLegitimateCount(*train, 1'000'000);
      calibrated_on = train_csv + ": busiest second without a malicious INVITE";
    }
    const std::vector<BaselineRule> rules = {PikeRule(), EtRule(),
                                             GlobalRule(peak >= 0 ? peak : 50)};
    for (const TestSplit &t : tests) {
      auto test_stats = windows_of(t.path, base.step);
      if (!test_stats.ok()) return test_stats.status();
      for (const BaselineRule &rule : rules) {
        auto flags = FlagWindows(FlagMessages(t.rows, rule), base);
        dataset::Confusion c;
        for (size_t w = 0; w < flags.size(); ++w) {
          const int64_t s = dataset::WindowStart(int64_t(w), base);
          c.Add(flags[w],
                dataset::WindowLabel(
                    std::span<const int8_t>(t.rows.label.data() + s, size_t(base.window)), base));
        }
        json b = ConfusionJson(c);
        b["rule"] = rule.name;
        b["description"] = rule.description;
        b["test"] = t.name;
        b["interval_s"] = double(rule.interval) / 1e6;
        b["limit"] = rule.limit;
        b["per_source"] = rule.per_source;
        if (rule.name == "global") b["calibrated_on"] = calibrated_on;
        fig["baselines"].push_back(std::move(b));
      }
    }
  }

  // The paper's figures, for the tables beside ours.
  json paper;
  for (const auto &r : paper::kTable1)
    paper["table1"].push_back({{"split", r.split},
                               {"legitimate", r.legitimate},
                               {"malicious", r.malicious},
                               {"total", r.total}});
  for (const auto &r : paper::kTable3)
    paper["table3"].push_back({{"test", r.test},
                               {"model", r.model},
                               {"misclassified", r.misclassified},
                               {"inference_us", r.inference_us},
                               {"fp_percent", r.fp_percent},
                               {"fn_percent", r.fn_percent}});
  for (const auto &r : paper::kTable4)
    paper["table4"].push_back({{"pattern", r.pattern},
                               {"train", r.train},
                               {"test", r.test},
                               {"lstm_test1", r.lstm_t1},
                               {"lstm_test2", r.lstm_t2},
                               {"gru_test1", r.gru_t1},
                               {"gru_test2", r.gru_t2},
                               {"rnn_test1", r.rnn_t1},
                               {"rnn_test2", r.rnn_t2}});
  fig["paper"] = paper;
  return fig;
}

}  // namespace eval
