// Test-only: a small, deterministic SIP traffic generator writing
// DIR/<name>.csv and .pcap the way the simulator does (every packet in the
// pcap, one labelled CSV row per INVITE, same order), so the train tests do not
// depend on the simulator's presets. Legitimate clients complete their dialogs
// (INVITE, 100, 200, ACK, BYE, 200); flooders spoof random sources and never
// ACK.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "capture/pcap_writer.h"
#include "dataset/csv_writer.h"
#include "sip/serializer.h"
#include "util/ip_address.h"
#include "util/time_format.h"

namespace train::synth {

struct TrafficSpec {
  std::string net = "10.0.0.";  // clients are net.2 .. net.(1+clients), the server net.1
  int clients = 30;
  double legit_calls_per_s = 8;
  double seconds = 120;
  struct Attack {
    double start_s, end_s, rate;
    bool mimic;  // copy the legitimate format instead of Mr.SIP's
  };
  std::vector<Attack> attacks = {{20, 30, 30, false}, {60, 70, 40, true}, {95, 100, 20, false}};
  uint64_t seed = 1;
};

namespace detail {

struct Packet {
  util::Micros t;
  util::IpAddress src, dst;
  std::string payload;
  int label = -1;  // INVITEs: 0/1
  std::string attack;
};

inline std::string RandomToken(std::mt19937_64& rng, int n) {
  static const char kChars[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string s;
  for (int i = 0; i < n; ++i) s += kChars[rng() % 62];
  return s;
}

inline std::string Request(const std::string& method, const std::string& server,
                           const std::string& via_host, const std::string& from,
                           const std::string& to, const std::string& call_id, int cseq,
                           const std::string& contact) {
  sip::OutMessage m;
  m.start_line = method + " sip:service@" + server + ":5060 SIP/2.0";
  m.headers = {{"Via", "SIP/2.0/UDP " + via_host + ":5060;branch=z9hG4bK-" + call_id},
               {"From", from},
               {"To", to},
               {"Call-ID", call_id},
               {"CSeq", std::to_string(cseq) + " " + method},
               {"Contact", contact},
               {"Max-Forwards", "70"}};
  std::string out;
  sip::Serialize(m, &out);
  return out;
}

inline std::string Response(int code, const std::string& from, const std::string& to,
                            const std::string& call_id, const std::string& cseq) {
  sip::OutMessage m;
  m.start_line = "SIP/2.0 " + std::to_string(code) + (code == 100 ? " Trying" : " OK");
  m.headers = {{"Via", "SIP/2.0/UDP x:5060;branch=z9hG4bK-" + call_id},
               {"From", from},
               {"To", to},
               {"Call-ID", call_id},
               {"CSeq", cseq}};
  std::string out;
  sip::Serialize(m, &out);
  return out;
}

}  // namespace detail

// Writes dir/name.csv and dir/name.pcap; returns the number of INVITE rows.
inline int64_t WriteTraffic(const std::string& dir, const std::string& name,
                            const TrafficSpec& spec) {
  using detail::Packet;
  std::mt19937_64 rng(spec.seed);
  std::exponential_distribution<double> gap(spec.legit_calls_per_s);
  std::uniform_real_distribution<double> uni(0, 1);
  const std::string server = spec.net + "1";
  const util::IpAddress server_ip = *util::IpAddress::Parse(server);
  std::vector<Packet> packets;
  auto add = [&](double t, const util::IpAddress& src, const util::IpAddress& dst, std::string p,
                 int label = -1, std::string attack = "") {
    packets.push_back({util::Micros(t * 1e6), src, dst, std::move(p), label, std::move(attack)});
  };
  int call = 0;
  for (double t = gap(rng); t < spec.seconds; t += gap(rng)) {
    int c = int(rng() % uint64_t(spec.clients));
    std::string client = spec.net + std::to_string(2 + c);
    util::IpAddress client_ip = *util::IpAddress::Parse(client);
    std::string user = "SipPhone" + std::to_string(c) + "_" + client;
    std::string from = "\"User" + std::to_string(c) + "\" <sip:" + user + "@" + server +
                       ">;tag=" + std::to_string(++call);
    std::string to = "<sip:service@" + server + ":5060>";
    std::string to_tag = to + ";tag=srv" + std::to_string(call);
    std::string call_id =
        std::to_string(call) + "-" + std::to_string(rng() % 100000) + "@" + server;
    std::string contact = "sip:" + user + "@" + client + ":5060";
    double answer = t + 0.2 + uni(rng), bye = answer + 1 + 5 * uni(rng);
    add(t, client_ip, server_ip,
        detail::Request("INVITE", server, client, from, to, call_id, 1, contact), 0, "none");
    add(t + 0.001, server_ip, client_ip, detail::Response(100, from, to, call_id, "1 INVITE"));
    add(answer, server_ip, client_ip, detail::Response(200, from, to_tag, call_id, "1 INVITE"));
    add(answer + 0.002, client_ip, server_ip,
        detail::Request("ACK", server, client, from, to_tag, call_id, 1, contact));
    add(bye, client_ip, server_ip,
        detail::Request("BYE", server, client, from, to_tag, call_id, 2, contact));
    add(bye + 0.002, server_ip, client_ip, detail::Response(200, from, to_tag, call_id, "2 BYE"));
  }
  for (const TrafficSpec::Attack& a : spec.attacks) {
    std::exponential_distribution<double> agap(a.rate);
    for (double t = a.start_s + agap(rng); t < a.end_s; t += agap(rng)) {
      util::IpAddress spoofed = util::IpAddress::V4(uint32_t(0xC0000000u | (rng() & 0x3fffffffu)));
      std::string src = spoofed.ToString();
      std::string from, call_id, contact, to = "<sip:service@" + server + ":5060>";
      if (a.mimic) {
        int c = int(rng() % 1000);
        std::string user = "SipPhone" + std::to_string(c) + "_" + src;
        from = "\"User" + std::to_string(c) + "\" <sip:" + user + "@" + server +
               ">;tag=" + std::to_string(++call);
        call_id = std::to_string(call) + "-" + std::to_string(rng() % 100000) + "@" + server;
        contact = "sip:" + user + "@" + src + ":5060";
      } else {
        from = "<sip:" + std::to_string(1000 + rng() % 9000) + "@" + server +
               ">;tag=" + std::to_string(100000 + rng() % 900000);
        call_id = detail::RandomToken(rng, 32) + "@" + server;
        contact = "<sip:" + std::to_string(1000 + rng() % 9000) + "@" + src + ":5060>";
      }
      add(t, spoofed, server_ip,
          detail::Request("INVITE", server, src, from, to, call_id, 1, contact), 1,
          a.mimic ? "mimic:low-rate:random" : "mrsip:low-rate:random");
      add(t + 0.001, server_ip, spoofed, detail::Response(100, from, to, call_id, "1 INVITE"));
      add(t + 0.05, server_ip, spoofed,
          detail::Response(200, from, to + ";tag=x" + std::to_string(call), call_id, "1 INVITE"));
    }
  }
  std::stable_sort(packets.begin(), packets.end(),
                   [](const Packet& a, const Packet& b) { return a.t < b.t; });
  auto pcap = capture::PcapWriter::Create(dir + "/" + name + ".pcap");
  if (!pcap.ok()) return -1;
  dataset::MessageCsvWriter csv;
  if (!csv.Open(dir + "/" + name + ".csv").ok()) return -1;
  int64_t rows = 0;
  for (const Packet& p : packets) {
    auto bytes = std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(p.payload.data()),
                                          p.payload.size());
    if (!pcap->WriteUdp(p.t, p.src, 5060, p.dst, 5060, bytes).ok()) return -1;
    if (p.label < 0) continue;
    dataset::MessageRecord r;
    r.seq = uint64_t(++rows);
    r.time = p.t;
    r.source = p.src.ToString();
    size_t eol = p.payload.find("\r\n");
    r.msg = p.payload.substr(0, eol);
    auto header = [&](const std::string& name) {
      size_t at = p.payload.find("\r\n" + name + ": ");
      size_t start = at + name.size() + 4;
      return p.payload.substr(start, p.payload.find("\r\n", start) - start);
    };
    r.via = header("Via");
    r.from = header("From");
    r.to = header("To");
    r.call_id = header("Call-ID");
    r.cseq = header("CSeq");
    r.contact = header("Contact");
    r.max_forwards = 70;
    r.content_length = 0;
    r.label = p.label;
    r.attack = p.attack;
    r.intensity = p.label ? "L" : "none";
    if (!csv.Write(r).ok()) return -1;
  }
  if (!pcap->Close().ok() || !csv.Commit().ok()) return -1;
  return rows;
}

}  // namespace train::synth
