// The detection path parses only DetectionHeaders(start line) of each message
// (sip::ParseEventFields with a mask): the encoder must produce bit-identical
// feature vectors to the same stream parsed in full with sip::Parse.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "capture/packet_source.h"
#include "features/encoder.h"
#include "features/message_event.h"
#include "sip/parser.h"

namespace features {
namespace {

struct Message {
  std::string bytes;
  util::Micros time;
  util::IpAddress src, dst;
};

struct Counts {
  int sip = 0, invites = 0, skipped_headers = 0;
  uint64_t completed = 0;
};

// Feeds both encoders and compares every output.
void ExpectSameFeatures(const std::vector<Message>& stream, Counts* n) {
  Encoder full_enc, light_enc;
  std::vector<float> a(full_enc.size()), b(light_enc.size());
  sip::Message full, light;
  SipEvent ea, eb;
  for (size_t i = 0; i < stream.size(); ++i) {
    const Message& msg = stream[i];
    const util::Status sa = sip::Parse(msg.bytes, &full);
    const util::Status sb = sip::ParseEventFields(msg.bytes, &light, DetectionHeaders);
    ASSERT_EQ(sa.ok(), sb.ok()) << msg.bytes;
    if (!sa.ok()) continue;
    ++n->sip;
    EventFromMessage(full, msg.time, msg.src, 5060, msg.dst, 5060, &ea);
    EventFromMessage(light, msg.time, msg.src, 5060, msg.dst, 5060, &eb);
    ASSERT_EQ(ea.kind, eb.kind);
    n->skipped_headers += (ea.to != eb.to) + (ea.cseq != eb.cseq) + (ea.contact != eb.contact);
    std::fill(a.begin(), a.end(), -1.0f);
    std::fill(b.begin(), b.end(), -1.0f);
    const bool ra = full_enc.Consume(ea, a.data());
    const bool rb = light_enc.Consume(eb, b.data());
    ASSERT_EQ(ra, rb) << "message " << i;
    n->invites += ra;
    EXPECT_EQ(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0)
        << "message " << i << ":\n"
        << msg.bytes;
  }
  EXPECT_EQ(full_enc.stats().completed, light_enc.stats().completed);
  n->completed += full_enc.stats().completed;
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size()))
    s.replace(p, from.size(), to);
  return s;
}

// Calls (INVITE, 100, 180, 200, ACK, BYE, 200) from a few callers, some answered with an
// error, between flood INVITEs from spoofed sources with an LF-only, compact-header style.
std::vector<Message> CallsAndFlood() {
  const std::string invite =
      "INVITE sip:svc@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP SRC:5060;branch=z9hG4bK-ID\r\n"
      "From: \"U\" <sip:userN@SRC>;tag=ID\r\nTo: <sip:svc@10.0.0.1>\r\nCall-ID: ID@SRC\r\n"
      "CSeq: 1 INVITE\r\nContact: <sip:userN@SRC:5060>\r\nMax-Forwards: 70\r\n"
      "Content-Length: 0\r\n\r\n";
  const std::string response =
      "SIP/2.0 CODE\r\nVia: SIP/2.0/UDP SRC:5060;branch=z9hG4bK-ID\r\n"
      "From: \"U\" <sip:userN@SRC>;tag=ID\r\nTo: <sip:svc@10.0.0.1>;tag=TT\r\n"
      "Call-ID: ID@SRC\r\nCSeq: 1 METHOD\r\nContent-Length: 0\r\n\r\n";
  const std::string request =
      "METHOD sip:svc@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP SRC:5060;branch=z9hG4bK-IDb\r\n"
      "From: \"U\" <sip:userN@SRC>;tag=ID\r\nTo: <sip:svc@10.0.0.1>;tag=TT\r\n"
      "Call-ID: ID@SRC\r\nCSeq: SEQ METHOD\r\nMax-Forwards: 70\r\n\r\n";
  const std::string flood =
      "INVITE sip:svc@10.0.0.1 SIP/2.0\nv: SIP/2.0/UDP SRC\nf: <sip:ID@evil>;tag=1\n"
      "t: <sip:svc@10.0.0.1>\ni: ID\nCSeq: 1 INVITE\nm: <sip:x@SRC>\n\n";
  const util::IpAddress server = *util::IpAddress::Parse("10.0.0.1");
  std::vector<Message> out;
  util::Micros t = 1'000'000;
  auto add = [&](std::string text, const std::string& src, bool to_server) {
    util::IpAddress a = *util::IpAddress::Parse(src);
    out.push_back({std::move(text), t += 1700, to_server ? a : server, to_server ? server : a});
  };
  for (int call = 0; call < 300; ++call) {
    const std::string src = "10.0.1." + std::to_string(call % 7 + 2);
    const std::string id = std::to_string(call * 7919);
    auto fill = [&](std::string s) {
      return Replace(Replace(Replace(s, "SRC", src), "ID", id), "userN",
                     "user" + std::to_string(call % 7));
    };
    add(fill(invite), src, true);
    add(fill(Replace(Replace(response, "CODE", "100 Trying"), "METHOD", "INVITE")), src, false);
    add(fill(Replace(Replace(response, "CODE", "180 Ringing"), "METHOD", "INVITE")), src, false);
    const bool ok = call % 5 != 0;
    add(fill(Replace(Replace(response, "CODE", ok ? "200 OK" : "486 Busy Here"), "METHOD",
                     "INVITE")),
        src, false);
    add(fill(Replace(Replace(request, "METHOD", "ACK"), "SEQ", "1")), src, true);
    if (ok) {
      add(fill(Replace(Replace(request, "METHOD", "BYE"), "SEQ", "2")), src, true);
      add(fill(Replace(Replace(response, "CODE", "200 OK"), "METHOD", "BYE")), src, false);
    }
    for (int k = 0; k < call % 4; ++k) {
      const std::string fsrc = "192.0.2." + std::to_string((call * 4 + k) % 250 + 1);
      add(Replace(Replace(flood, "SRC", fsrc), "ID", std::to_string(call * 31 + k)), fsrc, true);
    }
    if (call % 50 == 0) add(fill(Replace(request, "METHOD", "OPTIONS")), src, true);
  }
  return out;
}

TEST(DetectionHeaders, SameFeaturesAsAFullParseOnCallsAndAFlood) {
  Counts n;
  ExpectSameFeatures(CallsAndFlood(), &n);
  EXPECT_GT(n.invites, 500);
  EXPECT_GT(n.completed, 200u);        // the ACK/BYE paths ran
  EXPECT_GT(n.skipped_headers, 1000);  // and the light parse did skip headers
}

TEST(DetectionHeaders, SameFeaturesAsAFullParseOnRealCaptures) {
  Counts n;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(SIPDDOS_TESTDATA) + "/real-sip")) {
    if (e.path().extension() != ".pcap") continue;
    auto src = capture::OpenFile(e.path().string());
    ASSERT_TRUE(src.ok()) << src.status().message();
    std::vector<Message> stream;
    capture::Datagram d;
    while ((*src)->Next(&d).value()) {
      stream.push_back({std::string(d.payload.begin(), d.payload.end()), d.ts, d.src, d.dst});
    }
    ExpectSameFeatures(stream, &n);
  }
  EXPECT_GT(n.invites, 3);
  EXPECT_GT(n.sip, 20);
}

TEST(DetectionHeaders, WhatEachKindNeeds) {
  sip::Message m;
  ASSERT_TRUE(sip::ParseEventFields("SIP/2.0 180 Ringing\r\nCall-ID: x\r\n\r\n", &m,
                                    DetectionHeaders)
                  .ok());
  EXPECT_TRUE(m.call_id.empty());  // a provisional response needs nothing
  ASSERT_TRUE(sip::ParseEventFields(
                  "SIP/2.0 200 OK\r\nContact: <sip:a@b>\r\nCall-ID: x\r\nTo: t\r\nCSeq: 1 BYE\r\n\r\n",
                  &m, DetectionHeaders)
                  .ok());
  EXPECT_EQ(m.call_id, "x");
  EXPECT_EQ(m.to.raw, "t");
  EXPECT_EQ(m.cseq_raw, "1 BYE");
  EXPECT_TRUE(m.contact_raw.empty());
  ASSERT_TRUE(sip::ParseEventFields("INVITE sip:a@b SIP/2.0\r\nTo: t\r\nm: <sip:c@d>\r\n\r\n", &m,
                                    DetectionHeaders)
                  .ok());
  EXPECT_EQ(m.contact_raw, "<sip:c@d>");
  EXPECT_TRUE(m.to.raw.empty());
  ASSERT_TRUE(sip::ParseEventFields("CANCEL sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n", &m,
                                    DetectionHeaders)
                  .ok());
  EXPECT_TRUE(m.call_id.empty());
  // Errors are the start line's, as with every header parsed.
  EXPECT_FALSE(sip::ParseEventFields("INVITE sip:a@b SIP/3.0\r\n\r\n", &m, DetectionHeaders).ok());
}

}  // namespace
}  // namespace features
