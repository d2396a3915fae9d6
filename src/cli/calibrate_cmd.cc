// `sipddos calibrate`: runs the detection path (detect::DatagramFeed -> Detector,
// exactly as `detect`) over benign captures, chooses the lowest threshold whose
// window false-positive rate on them is within the target, and writes a copy of
// the model with that threshold and a `calibration` record in its metadata; the
// weights are not touched (docs/calibration.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "capture/packet_source.h"
#include "cli/command.h"
#include "cli/default_model.h"
#include "detect/calibration.h"
#include "detect/capture_feed.h"
#include "detect/detector.h"
#include "nn/model_file.h"
#include "util/time_format.h"

namespace cli {
namespace {

struct CalibrateOptions {
  std::vector<std::string> pcaps;
  std::string model, out;
  double fp_rate = 1e-4;
  bool allow_lower = false, quiet = false;
};

int Fail(const std::string &msg) {
  std::fprintf(stderr, "sipddos calibrate: %s\n", msg.c_str());
  return kExitFailure;
}

// Every window score of one capture, through a fresh detector (as `detect
// --pcap` would run).
util::Status ScoreCapture(const nn::ModelFile &model, const std::string &path,
                          std::vector<float> *scores) {
  auto source = capture::OpenFile(path);
  if (!source.ok()) return source.status();
  detect::DetectorOptions dopt;
  dopt.on_score = [scores](float s) { scores->push_back(s); };
  auto detector = detect::Detector::Create(model, dopt, nullptr);
  if (!detector.ok()) return detector.status();
  detect::DatagramFeed feed(**detector);
  return detect::ReplayCapture(**source, feed).status;
}

int RunCalibrate(const CalibrateOptions &o) {
  if (!(o.fp_rate > 0 && o.fp_rate < 1))
    return Fail("--fp-rate " + std::to_string(o.fp_rate) + ": must be in (0, 1)");
  const std::string model_path = o.model.empty() ? DefaultModelPath() : o.model;
  if (model_path.empty())
    return Fail("no model given and no shipped default model found (--model FILE)");
  auto file = nn::ModelFile::Load(model_path);
  if (!file.ok()) return Fail(file.status().message());

  detect::CalibrationRecord rec;
  std::vector<float> scores;
  for (const std::string &path : o.pcaps) {
    std::error_code ec;
    const uint64_t bytes = std::filesystem::file_size(path, ec);
    if (ec) return Fail(path + ": " + ec.message());
    const size_t before = scores.size();
    util::Status st = ScoreCapture(*file, path, &scores);
    if (!st.ok()) return Fail(st.message());
    rec.captures.push_back({std::filesystem::path(path).filename().string(), path, bytes,
                            uint64_t(scores.size() - before)});
  }
  if (scores.empty())
    return Fail("no window was scored: the capture(s) hold fewer than " +
                std::to_string(file->meta.window) +
                " INVITEs to any one server, so there is nothing to calibrate on");

  const detect::ThresholdChoice c =
      detect::ChooseThreshold(scores, o.fp_rate, file->meta.threshold, o.allow_lower);
  rec.windows = c.windows;
  rec.target_fp_rate = o.fp_rate;
  rec.achieved_fp_rate = c.achieved_fp_rate;
  rec.false_positive_windows = c.false_positives;
  rec.measurable = c.measurable;
  rec.old_threshold = file->meta.threshold;
  rec.measured_threshold = c.measured;
  rec.threshold = c.chosen;
  rec.allow_lower = o.allow_lower;
  rec.date = util::FormatIso8601(util::NowMicros());

  nn::ModelFile out = *file;  // the weights are copied as read, bit for bit
  out.meta.threshold = c.chosen;
  out.meta.extra[detect::kCalibrationKey] = rec.ToJson();
  util::Status st = out.Save(o.out);
  if (!st.ok()) return Fail(st.message());

  if (!o.quiet) {
    std::fprintf(stderr, "sipddos calibrate: %llu windows scored in %zu capture(s)\n",
                 (unsigned long long)c.windows, rec.captures.size());
    if (!c.measurable)
      std::fprintf(stderr,
                   "sipddos calibrate: warning: %llu windows are too few to "
                   "measure a false-positive "
                   "rate of %g (that needs at least %.0f windows): the "
                   "threshold lets no window of "
                   "this traffic through, which is all it can show\n",
                   (unsigned long long)c.windows, o.fp_rate, std::ceil(1 / o.fp_rate));
    if (!c.target_met)
      std::fprintf(stderr,
                   "sipddos calibrate: warning: %llu windows score 1.0: no "
                   "threshold meets the "
                   "target on this traffic\n",
                   (unsigned long long)c.false_positives);
    std::fprintf(stderr, "sipddos calibrate: lowest threshold within the target: %.9g\n",
                 c.measured);
    if (c.chosen != c.measured)
      std::fprintf(stderr,
                   "sipddos calibrate: kept the model's threshold %.9g "
                   "(higher; --allow-lower "
                   "would use the measured one)\n",
                   c.chosen);
    std::fprintf(stderr,
                 "sipddos calibrate: threshold %.9g (was %.9g): %llu of %llu "
                 "windows at or above "
                 "it, FP rate %.6f (target %g)\n",
                 c.chosen, file->meta.threshold, (unsigned long long)c.false_positives,
                 (unsigned long long)c.windows, c.achieved_fp_rate, o.fp_rate);
    std::fprintf(stderr, "sipddos calibrate: wrote %s\n", o.out.c_str());
  }
  return kExitOk;
}

void RegisterCalibrate(CLI::App &root, RunFn &selected) {
  auto o = std::make_shared<CalibrateOptions>();
  auto *sub = root.add_subcommand("calibrate",
                                  "Choose the decision threshold from benign traffic so that "
                                  "the window false-positive rate "
                                  "on it stays within a target; writes a copy of the model "
                                  "with it (weights unchanged)");
  sub->add_option("--pcap", o->pcaps, "Benign capture(s), comma-separated or repeated")
      ->required()
      ->delimiter(',');
  sub->add_option("--fp-rate", o->fp_rate, "Target window false-positive rate, in (0, 1)")
      ->capture_default_str();
  sub->add_option("-m,--model", o->model, "Model file (.safetensors); default: the shipped GRU");
  sub->add_option("-o,--out", o->out, "Calibrated model file to write")->required();
  sub->add_flag("--allow-lower", o->allow_lower,
                "Allow a threshold below the model's own (benign traffic holds no "
                "attacks, so "
                "lowering it trades unmeasured detections for nothing seen here)");
  sub->add_flag("-q,--quiet", o->quiet, "No summary on stderr");
  sub->callback([&selected, o] {
    if (!(o->fp_rate > 0 && o->fp_rate < 1))
      throw CLI::ValidationError("--fp-rate",
                                 "must be in (0, 1), got " + std::to_string(o->fp_rate));
    selected = [o] { return RunCalibrate(*o); };
  });
}

static const CommandRegistration kCalibrateRegistration(45, RegisterCalibrate);

}  // namespace
}  // namespace cli
