#include "features/encoded_split.h"

#include <sys/stat.h>

#include <string_view>

#include "capture/packet_source.h"
#include "dataset/csv_reader.h"
#include "features/encoder.h"
#include "features/message_event.h"
#include "features/record_event.h"
#include "sip/parser.h"

namespace features {
namespace {

bool Exists(const std::string& path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string Stem(const std::string& path) {
  size_t dot = path.rfind('.');
  size_t slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path;
  return path.substr(0, dot);
}

util::Status CheckLabel(const dataset::MessageCsvReader& reader, const std::string& csv,
                        const dataset::MessageRecord& r) {
  if (r.label == dataset::kLabelLegitimate || r.label == dataset::kLabelMalicious)
    return util::Status::Ok();
  return util::Status::Error(csv + ":" + std::to_string(reader.line()) +
                             ": Label is empty; training needs a 0/1 label on every row");
}

util::Status OpenLabelled(dataset::MessageCsvReader* reader, const std::string& csv) {
  SIPDDOS_RETURN_IF_ERROR(reader->Open(csv));
  if (!reader->has_labels())
    return util::Status::Error(csv + ": no Label column; training needs labelled rows");
  return util::Status::Ok();
}

util::Result<EncodedSplit> FromCsv(const std::string& csv, features::FeatureSet set) {
  EncodedSplit out;
  out.features_from = out.labels_from = csv;
  dataset::MessageCsvReader reader;
  SIPDDOS_RETURN_IF_ERROR(OpenLabelled(&reader, csv));
  features::Encoder encoder({.set = set});
  out.features = encoder.size();
  dataset::MessageRecord r;
  features::SipEvent e;
  for (;;) {
    auto more = reader.Next(&r);
    if (!more.ok()) return more.status();
    if (!*more) break;
    SIPDDOS_RETURN_IF_ERROR(CheckLabel(reader, csv, r));
    if (!features::EventFromRecord(r, &e))
      return util::Status::Error(csv + ":" + std::to_string(reader.line()) + ": Source '" +
                                 r.source + "' is not an IP address");
    if (e.kind != features::EventKind::kInvite)
      return util::Status::Error(csv + ":" + std::to_string(reader.line()) +
                                 ": MSG is not an INVITE request line: '" + r.msg + "'");
    out.x.resize(out.x.size() + size_t(out.features));
    encoder.Consume(e, out.x.data() + out.x.size() - size_t(out.features));
    out.labels.push_back(int8_t(r.label));
  }
  out.rows = int64_t(out.labels.size());
  if (out.rows == 0) return util::Status::Error(csv + ": no data rows");
  return out;
}

util::Result<EncodedSplit> FromPcap(const std::string& pcap, const std::string& csv,
                                    features::FeatureSet set) {
  EncodedSplit out;
  out.features_from = pcap;
  out.labels_from = csv;
  dataset::MessageCsvReader reader;
  SIPDDOS_RETURN_IF_ERROR(OpenLabelled(&reader, csv));
  auto source = capture::OpenFile(pcap);
  if (!source.ok()) return source.status();
  features::Encoder encoder({.set = set});
  out.features = encoder.size();
  capture::Datagram d;
  sip::Message m;
  features::SipEvent e;
  dataset::MessageRecord r;
  for (;;) {
    auto more = (*source)->Next(&d);
    if (!more.ok()) return more.status();
    if (!*more) break;
    std::string_view payload(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
    if (!sip::Parse(payload, &m).ok()) {
      ++out.skipped_datagrams;
      continue;
    }
    features::EventFromMessage(m, d.ts, d.src, d.sport, d.dst, d.dport, &e);
    if (e.kind != features::EventKind::kInvite) {
      encoder.Consume(e, nullptr);  // non-INVITEs write nothing
      continue;
    }
    auto row = reader.Next(&r);
    if (!row.ok()) return row.status();
    if (!*row)
      return util::Status::Error(pcap + ": INVITE #" + std::to_string(out.rows + 1) + " (Call-ID " +
                                 std::string(e.call_id) + ") has no row in " + csv);
    SIPDDOS_RETURN_IF_ERROR(CheckLabel(reader, csv, r));
    if (r.call_id != e.call_id)
      return util::Status::Error(pcap + ": INVITE #" + std::to_string(out.rows + 1) +
                                 " has Call-ID " + std::string(e.call_id) + " but " + csv + ":" +
                                 std::to_string(reader.line()) + " has " + r.call_id +
                                 ": the pcap and the CSV are not the same traffic");
    out.x.resize(out.x.size() + size_t(out.features));
    encoder.Consume(e, out.x.data() + out.x.size() - size_t(out.features));
    out.labels.push_back(int8_t(r.label));
    ++out.rows;
  }
  auto extra = reader.Next(&r);
  if (!extra.ok()) return extra.status();
  if (*extra)
    return util::Status::Error(csv + ":" + std::to_string(reader.line()) +
                               ": row has no INVITE in " + pcap + " (the pcap holds " +
                               std::to_string(out.rows) + ")");
  if (out.rows == 0) return util::Status::Error(pcap + ": no INVITE requests");
  return out;
}

}  // namespace

util::Result<EncodedSplit> EncodeSplit(const std::string& path, features::FeatureSet set) {
  if (!Exists(path)) return util::Status::Error(path + ": no such file");
  bool is_pcap = EndsWith(path, ".pcap") || EndsWith(path, ".pcapng");
  std::string stem = Stem(path);
  if (is_pcap) {
    std::string csv = stem + ".csv";
    if (!Exists(csv))
      return util::Status::Error(path + ": the labels come from the CSV beside the pcap, but " +
                                 csv + " does not exist");
    return FromPcap(path, csv, set);
  }
  if (set == features::FeatureSet::kPaper) return FromCsv(path, set);
  std::string pcap = stem + ".pcap";
  if (!Exists(pcap))
    return util::Status::Error(path +
                               ": the full feature set needs the traffic's "
                               "pcap (dialog completion is not in the "
                               "CSV), but " +
                               pcap +
                               " does not exist: simulate with --format "
                               "csv,pcap, or train with --features paper");
  return FromPcap(pcap, path, set);
}

}  // namespace features
