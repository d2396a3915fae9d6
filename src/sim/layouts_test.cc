#include "sim/layouts.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "dataset/from_message.h"
#include "sim/caller_kind.h"
#include "sip/parser.h"

namespace sim {
namespace {

Network Net() { return MakeNetwork(1, 50); }

// A legitimate call of kind k: phone 7, or trunk slot 1.
Invite Call(CallerKind k, uint64_t key) {
  Network net = Net();
  Invite inv;
  inv.kind = k;
  inv.key = key;
  inv.call_number = uint32_t(key % 1000 + 1);
  inv.time = 1685952000LL * 1000000 + int64_t(key) * 1000;
  if (IsTrunk(k)) {
    inv.src = net.trunks[1];
    inv.sport = SourcePortOf(k, 1);
  } else {
    inv.user = 7;
    inv.src = net.phones[6];
    inv.sport = SourcePortOf(k, 6);
  }
  return inv;
}

// The same kind copied by a mimic from a spoofed address.
Invite Mimic(CallerKind k, uint64_t key) {
  Invite inv = Call(k, key);
  inv.malicious = true;
  inv.src = 0xCB007123;  // 203.0.113.35
  inv.user = 51 + uint32_t(key % 900);
  inv.sport = SourcePortOf(k, 1000 + key % 3);
  return inv;
}

std::string Render(const Invite& inv, PacketKind kind) {
  std::string out;
  RenderPacket(inv, Net(), kind, &out);
  return out;
}

// Deliberate anomalies: LF-only line ends of the embedded gateway.
uint32_t AllowedFlags(CallerKind k) {
  return k == CallerKind::kLfGateway ? sip::kFlagBareLf : 0;
}

// Header names of the INVITE in order (compact names as written).
std::vector<std::string> HeaderNames(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = text.find('\n') + 1;
  while (pos < text.size()) {
    size_t e = text.find('\n', pos);
    std::string line = text.substr(pos, e - pos);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    out.push_back(line.substr(0, line.find(':')));
    pos = e + 1;
  }
  return out;
}

// Runs of token characters (letters, digits, - _ ~) become one 'x': what is
// left is the value's structure (delimiters, fixed words are lost too, but
// the header names are compared separately).
std::string Shape(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool token = std::isalnum(static_cast<unsigned char>(c)) || c == '-' ||
                 c == '_' || c == '~';
    if (!token)
      out += c;
    else if (out.empty() || out.back() != 'x')
      out += 'x';
  }
  return out;
}

std::string_view Trimmed(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

TEST(Layouts, EveryKindNamesItself) {
  std::set<std::string_view> names;
  for (CallerKind k : kAllCallerKinds) {
    EXPECT_TRUE(names.insert(Name(k)).second) << Name(k);
    EXPECT_EQ(ParseCallerKind(Name(k)), k);
  }
  EXPECT_FALSE(ParseCallerKind("nokia").has_value());
  EXPECT_TRUE(IsTrunk(CallerKind::kSippUac));
  EXPECT_FALSE(IsTrunk(CallerKind::kYealink));
}

// Every packet of every kind's dialog parses, carries no anomaly flag other
// than the deliberate ones, and belongs to the INVITE's transaction or dialog.
TEST(Layouts, EveryKindsDialogParsesCleanly) {
  for (CallerKind k : kAllCallerKinds) {
    for (uint64_t key : {1, 2, 3, 77, 12345}) {
      Invite inv = Call(k, key);
      std::string text = Render(inv, PacketKind::kInvite);
      sip::Message invite;
      ASSERT_TRUE(sip::Parse(text, &invite).ok()) << Name(k) << "\n" << text;
      EXPECT_EQ(invite.flags, AllowedFlags(k))
          << Name(k) << ": " << sip::FlagsToString(invite.flags) << "\n"
          << text;
      EXPECT_EQ(invite.method, "INVITE");
      EXPECT_EQ(invite.cseq_method, "INVITE");
      EXPECT_FALSE(invite.call_id.empty());
      EXPECT_FALSE(invite.from.tag.empty()) << Name(k);
      EXPECT_TRUE(invite.to.tag.empty());
      EXPECT_FALSE(invite.contact_raw.empty()) << Name(k);
      EXPECT_GE(invite.max_forwards, 69);
      EXPECT_EQ(invite.content_type, "application/sdp");
      EXPECT_EQ(invite.content_length, int64_t(invite.body.size()));
      EXPECT_NE(invite.body.find("m=audio"), std::string_view::npos);
      EXPECT_TRUE(invite.trailing.empty());
      // The top Via is the packet's source (the proxy for Kamailio).
      char ip[16];
      std::snprintf(ip, sizeof ip, "%u.%u.%u.%u", inv.src >> 24,
                    (inv.src >> 16) & 255, (inv.src >> 8) & 255, inv.src & 255);
      EXPECT_EQ(invite.top_via.host, ip) << Name(k);
      EXPECT_EQ(invite.user_agent, Trimmed(UserAgentOf(k))) << Name(k);

      struct Want {
        PacketKind kind;
        int status;
        const char* method;
      };
      for (const Want& w :
           {Want{PacketKind::kTrying, 100, "INVITE"},
            Want{PacketKind::kRinging, 180, "INVITE"},
            Want{PacketKind::kOk, 200, "INVITE"},
            Want{PacketKind::kAck, 0, "ACK"}, Want{PacketKind::kBye, 0, "BYE"},
            Want{PacketKind::kByeOk, 200, "BYE"}}) {
        std::string t = Render(inv, w.kind);
        sip::Message m;
        ASSERT_TRUE(sip::Parse(t, &m).ok()) << Name(k) << "\n" << t;
        bool from_client = !FromServer(w.kind);
        EXPECT_EQ(m.flags, from_client ? AllowedFlags(k) : 0u)
            << Name(k) << ": " << sip::FlagsToString(m.flags) << "\n"
            << t;
        EXPECT_EQ(m.call_id, invite.call_id);
        EXPECT_EQ(m.from.tag, invite.from.tag);
        EXPECT_EQ(m.cseq_method, w.method);
        EXPECT_EQ(m.via_count, invite.via_count);
        EXPECT_EQ(m.is_request, w.status == 0);
        if (w.status) {
          EXPECT_EQ(m.status_code, w.status);
          EXPECT_EQ(m.to.tag.empty(), w.status == 100);
        } else {
          EXPECT_FALSE(m.to.tag.empty());
        }
        if (std::string(w.method) == "INVITE")
          EXPECT_EQ(m.top_via.raw, invite.top_via.raw);
        else
          EXPECT_NE(m.top_via.branch, invite.top_via.branch);
        if (std::string(w.method) == "BYE")
          EXPECT_EQ(m.cseq_number, invite.cseq_number + 1);
        else
          EXPECT_EQ(m.cseq_number, invite.cseq_number);
      }
    }
  }
}

// A call's random values come from its key: same key, same bytes; another
// key, another Call-ID, tag and branch.
TEST(Layouts, ValuesFollowTheKey) {
  for (CallerKind k : kAllCallerKinds) {
    Invite a = Call(k, 10), b = Call(k, 11);
    b.call_number = a.call_number + 1;
    EXPECT_EQ(Render(a, PacketKind::kInvite), Render(a, PacketKind::kInvite));
    sip::Message ma, mb;
    std::string ta = Render(a, PacketKind::kInvite),
                tb = Render(b, PacketKind::kInvite);
    ASSERT_TRUE(sip::Parse(ta, &ma).ok());
    ASSERT_TRUE(sip::Parse(tb, &mb).ok());
    EXPECT_NE(ma.call_id, mb.call_id) << Name(k);
    EXPECT_NE(ma.from.tag, mb.from.tag) << Name(k);
    EXPECT_NE(ma.top_via.branch, mb.top_via.branch) << Name(k);
  }
}

// The mimic copying kind k writes the same headers in the same order, with
// values of the same shapes, as a legitimate caller of kind k.
TEST(Layouts, MimicCopiesEachKindHeaderByHeader) {
  Network net = Net();
  for (CallerKind k : kAllCallerKinds) {
    for (uint64_t key = 1; key <= 20; ++key) {
      std::string a = Render(Call(k, key), PacketKind::kInvite),
                  b = Render(Mimic(k, key * 1000 + 3), PacketKind::kInvite);
      auto na = HeaderNames(a), nb = HeaderNames(b);
      // Kamailio forwards calls from phones of which some use compact names.
      if (k != CallerKind::kKamailio) {
        EXPECT_EQ(na, nb) << Name(k);
      }
      sip::Message ma, mb;
      ASSERT_TRUE(sip::Parse(a, &ma).ok());
      ASSERT_TRUE(sip::Parse(b, &mb).ok());
      EXPECT_EQ(ma.flags, mb.flags) << Name(k);
      EXPECT_EQ(ma.via_count, mb.via_count) << Name(k);
      EXPECT_EQ(Shape(std::string(ma.call_id)), Shape(std::string(mb.call_id)))
          << Name(k) << ": " << ma.call_id << " vs " << mb.call_id;
      EXPECT_EQ(Shape(std::string(ma.from.raw)),
                Shape(std::string(mb.from.raw)))
          << Name(k);
      EXPECT_EQ(Shape(std::string(ma.contact_raw)),
                Shape(std::string(mb.contact_raw)))
          << Name(k);
      EXPECT_EQ(Shape(std::string(ma.top_via.raw)),
                Shape(std::string(mb.top_via.raw)))
          << Name(k);
      EXPECT_EQ(ma.user_agent, mb.user_agent);
      EXPECT_EQ(Shape(std::string(ma.body)), Shape(std::string(mb.body)))
          << Name(k);
    }
  }
}

// Formatting habits on the legitimate side too: LF-only lines with compact
// names, compact names behind a proxy, padded Content-Length, odd spacing.
TEST(Layouts, RfcBendingHabitsOfRealImplementations) {
  std::string lf = Render(Call(CallerKind::kLfGateway, 5), PacketKind::kInvite);
  EXPECT_EQ(lf.find('\r'), std::string::npos);
  EXPECT_NE(lf.find("\nv: SIP/2.0/UDP "), std::string::npos);
  EXPECT_NE(lf.find("\ni: "), std::string::npos);
  EXPECT_NE(lf.find("\nl: "), std::string::npos);
  EXPECT_NE(lf.find("\"<sip:"), std::string::npos);  // no space before '<'

  int compact = 0, full = 0;
  for (uint64_t key = 1; key <= 40; ++key) {
    std::string t =
        Render(Call(CallerKind::kKamailio, key), PacketKind::kInvite);
    EXPECT_EQ(t.find("Record-Route: <sip:192.168.56.252;lr>\r\n"),
              t.find('\n') + 1);
    (t.find("\r\nf: <sip:") != std::string::npos ? compact : full)++;
  }
  EXPECT_GT(compact, 5);
  EXPECT_GT(full, 5);

  std::string pj = Render(Call(CallerKind::kMicroSip, 5), PacketKind::kInvite);
  EXPECT_TRUE(
      std::regex_search(pj, std::regex("\r\nContent-Length:  +[0-9]{3}\r\n")));
  std::string nero =
      Render(Call(CallerKind::kNeroSipps, 5), PacketKind::kInvite);
  EXPECT_NE(nero.find("\r\nContact:  <sip:voi"), std::string::npos);
  std::string nec = Render(Call(CallerKind::kNecDect, 5), PacketKind::kInvite);
  EXPECT_NE(nec.find("Unified Solutions  \r\n"), std::string::npos);
}

// SIPp's built-in uac scenario (`sipp -sd uac`) as a one-address load test.
TEST(Layouts, SippUacFollowsTheDefaultScenario) {
  Invite inv = Call(CallerKind::kSippUac, 3);
  inv.call_number = 42;
  std::string t = Render(inv, PacketKind::kInvite);
  std::smatch m;
  ASSERT_TRUE(std::regex_search(
      t, m,
      std::regex("^INVITE sip:service@192\\.168\\.56\\.101:5060 SIP/2\\.0\r\n"
                 "Via: SIP/2\\.0/UDP 192\\.168\\.56\\.252:5060;branch=z9hG4bK-"
                 "([0-9]+)-42-0\r\n"
                 "From: sipp <sip:sipp@192\\.168\\.56\\.252:5060>;tag=([0-9]+)"
                 "SIPpTag0042\r\n"
                 "To: service <sip:service@192\\.168\\.56\\.101:5060>\r\n"
                 "Call-ID: 42-([0-9]+)@192\\.168\\.56\\.252\r\n"
                 "CSeq: 1 INVITE\r\n"
                 "Contact: sip:sipp@192\\.168\\.56\\.252:5060\r\n"
                 "Max-Forwards: 70\r\n"
                 "Subject: Performance Test\r\n"
                 "Content-Type: application/sdp\r\n"
                 "Content-Length:   [0-9]+\r\n\r\n"
                 "v=0\r\no=user1 53655765 2353687637 IN IP4 "
                 "192\\.168\\.56\\.252\r\n")))
      << t;
  EXPECT_EQ(m[1], m[2]);  // [pid] in branch, tag and Call-ID
  EXPECT_EQ(m[1], m[3]);
}

// A trunk's calls come from one address with a new caller and callee each.
TEST(Layouts, TrunkCallsVaryTheirParties) {
  for (CallerKind k : {CallerKind::kAsterisk, CallerKind::kFreeSwitch,
                       CallerKind::kKamailio}) {
    std::set<std::string> froms, tos;
    for (uint64_t key = 1; key <= 30; ++key) {
      std::string t = Render(Call(k, key), PacketKind::kInvite);
      sip::Message m;
      ASSERT_TRUE(sip::Parse(t, &m).ok());
      froms.insert(std::string(m.from.uri.user));
      tos.insert(std::string(m.to.uri.user));
    }
    EXPECT_GT(froms.size(), 20u) << Name(k);
    EXPECT_GT(tos.size(), 25u) << Name(k);
  }
}

// The dataset row of each kind has every Table 2 column the CSV needs.
TEST(Layouts, EveryKindMapsToACompleteRow) {
  for (CallerKind k : kAllCallerKinds) {
    Invite inv = Call(k, 9);
    std::string t = Render(inv, PacketKind::kInvite);
    sip::Message m;
    ASSERT_TRUE(sip::Parse(t, &m).ok());
    dataset::MessageRecord rec;
    dataset::RecordFromMessage(m, inv.time, ToIp(inv.src), &rec);
    EXPECT_EQ(rec.msg.rfind("INVITE sip:", 0), 0u) << Name(k);
    EXPECT_FALSE(rec.via.empty());
    EXPECT_FALSE(rec.from.empty());
    EXPECT_FALSE(rec.to.empty());
    EXPECT_FALSE(rec.call_id.empty());
    EXPECT_FALSE(rec.contact.empty());
    EXPECT_GT(rec.content_length, 100);
  }
}

}  // namespace
}  // namespace sim
