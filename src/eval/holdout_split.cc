#include "eval/holdout_split.h"

#include <atomic>

#include "dataset/attack_label.h"
#include "sim/split_writer.h"

namespace eval {
namespace {

bool Matches(const std::string &mode, const dataset::AttackKind &k) {
  if (auto t = dataset::ParseTool(mode)) return k.tool == *t;
  if (auto s = dataset::ParseSpoofing(mode)) return k.spoofing == *s;
  return false;
}

}  // namespace

util::Status CheckHoldOut(const std::string &mode) {
  if (dataset::ParseTool(mode) || dataset::ParseSpoofing(mode)) return util::Status::Ok();
  return util::Status::Error("unknown hold-out mode \"" + mode +
                             "\" (expected mimic, mrsip, random, subnet or list)");
}

int64_t DropAttackers(const std::string &mode, sim::SplitPlan *plan) {
  int64_t removed = 0;
  for (sim::Episode &ep : plan->episodes) {
    if (ep.scenario == sim::Scenario::kA) continue;
    size_t before = ep.attackers.size();
    std::erase_if(ep.attackers, [&](const sim::AttackerSpec &a) { return Matches(mode, a.kind); });
    removed += int64_t(before - ep.attackers.size());
    if (ep.attackers.empty()) {
      ep.legit_s = ep.duration_s();
      ep.attack_s = 0;
      ep.scenario = sim::Scenario::kA;
    }
  }
  return removed;
}

util::Status WriteHoldOutSplits(const sim::Preset &preset, uint64_t seed, const std::string &mode,
                                const std::string &out_dir, int64_t *removed) {
  SIPDDOS_RETURN_IF_ERROR(CheckHoldOut(mode));
  int64_t total = 0;
  for (const sim::SplitTarget &t : preset.splits) {
    if (t.name != "train" && t.name != "val") continue;
    auto plan = sim::BuildPlan(preset, t, seed);
    if (!plan.ok()) return plan.status();
    total += DropAttackers(mode, &*plan);
    sim::SplitWriter w(preset, *plan, out_dir + "/" + t.name + ".csv",
                       out_dir + "/" + t.name + ".pcap");
    std::atomic<int64_t> progress{0};
    SIPDDOS_RETURN_IF_ERROR(w.Run(&progress));
    SIPDDOS_RETURN_IF_ERROR(w.Commit());
  }
  if (removed) *removed = total;
  return util::Status::Ok();
}

}  // namespace eval
