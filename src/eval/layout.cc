#include "eval/layout.h"

#include <map>
#include <set>
#include <string>

#include "util/time_format.h"

namespace eval {

using nlohmann::json;

namespace {

// value * 100 (a percentage), null stays null.
json Percent(const json &v) { return v.is_number() ? json(v.get<double>() * 100) : json(nullptr); }

json Table(const std::string &id, const std::string &title, std::vector<std::string> columns,
           json rows, json format = json::object(), const std::string &note = "") {
  json t = {{"id", id}, {"title", title}, {"columns", columns}, {"rows", rows}};
  // Only the formats of this table's columns (shared format maps name more).
  json f = json::object();
  for (const auto &c : columns)
    if (format.contains(c)) f[c] = format[c];
  if (!f.empty()) t["format"] = f;
  if (!note.empty()) t["note"] = note;
  return t;
}

json Section(const std::string &id, const std::string &title, const std::string &text) {
  return {{"id", id},
          {"title", title},
          {"text", text},
          {"tables", json::array()},
          {"plots", json::array()}};
}

std::string Safe(std::string s) {
  for (char &c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'))
      c = (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : '-';
  return s;
}

// Results at each model's own step (the step study adds others).
std::vector<json> OwnStep(const json &fig) {
  std::map<std::string, int> own;
  for (const auto &m : fig["models"]) own[m["id"]] = m["step"];
  std::vector<json> out;
  for (const auto &r : fig["results"])
    if (r["step"] == own[r["model"].get<std::string>()]) out.push_back(r);
  return out;
}

const json *PaperTable3(const json &fig, const std::string &test, const std::string &kind) {
  for (const auto &r : fig["paper"]["table3"])
    if (r["test"] == test && r["model"] == kind) return &r;
  return nullptr;
}

}  // namespace

json BuildLayout(const json &fig, const LayoutInfo &info) {
  json layout = {{"title", "sipddos evaluation"},
                 {"subtitle", info.subtitle},
                 {"generated", util::FormatIso8601(util::NowMicros())},
                 {"command", info.command},
                 {"sections", json::array()}};
  auto &sections = layout["sections"];
  const std::vector<json> own = OwnStep(fig);
  const json fmt4 = {{"accuracy", ".4f"}, {"precision", ".4f"}, {"recall", ".4f"},
                     {"f1", ".4f"},       {"iou", ".4f"},       {"fp_%", ".3f"},
                     {"fn_%", ".3f"},     {"roc_auc", ".4f"},   {"mean_us", ".2f"},
                     {"p99_us", ".2f"}};

  // Overview: the models.
  {
    json s = Section("overview", "Models and data",
                     "Windows of W messages taken every p INVITEs, malicious when at least "
                     "k of "
                     "their messages are (paper Eq. 1). Malicious is the positive class. " +
                         info.note);
    json rows = json::array();
    for (const auto &m : fig["models"])
      rows.push_back({m["id"], m["kind"], m["features"], m["hidden"], m["window"], m["step"],
                      m["threshold"], m["group"], m["note"]});
    s["tables"].push_back(
        Table("models", "Models",
              {"model", "kind", "features", "hidden", "W", "p", "threshold", "group", "note"}, rows,
              {{"threshold", ".3f"}}));
    sections.push_back(s);
  }

  // Table 1.
  {
    json s = Section("table1", "Table 1: windows per split",
                     "Our splits' windows by label beside the paper's Table 1 (§4.2).");
    json rows = json::array();
    for (const auto &sp : fig["splits"]) {
      json paper = nullptr;
      for (const auto &p : fig["paper"]["table1"])
        if (p["split"] == sp["name"]) paper = p;
      rows.push_back({sp["name"], sp["legitimate"], sp["malicious"], sp["total"],
                      sp["malicious_share"], paper.is_null() ? json(nullptr) : paper["legitimate"],
                      paper.is_null() ? json(nullptr) : paper["malicious"],
                      paper.is_null() ? json(nullptr) : paper["total"]});
    }
    s["tables"].push_back(Table("table1-windows", "Windows per split (ours | paper)",
                                {"split", "legitimate", "malicious", "total", "malicious_share",
                                 "paper_legitimate", "paper_malicious", "paper_total"},
                                rows,
                                {{"legitimate", "d"},
                                 {"malicious", "d"},
                                 {"total", "d"},
                                 {"malicious_share", ".4f"},
                                 {"paper_legitimate", "d"},
                                 {"paper_malicious", "d"},
                                 {"paper_total", "d"}}));
    sections.push_back(s);
  }

  // Table 3.
  {
    json s = Section("table3", "Table 3: misclassified windows, inference time, FP and FN",
                     "Main models (full features unless stated) beside the paper's Table 3 "
                     "(§5). Inference "
                     "time: one 10-message window per nn::Model::Infer call, one thread, "
                     "wall clock; the "
                     "paper's figure is PyTorch on Colab. FP and FN are rates in percent of "
                     "the legitimate "
                     "and malicious windows.");
    json rows = json::array();
    for (const auto &r : own) {
      if (r["group"] != "main") continue;
      const json *p = PaperTable3(fig, r["test"], r["kind"]);
      rows.push_back({r["model"], r["test"], r["windows"], r["misclassified"],
                      p ? (*p)["misclassified"] : json(nullptr), r["inference_us"]["mean"],
                      r["inference_us"]["median"], r["inference_us"]["p99"],
                      p ? (*p)["inference_us"] : json(nullptr), Percent(r["fp_rate"]),
                      p ? (*p)["fp_percent"] : json(nullptr), Percent(r["fn_rate"]),
                      p ? (*p)["fn_percent"] : json(nullptr)});
    }
    s["tables"].push_back(
        Table("table3-ours-paper", "Ours beside the paper",
              {"model", "test", "windows", "misclassified", "paper_misclassified", "mean_us",
               "median_us", "p99_us", "paper_us", "fp_%", "paper_fp_%", "fn_%", "paper_fn_%"},
              rows,
              {{"windows", "d"},
               {"misclassified", "d"},
               {"paper_misclassified", "d"},
               {"mean_us", ".2f"},
               {"median_us", ".2f"},
               {"p99_us", ".2f"},
               {"paper_us", ".0f"},
               {"fp_%", ".3f"},
               {"paper_fp_%", ".2f"},
               {"fn_%", ".3f"},
               {"paper_fn_%", ".2f"}},
              "The paper's test sets hold 215,455 windows each; compare rates, "
              "or counts only on the paper preset."));
    sections.push_back(s);
  }

  // Every metric, confusion matrices, curves.
  {
    json s = Section("metrics", "Metrics (§4.5)",
                     "Accuracy, precision, recall, F1, IoU (Eq. 2-6), FP/FN rates, ROC AUC "
                     "and "
                     "average precision; a value whose denominator is zero is shown as -.");
    json rows = json::array();
    for (const auto &r : own)
      rows.push_back({r["model"], r["test"], r["threshold"], r["tp"], r["fp"], r["tn"], r["fn"],
                      r["accuracy"], r["precision"], r["recall"], r["f1"], r["iou"],
                      Percent(r["fp_rate"]), Percent(r["fn_rate"]), r["roc_auc"],
                      r["inference_us"]["mean"], r["inference_us"]["p99"]});
    json f = fmt4;
    f["threshold"] = ".3f";
    for (const char *k : {"tp", "fp", "tn", "fn"}) f[k] = "d";
    s["tables"].push_back(
        Table("metrics-all", "Every model on every test split",
              {"model", "test", "threshold", "tp", "fp", "tn", "fn", "accuracy", "precision",
               "recall", "f1", "iou", "fp_%", "fn_%", "roc_auc", "mean_us", "p99_us"},
              rows, f));
    for (const auto &r : own) {
      if (r["group"] != "main") continue;
      std::string id = Safe(r["model"].get<std::string>() + "-" + r["test"].get<std::string>());
      s["plots"].push_back({{"id", "confusion-" + id},
                            {"title", "Confusion: " + r["model"].get<std::string>() + " on " +
                                          r["test"].get<std::string>()},
                            {"kind", "confusion"},
                            {"labels", {"benign", "malicious"}},
                            {"matrix", {{r["tn"], r["fp"]}, {r["fn"], r["tp"]}}}});
    }
    json roc = json::array(), pr = json::array();
    for (const auto &r : own) {
      std::string name = r["model"].get<std::string>() + " " + r["test"].get<std::string>();
      roc.push_back({{"name", name}, {"points", r["roc"]}});
      pr.push_back({{"name", name}, {"points", r["pr"]}});
    }
    s["plots"].push_back({{"id", "roc"},
                          {"title", "ROC curves"},
                          {"kind", "line"},
                          {"x_label", "false positive rate"},
                          {"y_label", "true positive rate"},
                          {"x_log", false},
                          {"y_log", false},
                          {"series", roc}});
    s["plots"].push_back({{"id", "pr"},
                          {"title", "Precision-recall curves"},
                          {"kind", "line"},
                          {"x_label", "recall"},
                          {"y_label", "precision"},
                          {"x_log", false},
                          {"y_log", false},
                          {"series", pr}});
    sections.push_back(s);
  }

  // Table 4.
  {
    json s = Section("table4", "Table 4: misclassified windows by pattern",
                     "A pattern is a window's 0/1 label vector, message 1 first. The "
                     "paper's six "
                     "patterns, then the others by errors. Train and test columns count the "
                     "windows of that pattern (mixed patterns only).");
    std::set<std::string> tests;
    for (const auto &r : own) tests.insert(r["test"]);
    for (const std::string &test : tests) {
      std::vector<std::string> cols = {"pattern", "train", "test"};
      std::vector<json> models;
      for (const auto &r : own)
        if (r["test"] == test && r["group"] == "main") {
          cols.push_back(r["model"]);
          models.push_back(r);
        }
      std::vector<std::string> order;
      std::map<std::string, json> base;
      for (const auto &m : models)
        for (const auto &p : m["patterns"]) {
          std::string key = p["pattern"];
          if (!base.count(key)) {
            order.push_back(key);
            base[key] = p;
          }
        }
      json rows = json::array();
      size_t listed = 0;
      for (const std::string &key : order) {
        json row = {key, base[key]["train"], base[key]["test"]};
        int64_t any = 0;
        for (const auto &m : models) {
          json e = 0;
          for (const auto &p : m["patterns"])
            if (p["pattern"] == key) e = p["errors"];
          any += e.get<int64_t>();
          row.push_back(e);
        }
        // The paper's six always; the others while they hold errors, 20 at
        // most.
        if (listed >= 6 && (any == 0 || listed >= 26)) continue;
        ++listed;
        rows.push_back(row);
      }
      json f = {{"train", "d"}, {"test", "d"}};
      s["tables"].push_back(
          Table("table4-" + Safe(test), "Errors by pattern on " + test, cols, rows, f));
    }
    json prow = json::array();
    for (const auto &p : fig["paper"]["table4"])
      prow.push_back({p["pattern"], p["train"], p["test"], p["lstm_test1"], p["lstm_test2"],
                      p["gru_test1"], p["gru_test2"], p["rnn_test1"], p["rnn_test2"]});
    s["tables"].push_back(Table("table4-paper", "The paper's Table 4",
                                {"pattern", "train", "test", "lstm_T-1", "lstm_T-2", "gru_T-1",
                                 "gru_T-2", "rnn_T-1", "rnn_T-2"},
                                prow));
    sections.push_back(s);
  }

  // Baselines.
  if (!fig["baselines"].empty()) {
    std::string text =
        "Rule-based detectors on the same windows; a window is "
        "flagged when the rule fires on "
        "any of its messages.";
    json rows = json::array();
    bool calibrated = false;
    for (const auto &b : fig["baselines"]) {
      rows.push_back({b["rule"], b["test"], b["description"], b["tp"], b["fp"], b["tn"], b["fn"],
                      b["accuracy"], b["precision"], b["recall"], b["f1"], Percent(b["fp_rate"]),
                      Percent(b["fn_rate"])});
      if (b["rule"] == "global" && b.contains("calibrated_on") && !calibrated) {
        text += " Global limit calibrated on " + b["calibrated_on"].get<std::string>() + ".";
        calibrated = true;
      }
    }
    for (const auto &r : own)
      if (r["group"] == "main")
        rows.push_back({r["model"], r["test"], "model at its threshold", r["tp"], r["fp"], r["tn"],
                        r["fn"], r["accuracy"], r["precision"], r["recall"], r["f1"],
                        Percent(r["fp_rate"]), Percent(r["fn_rate"])});
    json s = Section("baselines", "Baselines", text);
    json f = fmt4;
    for (const char *k : {"tp", "fp", "tn", "fn"}) f[k] = "d";
    s["tables"].push_back(Table("baselines-metrics", "Baselines beside the models",
                                {"detector", "test", "rule", "tp", "fp", "tn", "fn", "accuracy",
                                 "precision", "recall", "f1", "fp_%", "fn_%"},
                                rows, f));
    sections.push_back(s);
  }

  // Detection delay.
  if (!fig["delay"].empty()) {
    json s = Section("delay", "Detection delay by intensity",
                     "sipddos's streaming detector over the test pcap; per "
                     "attack episode, the time from its "
                     "first malicious INVITE until an alert is active, and the "
                     "episode's malicious INVITEs "
                     "until then (docs/evaluation.md). Median and p90 over the "
                     "detected episodes.");
    std::map<std::string, int> own_step;
    for (const auto &m : fig["models"]) own_step[m["id"]] = m["step"];
    json rows = json::array();
    json series = json::array();
    for (const auto &d : fig["delay"]) {
      if (d["step"] != own_step[d["model"].get<std::string>()]) continue;
      json pts = json::array();
      for (const auto &g : d["by_intensity"]) {
        rows.push_back({d["model"], d["test"], g["intensity"], g["episodes"], g["missed"],
                        g["median_ms"], g["p90_ms"], g["median_invites"], g["p90_invites"]});
        pts.push_back({g["intensity"], g["median_ms"]});
      }
      if (d["group"] == "main")
        series.push_back(
            {{"name", d["model"].get<std::string>() + " " + d["test"].get<std::string>()},
             {"points", pts}});
    }
    s["tables"].push_back(Table("delay-by-intensity", "Delay per intensity",
                                {"model", "test", "intensity", "episodes", "missed", "median_ms",
                                 "p90_ms", "median_invites", "p90_invites"},
                                rows,
                                {{"episodes", "d"},
                                 {"missed", "d"},
                                 {"median_ms", ".1f"},
                                 {"p90_ms", ".1f"},
                                 {"median_invites", ".0f"},
                                 {"p90_invites", ".0f"}}));
    s["plots"].push_back({{"id", "delay-median"},
                          {"title", "Median detection delay"},
                          {"kind", "bar"},
                          {"x_label", "intensity"},
                          {"y_label", "ms"},
                          {"x_log", false},
                          {"y_log", false},
                          {"series", series}});
    sections.push_back(s);
  }

  // Score around an attack.
  if (fig["score_trace"].is_object()) {
    const auto &t = fig["score_trace"];
    json s = Section("score-trace", "Score around an attack",
                     "Window scores of " + t["model"].get<std::string>() + " on " +
                         t["test"].get<std::string>() + " from 15 s before an attack (" +
                         t["attack"].get<std::string>() + ", " + t["intensity"].get<std::string>() +
                         ") to 15 s after it; x = seconds "
                         "since its first malicious INVITE, at each window's last message.");
    json thr = json::array();
    if (!t["scores"].empty()) {
      thr.push_back({t["scores"].front()[0], t["threshold"]});
      thr.push_back({t["scores"].back()[0], t["threshold"]});
    }
    s["plots"].push_back({{"id", "score-trace-plot"},
                          {"title", "Window score over time"},
                          {"kind", "line"},
                          {"x_label", "s since the attack's first INVITE"},
                          {"y_label", "score / label"},
                          {"x_log", false},
                          {"y_log", false},
                          {"y_min", 0},
                          {"y_max", 1},
                          {"series",
                           {{{"name", "score"}, {"points", t["scores"]}},
                            {{"name", "window label"}, {"points", t["labels"]}},
                            {{"name", "threshold"}, {"points", thr}}}}});
    sections.push_back(s);
  }

  // Generalisation.
  {
    json s = Section("generalisation", "Generalisation",
                     "Cross-network: trained on dataset 1, tested on test1 "
                     "(same network) and "
                     "test2 (other addresses). Feature sets, held-out attacks "
                     "and the window "
                     "step, each in its own table.");
    // Cross-network.
    std::map<std::string, std::map<std::string, json>> by_model;
    for (const auto &r : own) by_model[r["model"]][r["test"]] = r;
    json rows = json::array();
    for (const auto &[model, tests] : by_model) {
      if (!tests.count("test1") || !tests.count("test2")) continue;
      const json &a = tests.at("test1"), &b = tests.at("test2");
      rows.push_back({model, a["f1"], b["f1"], a["misclassified"], b["misclassified"],
                      Percent(a["fp_rate"]), Percent(b["fp_rate"]), Percent(a["fn_rate"]),
                      Percent(b["fn_rate"])});
    }
    if (!rows.empty())
      s["tables"].push_back(Table("cross-network", "Cross-network (dataset 1 -> dataset 2)",
                                  {"model", "f1_test1", "f1_test2", "miss_test1", "miss_test2",
                                   "fp_%_test1", "fp_%_test2", "fn_%_test1", "fn_%_test2"},
                                  rows,
                                  {{"f1_test1", ".4f"},
                                   {"f1_test2", ".4f"},
                                   {"fp_%_test1", ".3f"},
                                   {"fp_%_test2", ".3f"},
                                   {"fn_%_test1", ".3f"},
                                   {"fn_%_test2", ".3f"}}));
    // Feature sets side by side: every model whose group is main or
    // paper-features.
    rows = json::array();
    for (const auto &r : own)
      if (r["group"] == "main" || r["group"] == "paper-features")
        rows.push_back({r["kind"], r["features"], r["model"], r["test"], r["accuracy"], r["f1"],
                        r["misclassified"], Percent(r["fp_rate"]), Percent(r["fn_rate"]),
                        r["inference_us"]["mean"]});
    bool both = false;
    for (const auto &r : own) both = both || r["group"] == "paper-features";
    if (both)
      s["tables"].push_back(Table("feature-sets", "Feature sets: paper vs full",
                                  {"kind", "features", "model", "test", "accuracy", "f1",
                                   "misclassified", "fp_%", "fn_%", "mean_us"},
                                  rows, fmt4));
    // Hold-out: each held-out model's recall on the held-out kind beside the
    // main model's.
    rows = json::array();
    for (const auto &r : own) {
      std::string g = r["group"];
      if (g.rfind("holdout-", 0) != 0) continue;
      std::string held = g.substr(8);  // "mimic", "random", ...
      std::string key = (held == "mimic" || held == "mrsip") ? "tool:" + held : "spoofing:" + held;
      json ref_recall = nullptr, ref_model = nullptr;
      for (const auto &m : own)
        if (m["group"] == "main" && m["kind"] == r["kind"] && m["test"] == r["test"] &&
            m["recall_by_attack"].contains(key)) {
          ref_recall = m["recall_by_attack"][key]["recall"];
          ref_model = m["model"];
        }
      json held_windows = nullptr, held_recall = nullptr;
      if (r["recall_by_attack"].contains(key)) {
        held_windows = r["recall_by_attack"][key]["windows"];
        held_recall = r["recall_by_attack"][key]["recall"];
      }
      rows.push_back({held, r["model"], r["test"], held_windows, held_recall, ref_model, ref_recall,
                      r["f1"], Percent(r["fp_rate"])});
    }
    if (!rows.empty())
      s["tables"].push_back(
          Table("holdout", "Held-out attack modes",
                {"held_out", "model", "test", "held_out_windows", "recall_held_out", "reference",
                 "reference_recall", "f1_all", "fp_%"},
                rows,
                {{"held_out_windows", "d"},
                 {"recall_held_out", ".4f"},
                 {"reference_recall", ".4f"},
                 {"f1_all", ".4f"},
                 {"fp_%", ".3f"}},
                "recall_held_out: share of the windows holding the held-out kind's "
                "malicious "
                "messages that the model trained without it flags; reference: the "
                "same for the main "
                "model of the same kind."));
    // Window step.
    rows = json::array();
    std::map<std::string, std::map<int, json>> delays;  // model|test -> step -> delay
    for (const auto &d : fig["delay"]) {
      json med = nullptr;
      std::vector<double> all;
      int64_t missed = d["missed"];
      for (const auto &e : d["episode_list"])
        if (e["detected"].get<bool>()) all.push_back(e["delay_ms"].get<double>());
      if (!all.empty()) {
        std::sort(all.begin(), all.end());
        med = all[(all.size() - 1) / 2];
      }
      delays[d["model"].get<std::string>() + "|" + d["test"].get<std::string>()][d["step"]] = {
          {"median_ms", med}, {"missed", missed}};
    }
    std::set<std::string> multi;
    std::map<std::string, int> count;
    for (const auto &r : fig["results"])
      ++count[r["model"].get<std::string>() + "|" + r["test"].get<std::string>()];
    for (const auto &r : fig["results"]) {
      std::string k = r["model"].get<std::string>() + "|" + r["test"].get<std::string>();
      if (count[k] < 2) continue;
      json med = nullptr, missed = nullptr;
      auto it = delays.find(k);
      if (it != delays.end() && it->second.count(r["step"].get<int>())) {
        med = it->second[r["step"].get<int>()]["median_ms"];
        missed = it->second[r["step"].get<int>()]["missed"];
      }
      rows.push_back({r["model"], r["test"], r["step"], r["windows"], r["accuracy"], r["f1"],
                      r["misclassified"], med, missed, r["inference_us"]["mean"],
                      r["inference_us"]["per_message_mean"]});
    }
    if (!rows.empty())
      s["tables"].push_back(
          Table("window-step", "Window step p (the paper's future work)",
                {"model", "test", "step", "windows", "accuracy", "f1", "misclassified",
                 "median_delay_ms", "missed_episodes", "us_per_window", "us_per_message"},
                rows,
                {{"windows", "d"},
                 {"accuracy", ".4f"},
                 {"f1", ".4f"},
                 {"misclassified", "d"},
                 {"median_delay_ms", ".1f"},
                 {"us_per_window", ".2f"},
                 {"us_per_message", ".3f"}},
                "The same model scored every p INVITEs (trained at its own "
                "step); inference cost per "
                "message = cost per window / p."));
    if (!s["tables"].empty()) sections.push_back(s);
  }
  return layout;
}

json EvaluationDocument(const json &figures, const LayoutInfo &info) {
  return {{"schema", "sipddos-evaluation/1"},
          {"figures", figures},
          {"report", BuildLayout(figures, info)}};
}

}  // namespace eval
