// Writes one split: the engine's INVITEs become CSV rows (rendered, parsed back
// with sip::Parse and mapped by dataset::RecordFromMessage, exactly as `sipddos
// inspect` maps a capture), and, with a pcap, every packet of the dialogs in
// time order. Files stay temporary until Commit().
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <queue>
#include <string>

#include "capture/pcap_writer.h"
#include "dataset/csv_writer.h"
#include "sim/engine.h"
#include "sim/messages.h"
#include "sim/preset.h"
#include "sim/simulator.h"

namespace sim {

class SplitWriter {
 public:
  // csv_path / pcap_path empty: that output is not written.
  SplitWriter(const Preset& preset, const SplitPlan& plan, std::string csv_path,
              std::string pcap_path);
  util::Status Run(std::atomic<int64_t>* progress);
  util::Status Commit();
  const SplitSummary& summary() const { return summary_; }

 private:
  struct Packet {
    util::Micros t;
    uint64_t order;
    PacketKind kind;
    Invite inv;
    bool operator>(const Packet& o) const {
      return t != o.t ? t > o.t : order > o.order;
    }
  };
  void Schedule(const Invite& inv);
  util::Status WritePacket(const Invite& inv, PacketKind kind, util::Micros t);
  util::Status FlushPackets(util::Micros up_to);

  const Preset& preset_;
  const SplitPlan& plan_;
  Network net_;
  std::string csv_path_, pcap_path_;
  dataset::MessageCsvWriter csv_;
  std::optional<capture::PcapWriter> pcap_;
  std::priority_queue<Packet, std::vector<Packet>, std::greater<Packet>>
      packets_;
  uint64_t order_ = 0;
  std::string text_;
  SplitSummary summary_;
};

}  // namespace sim
