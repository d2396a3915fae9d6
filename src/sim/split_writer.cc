#include "sim/split_writer.h"

#include "dataset/from_message.h"
#include "sip/parser.h"

namespace sim {

SplitWriter::SplitWriter(const Preset& preset, const SplitPlan& plan,
                         std::string csv_path, std::string pcap_path)
    : preset_(preset),
      plan_(plan),
      net_(MakeNetwork(plan.network, preset.legit.users)),
      csv_path_(std::move(csv_path)),
      pcap_path_(std::move(pcap_path)) {
  summary_.name = plan.name;
  summary_.network = plan.network;
}

void SplitWriter::Schedule(const Invite& inv) {
  Rng r(Mix(inv.key, 0x7265706c79ull + inv.attempt));
  auto push = [&](PacketKind kind, util::Micros t) {
    packets_.push({t, order_++, kind, inv});
  };
  util::Micros t = inv.time;
  push(PacketKind::kTrying, t + Us(r.Uniform(0.0002, 0.001)));
  util::Micros ringing = t + Us(r.Uniform(0.0011, 0.003));
  push(PacketKind::kRinging, ringing);
  util::Micros ok = ringing + Us(r.Uniform(0.001, 0.004));
  push(PacketKind::kOk, ok);
  if (!inv.malicious) {
    util::Micros ack = ok + Us(r.Uniform(0.0005, 0.002));
    push(PacketKind::kAck, ack);
    util::Micros bye = ack + Us(inv.hold_s);
    push(PacketKind::kBye, bye);
    push(PacketKind::kByeOk, bye + Us(r.Uniform(0.0002, 0.001)));
    return;
  }
  // No ACK will come: the UAS retransmits its 200 OK (T1 doubling, capped at T2
  // = 4 s) until SIPp's -max_retrans, then gives the call up.
  double gap = 0.5, at = 0;
  for (int i = 0; i < preset_.server.max_ok_retrans; ++i) {
    at += gap;
    gap = std::min(gap * 2, 4.0);
    push(PacketKind::kOk, ok + Us(at));
  }
}

util::Status SplitWriter::WritePacket(const Invite& inv, PacketKind kind,
                                      util::Micros t) {
  RenderPacket(inv, net_, kind, &text_);
  auto payload = std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(text_.data()), text_.size());
  util::IpAddress client = ToIp(inv.src), server = ToIp(net_.server);
  ++summary_.packets;
  if (FromServer(kind))
    return pcap_->WriteUdp(t, server, net_.server_port, client, inv.sport,
                           payload);
  return pcap_->WriteUdp(t, client, inv.sport, server, net_.server_port,
                         payload);
}

util::Status SplitWriter::FlushPackets(util::Micros up_to) {
  while (!packets_.empty() && packets_.top().t <= up_to) {
    Packet p = packets_.top();
    packets_.pop();
    SIPDDOS_RETURN_IF_ERROR(WritePacket(p.inv, p.kind, p.t));
  }
  return util::Status::Ok();
}

util::Status SplitWriter::Run(std::atomic<int64_t>* progress) {
  Engine eng(plan_, net_, preset_.legit, preset_.server, preset_.attack);
  if (!csv_path_.empty()) SIPDDOS_RETURN_IF_ERROR(csv_.Open(csv_path_));
  if (!pcap_path_.empty()) {
    auto w = capture::PcapWriter::Create(pcap_path_);
    if (!w.ok()) return w.status();
    pcap_.emplace(std::move(*w));
  }
  std::vector<int8_t> labels;
  if (plan_.rows > 0) labels.reserve(size_t(plan_.rows));
  std::vector<std::string> scenario_of;
  for (const Episode& ep : plan_.episodes) {
    scenario_of.emplace_back(Name(ep.scenario));
    ++summary_.episodes_by_scenario[scenario_of.back()];
    summary_.attackers += int64_t(ep.attackers.size());
  }
  summary_.episodes = int64_t(plan_.episodes.size());
  dataset::MessageRecord rec;
  sip::Message msg;
  Invite inv;
  int64_t pending_progress = 0;
  while (eng.Next(&inv)) {
    RenderPacket(inv, net_, PacketKind::kInvite, &text_);
    ++summary_.rows;
    if (!csv_path_.empty()) {
      util::Status st = sip::Parse(text_, &msg);
      if (!st.ok())
        return util::Status::Error(
            plan_.name + ": internal error: rendered INVITE " +
            std::to_string(summary_.rows) + " does not parse: " + st.message());
      dataset::RecordFromMessage(msg, inv.time, ToIp(inv.src), &rec);
      rec.seq = uint64_t(summary_.rows);
      rec.label =
          inv.malicious ? dataset::kLabelMalicious : dataset::kLabelLegitimate;
      if (inv.malicious) {
        const AttackerRuntime& a = eng.attackers()[size_t(inv.attacker)];
        rec.attack = a.label;
        rec.intensity = dataset::Name(a.spec.intensity);
      } else {
        rec.attack = dataset::kNone;
        rec.intensity = dataset::kNone;
      }
      SIPDDOS_RETURN_IF_ERROR(csv_.Write(rec));
    }
    if (pcap_) {
      SIPDDOS_RETURN_IF_ERROR(FlushPackets(inv.time));
      SIPDDOS_RETURN_IF_ERROR(WritePacket(inv, PacketKind::kInvite, inv.time));
      if (inv.answered) Schedule(inv);
    }
    labels.push_back(inv.malicious ? 1 : 0);
    if (summary_.rows == 1) summary_.first_time = inv.time;
    summary_.last_time = inv.time;
    ++summary_.rows_by_scenario[scenario_of[inv.episode]];
    if (inv.attempt > 0) ++summary_.retransmissions;
    if (inv.malicious) {
      ++summary_.malicious_rows;
      const AttackerRuntime& a = eng.attackers()[size_t(inv.attacker)];
      ++summary_.rows_by_attack[a.label];
      ++summary_
            .rows_by_intensity[std::string(dataset::Name(a.spec.intensity))];
      ++summary_.rows_by_tool[std::string(dataset::Name(a.spec.kind.tool))];
      ++summary_.rows_by_behaviour[std::string(
          dataset::Name(a.spec.kind.behaviour))];
      ++summary_
            .rows_by_spoofing[std::string(dataset::Name(a.spec.kind.spoofing))];
      if (!inv.mrsip_style)
        ++summary_.mimic_rows_by_kind[std::string(Name(inv.kind))];
    } else {
      ++summary_.legitimate_rows;
      ++summary_.legitimate_rows_by_kind[std::string(Name(inv.kind))];
    }
    if (++pending_progress == 4096 && progress) {
      progress->fetch_add(pending_progress, std::memory_order_relaxed);
      pending_progress = 0;
    }
  }
  if (progress)
    progress->fetch_add(pending_progress, std::memory_order_relaxed);
  // The capture ends with the last INVITE: later answers, ACKs and BYEs were
  // not captured.
  if (pcap_) SIPDDOS_RETURN_IF_ERROR(FlushPackets(summary_.last_time));
  if (plan_.rows > 0 && summary_.rows != plan_.rows)
    return util::Status::Error(
        plan_.name + ": internal error: " + std::to_string(summary_.rows) +
        " rows instead of " + std::to_string(plan_.rows));
  summary_.windows = dataset::CountWindows(labels, preset_.windows);
  return util::Status::Ok();
}

util::Status SplitWriter::Commit() {
  if (!csv_path_.empty()) SIPDDOS_RETURN_IF_ERROR(csv_.Commit());
  if (pcap_) SIPDDOS_RETURN_IF_ERROR(pcap_->Close());
  return util::Status::Ok();
}

}  // namespace sim
