#include "lab/lab_dataset.h"

#include "capture/packet_source.h"
#include "dataset/csv_writer.h"
#include "dataset/from_message.h"
#include "lab/attack_messages.h"
#include "sip/parser.h"

namespace lab {

util::Status FloodGroundTruth::AddFlood(const FloodOptions& o, int64_t count, int episode) {
  auto sources = LabFloodSources(o);
  if (!sources.ok()) return sources.status();
  const AttackMessages messages(o.attack, o.target.address.v4(), o.target.port, o.seed);
  std::string text;
  sip::Message m;
  for (int64_t k = 0; k < count; ++k) {
    const SourceSocket& s = (*sources)[size_t(k % int64_t(sources->size()))];
    messages.Render(k, s.address, s.port, &text);
    if (util::Status st = sip::Parse(text, &m); !st.ok())
      return util::Status::Error("flood message " + std::to_string(k) +
                                 " does not parse: " + st.message());
    ids_.emplace(std::string(m.call_id), episode);
  }
  return util::Status::Ok();
}

int FloodGroundTruth::EpisodeOf(std::string_view call_id) const {
  auto it = ids_.find(std::string(call_id));
  return it == ids_.end() ? -1 : it->second;
}

util::Result<LabDatasetStats> WriteLabCsv(const std::string& pcap, const std::string& csv,
                                          const FloodGroundTruth& truth,
                                          const std::vector<FloodEpisode>& episodes) {
  auto source = capture::OpenFile(pcap);
  if (!source.ok()) return source.status();
  dataset::MessageCsvWriter writer;
  SIPDDOS_RETURN_IF_ERROR(writer.Open(csv));
  LabDatasetStats stats;
  stats.episodes.resize(episodes.size());
  std::vector<std::string> attack(episodes.size()), intensity(episodes.size());
  for (size_t e = 0; e < episodes.size(); ++e) {
    attack[e] = dataset::AttackLabel({episodes[e].tool, episodes[e].behaviour, episodes[e].spoof});
    intensity[e] = std::string(dataset::Name(episodes[e].intensity));
  }
  capture::Datagram d;
  sip::Message m;
  dataset::MessageRecord rec;
  while (true) {
    auto more = (*source)->Next(&d);
    if (!more.ok()) return more.status();
    if (!*more) break;
    ++stats.datagrams;
    std::string_view bytes(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
    if (!sip::Parse(bytes, &m).ok()) {
      ++stats.not_sip;
      continue;
    }
    if (!m.is_invite()) continue;
    dataset::RecordFromMessage(m, d.ts, d.src, &rec);
    rec.seq = uint64_t(++stats.rows);
    const int e = truth.EpisodeOf(m.call_id);
    if (e >= 0 && size_t(e) < episodes.size()) {
      rec.label = dataset::kLabelMalicious;
      rec.attack = attack[size_t(e)];
      rec.intensity = intensity[size_t(e)];
      ++stats.malicious;
      EpisodeMeasure& em = stats.episodes[size_t(e)];
      if (em.invites++ == 0) em.first = d.ts;
      em.last = d.ts;
    } else {
      rec.label = dataset::kLabelLegitimate;
      rec.attack = std::string(dataset::kNone);
      rec.intensity = std::string(dataset::kNone);
      ++stats.legitimate;
    }
    SIPDDOS_RETURN_IF_ERROR(writer.Write(rec));
  }
  SIPDDOS_RETURN_IF_ERROR(writer.Commit());
  return stats;
}

}  // namespace lab
