#include "eval/split_rows.h"

#include <unordered_map>

#include "dataset/csv_reader.h"

namespace eval {
namespace {

uint32_t Intern(const std::string &s, std::vector<std::string> *names,
                std::unordered_map<std::string, uint32_t> *ids) {
  auto [it, added] = ids->try_emplace(s, uint32_t(names->size()));
  if (added) names->push_back(s);
  return it->second;
}

// "mrsip:abrupt:random" -> "mrsip:abrupt" (the part an episode shares).
std::string ToolAndBehaviour(const std::string &attack) {
  size_t last = attack.rfind(':');
  return last == std::string::npos ? attack : attack.substr(0, last);
}

}  // namespace

util::Result<SplitRows> ReadSplitRows(const std::string &csv_path) {
  dataset::MessageCsvReader reader;
  SIPDDOS_RETURN_IF_ERROR(reader.Open(csv_path));
  if (!reader.has_labels())
    return util::Status::Error(csv_path + ": no Label column; evaluation needs labelled rows");
  SplitRows out;
  out.path = csv_path;
  std::unordered_map<std::string, uint32_t> source_ids, attack_ids{{"none", 0}},
      intensity_ids{{"none", 0}};
  dataset::MessageRecord r;
  for (;;) {
    auto more = reader.Next(&r);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (r.label != 0 && r.label != 1)
      return util::Status::Error(csv_path + ":" + std::to_string(reader.line()) +
                                 ": Label is empty; evaluation needs a 0/1 label on every row");
    out.time.push_back(r.time);
    out.source.push_back(Intern(r.source, &out.sources, &source_ids));
    out.label.push_back(int8_t(r.label));
    const std::string attack = r.attack.empty() ? "none" : r.attack;
    const std::string intensity = r.intensity.empty() ? "none" : r.intensity;
    out.attack.push_back(uint16_t(Intern(attack, &out.attacks, &attack_ids)));
    out.intensity.push_back(uint8_t(Intern(intensity, &out.intensities, &intensity_ids)));
    if (out.attacks.size() > 65535 || out.intensities.size() > 255)
      return util::Status::Error(csv_path + ":" + std::to_string(reader.line()) +
                                 ": too many distinct Attack or Intensity values");
  }
  return out;
}

std::vector<Episode> FindEpisodes(const SplitRows &rows, util::Micros max_gap) {
  std::vector<Episode> out;
  std::string current_kind;
  uint8_t current_intensity = 0;
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!rows.label[i]) continue;
    const std::string &attack = rows.attacks[rows.attack[i]];
    std::string kind = ToolAndBehaviour(attack);
    bool same = !out.empty() && kind == current_kind && rows.intensity[i] == current_intensity &&
                rows.time[i] - out.back().last_time <= max_gap;
    if (!same) {
      Episode e;
      e.first_row = int64_t(i);
      e.first_time = rows.time[i];
      e.attack = attack;
      e.intensity = rows.intensities[rows.intensity[i]];
      out.push_back(e);
      current_kind = kind;
      current_intensity = rows.intensity[i];
    }
    Episode &e = out.back();
    e.last_row = int64_t(i);
    e.last_time = rows.time[i];
    ++e.malicious_rows;
  }
  return out;
}

}  // namespace eval
