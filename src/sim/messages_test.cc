#include "sim/messages.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>
#include <set>

#include "sip/parser.h"

namespace sim {
namespace {

Network Net() { return MakeNetwork(1, 50); }

Invite Phone(uint32_t user, uint64_t key) {
  Network net = Net();
  Invite inv;
  inv.user = user;
  inv.src = net.phones[user - 1];
  inv.call_number = 10;
  inv.key = key;
  return inv;
}

Invite MrSip(uint64_t key) {
  Invite inv;
  inv.malicious = true;
  inv.mrsip_style = true;
  inv.src = 0x08080404;  // 8.8.4.4, spoofed
  inv.sport = 43210;
  inv.key = key;
  return inv;
}

std::vector<std::string> Lines(const std::string& text,
                               const std::string& eol) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t e = text.find(eol, start);
    if (e == std::string::npos) break;
    out.push_back(text.substr(start, e - start));
    start = e + eol.size();
    if (out.back().empty()) break;  // end of the header section
  }
  return out;
}

std::string Header(const std::vector<std::string>& lines,
                   const std::string& name) {
  for (const std::string& l : lines)
    if (l.rfind(name + ": ", 0) == 0) return l.substr(name.size() + 2);
  return "<missing " + name + ">";
}

// The paper's Fig. 3 layout, header by header.
TEST(Messages, PhoneInviteFollowsFigure3) {
  Network net = Net();
  std::string text;
  RenderPacket(Phone(5, 42), net, PacketKind::kInvite, &text);
  auto lines = Lines(text, "\r\n");
  EXPECT_EQ(text.find('\n'), text.find("\r\n") + 1);  // CRLF
  EXPECT_EQ(lines[0], "INVITE sip:service@192.168.56.101:5060 SIP/2.0");
  EXPECT_TRUE(std::regex_match(
      Header(lines, "Via"),
      std::regex(
          R"(SIP/2\.0/UDP 192\.168\.56\.106:5060;branch=z9hG4bK-\d+-0)")))
      << Header(lines, "Via");
  EXPECT_TRUE(std::regex_match(
      Header(lines, "From"),
      std::regex(
          R"(User5 <sip:SipPhone5_192\.168\.56\.106@192\.168\.56\.101:5060>;tag=\d+)")))
      << Header(lines, "From");
  EXPECT_EQ(Header(lines, "To"), "service <sip:service@192.168.56.101:5060>");
  EXPECT_TRUE(std::regex_match(Header(lines, "Call-ID"),
                               std::regex(R"(10-\d+@192\.168\.56\.101)")));
  EXPECT_EQ(Header(lines, "CSeq"), "1 INVITE");
  EXPECT_EQ(Header(lines, "Contact"),
            "sip:SipPhone5_192.168.56.106@192.168.56.101:5060");
  EXPECT_EQ(Header(lines, "Max-Forwards"), "70");
  EXPECT_EQ(Header(lines, "Subject"), "Performance Test");
  EXPECT_EQ(Header(lines, "Content-Type"), "application/sdp");
  size_t body = text.find("\r\n\r\n") + 4;
  EXPECT_EQ(Header(lines, "Content-Length"),
            std::to_string(text.size() - body));
  sip::Message m;
  ASSERT_TRUE(sip::Parse(text, &m).ok());
  EXPECT_TRUE(m.is_invite());
  EXPECT_EQ(m.flags, 0u) << sip::FlagsToString(m.flags);
}

TEST(Messages, MrSipInviteFollowsSipDas) {
  Network net = Net();
  std::set<std::string> agents;
  std::set<std::string> call_ids;
  for (uint64_t key = 1; key <= 200; ++key) {
    std::string text;
    RenderPacket(MrSip(key), net, PacketKind::kInvite, &text);
    ASSERT_EQ(text.find('\r'), std::string::npos);  // LF line endings
    auto lines = Lines(text, "\n");
    std::smatch m;
    ASSERT_TRUE(std::regex_match(
        lines[0], m,
        std::regex(
            R"(INVITE sip:(\d{4})@192\.168\.56\.101;transport=UDP SIP/2\.0)")))
        << lines[0];
    std::string to_user = m[1];
    EXPECT_GE(std::stoi(to_user), 1000);
    std::string via = Header(lines, "Via");
    ASSERT_TRUE(std::regex_match(
        via, m,
        std::regex(
            R"(SIP/2\.0/UDP 8\.8\.4\.4:43210;branch=z9hG4bK-(\d{10});rport)")))
        << via;
    std::string digits = m[1];
    std::sort(digits.begin(), digits.end());
    EXPECT_EQ(digits, "0123456789");  // a shuffle of the ten digits
    EXPECT_EQ(Header(lines, "Contact"),
              "<sip:" + to_user + "@8.8.4.4:43210;transport=UDP>");
    EXPECT_EQ(Header(lines, "To"),
              "<sip:" + to_user + "@192.168.56.101;transport=UDP>");
    EXPECT_TRUE(std::regex_match(
        Header(lines, "From"),
        std::regex(
            R"(<sip:\d{4}@192\.168\.56\.101;transport=UDP>;tag=\d{6})")));
    std::string call_id = Header(lines, "Call-ID");
    ASSERT_TRUE(std::regex_match(
        call_id, std::regex(R"([0-9a-z]{32}@192\.168\.56\.101)")))
        << call_id;
    std::set<char> distinct(call_id.begin(), call_id.begin() + 27);
    EXPECT_EQ(distinct.size(), 27u);  // random.sample: no character twice
    call_ids.insert(call_id);
    EXPECT_EQ(Header(lines, "Allow"),
              "INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, "
              "SUBSCRIBE, INFO");
    EXPECT_EQ(Header(lines, "Allow-Events"), "presence, kpml, talk");
    agents.insert(Header(lines, "User-Agent"));
    EXPECT_EQ(Header(lines, "Content-Length"), "585");
    EXPECT_EQ(text.size() - (text.find("\n\n") + 2), 585u);
    sip::Message msg;
    ASSERT_TRUE(sip::Parse(text, &msg).ok());
    EXPECT_TRUE(msg.has(sip::kFlagBareLf));
    EXPECT_EQ(msg.content_length, 585);
  }
  EXPECT_GT(agents.size(), 20u);
  for (const std::string& a : agents)
    EXPECT_NE(std::find(MrSipUserAgents().begin(), MrSipUserAgents().end(), a),
              MrSipUserAgents().end());
  EXPECT_EQ(call_ids.size(), 200u);
}

// Digit runs collapse to one '9': "192.168.56.7" and "10.20.0.11" have the same
// shape.
std::string Shape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (isdigit(static_cast<unsigned char>(s[i]))) {
      if (out.empty() || out.back() != '9') out.push_back('9');
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// The mimic copies the phones' layout: same headers in the same order, same
// value shapes.
TEST(Messages, MimicHasTheShapeOfAPhoneHeaderByHeader) {
  Network net = Net();
  for (uint64_t key = 1; key <= 50; ++key) {
    Invite mimic;
    mimic.malicious = true;
    mimic.src = 0xCB007123;  // 203.0.113.35, spoofed
    mimic.user = 51 + uint32_t(key);
    mimic.call_number = uint32_t(key * 7);
    mimic.key = key * 1000;
    std::string a, b;
    RenderPacket(Phone(uint32_t(1 + key % 50), key), net, PacketKind::kInvite,
                 &a);
    RenderPacket(mimic, net, PacketKind::kInvite, &b);
    auto la = Lines(a, "\r\n"), lb = Lines(b, "\r\n");
    ASSERT_EQ(la.size(), lb.size());
    for (size_t i = 0; i < la.size(); ++i) {
      std::string na = la[i].substr(0, la[i].find(':')),
                  nb = lb[i].substr(0, lb[i].find(':'));
      EXPECT_EQ(na, nb);
      EXPECT_EQ(Shape(la[i]), Shape(lb[i])) << la[i] << " vs " << lb[i];
    }
    EXPECT_EQ(Shape(a.substr(a.find("\r\n\r\n"))),
              Shape(b.substr(b.find("\r\n\r\n"))));
  }
}

// Every packet of a dialog parses and belongs to the INVITE's transaction or
// dialog.
TEST(Messages, DialogPacketsMatchTheirInvite) {
  Network net = Net();
  for (const Invite& inv : {Phone(3, 9), MrSip(9)}) {
    std::string invite_text;
    RenderPacket(inv, net, PacketKind::kInvite, &invite_text);
    sip::Message invite;
    ASSERT_TRUE(sip::Parse(invite_text, &invite).ok());
    struct Want {
      PacketKind kind;
      int status;
      const char* method;
    };
    std::vector<Want> wants = {{PacketKind::kTrying, 100, "INVITE"},
                               {PacketKind::kRinging, 180, "INVITE"},
                               {PacketKind::kOk, 200, "INVITE"}};
    if (!inv.mrsip_style) {
      wants.push_back({PacketKind::kAck, 0, "ACK"});
      wants.push_back({PacketKind::kBye, 0, "BYE"});
      wants.push_back({PacketKind::kByeOk, 200, "BYE"});
    }
    for (const Want& w : wants) {
      std::string text;
      RenderPacket(inv, net, w.kind, &text);
      sip::Message m;
      ASSERT_TRUE(sip::Parse(text, &m).ok()) << text;
      EXPECT_EQ(m.call_id, invite.call_id);
      EXPECT_EQ(m.from.tag, invite.from.tag);
      EXPECT_EQ(m.cseq_method, w.method);
      EXPECT_EQ(m.is_request, w.status == 0);
      if (w.status) {
        EXPECT_EQ(m.status_code, w.status);
        EXPECT_EQ(m.to.tag.empty(), w.status == 100);
      }
      if (w.kind == PacketKind::kAck || w.kind == PacketKind::kBye ||
          w.kind == PacketKind::kByeOk) {
        EXPECT_NE(m.top_via.branch, invite.top_via.branch);  // new transactions
      } else {
        EXPECT_EQ(m.top_via.raw,
                  invite.top_via.raw);  // answers copy the INVITE's Via
      }
    }
  }
}

}  // namespace
}  // namespace sim
