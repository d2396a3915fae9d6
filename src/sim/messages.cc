#include "sim/messages.h"

#include <algorithm>
#include <array>
#include <charconv>

#include "sim/layouts.h"
#include "sim/rng.h"

namespace sim {
namespace {

// Mr.SIP's 585-byte SDP body (its invite.message), LF line endings, kept byte
// for byte.
constexpr std::string_view kMrSipSdp =
    "v=0\n"
    "o=Z 23137520 0 IN IP4 192.168.1.45\n"
    "s=Z\n"
    "c=IN IP4 192.168.1.45\n"
    "t=0 0\n"
    "m=audio 8002 RTP/AVP 106 9 3 111 0 8 97 110 112 98 101 100 99 102\n"
    "a=rtpmap:106 opus/48000/2\n"
    "a=fmtp:106 minptime=20; cbr=1; maxaveragebitrate=40000; useinbandfec=1\n"
    "a=rtpmap:111 speex/16000\n"
    "a=rtpmap:97 iLBC/8000\n"
    "a=fmtp:97 mode=20\n"
    "a=rtpmap:110 speex/8000\n"
    "a=rtpmap:112 speex/32000\n"
    "a=rtpmap:98 telephone-event/48000\n"
    "a=fmtp:98 0-16\n"
    "a=rtpmap:101 telephone-event/8000\n"
    "a=fmtp:101 0-16\n"
    "a=rtpmap:100 telephone-event/16000\n"
    "a=fmtp:100 0-16\n"
    "a=rtpmap:99 telephone-event/32000\n"
    "a=fmtp:99 0-16\n"
    "a=rtpmap:102 G726-32/8000\n"
    "a=sendrecv\n"
    "\n";
static_assert(kMrSipSdp.size() == 585);

// The random values of one dialog, derived from its key (identical for every
// packet of it).
struct Fields {
  uint32_t branch, tag, call_rand, server_tag;
  // Mr.SIP.
  uint32_t to_user, from_user, mr_tag, call_tail;
  size_t user_agent;
  char call_chars[27];
  char branch_digits[10];
};

Fields Derive(const Invite& inv) {
  Rng r(Mix(inv.key, 0x6669656c6473ull));
  Fields f;
  f.branch = uint32_t(r.Range(100000000, 2147483647));
  f.tag = uint32_t(r.Range(100000000, 2147483647));
  f.call_rand = uint32_t(r.Range(100000000, 2147483647));
  f.server_tag = uint32_t(r.Range(1, 999999));
  f.to_user = uint32_t(r.Range(1000, 9999));
  f.from_user = uint32_t(r.Range(1000, 9999));
  f.mr_tag = uint32_t(r.Range(100000, 999999));
  f.call_tail =
      uint32_t(r.Range(10000, 99998));  // Python's randrange(10000, 99999)
  f.user_agent = size_t(r.Below(MrSipUserAgents().size()));
  // random.sample(digits + lowercase, 27): 27 distinct characters.
  std::array<char, 36> pool;
  for (int i = 0; i < 10; ++i) pool[size_t(i)] = char('0' + i);
  for (int i = 0; i < 26; ++i) pool[size_t(10 + i)] = char('a' + i);
  for (size_t i = 0; i < 27; ++i) {
    size_t j = i + size_t(r.Below(36 - i));
    std::swap(pool[i], pool[j]);
    f.call_chars[i] = pool[i];
  }
  // random.sample(digits, 10): a shuffle of the ten digits.
  for (int i = 0; i < 10; ++i) f.branch_digits[i] = char('0' + i);
  for (size_t i = 9; i > 0; --i)
    std::swap(f.branch_digits[i], f.branch_digits[r.Below(i + 1)]);
  return f;
}

class Text {
 public:
  explicit Text(std::string* out) : out_(out) { out_->clear(); }
  Text& operator<<(std::string_view s) {
    out_->append(s);
    return *this;
  }
  Text& operator<<(char c) {
    out_->push_back(c);
    return *this;
  }
  Text& operator<<(uint64_t v) {
    char buf[24];
    auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
    out_->append(buf, p);
    return *this;
  }
  Text& Ip(uint32_t a) {
    return *this << uint64_t(a >> 24) << '.' << uint64_t((a >> 16) & 255) << '.'
                 << uint64_t((a >> 8) & 255) << '.' << uint64_t(a & 255);
  }
  std::string& str() { return *out_; }

 private:
  std::string* out_;
};

using K = PacketKind;

// SIPp's UAC/UAS SDP (its built-in scenarios), CRLF.
void SippSdp(Text& t, uint32_t ip) {
  t << "v=0\r\no=user1 53655765 2353687637 IN IP4 ";
  t.Ip(ip) << "\r\ns=-\r\nc=IN IP4 ";
  t.Ip(ip) << "\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
}

size_t SippSdpSize(uint32_t ip) {
  std::string tmp;
  Text t(&tmp);
  SippSdp(t, ip);
  return tmp.size();
}

// Phones and the mimic: the modified SIPp of the paper's Fig. 3.
void RenderSipp(const Invite& inv, const Network& net, PacketKind kind,
                std::string* out) {
  Fields f = Derive(inv);
  Text t(out);
  const char* nl = "\r\n";
  auto from = [&] {
    t << "From: User" << uint64_t(inv.user) << " <sip:SipPhone"
      << uint64_t(inv.user) << '_';
    t.Ip(inv.src) << '@';
    t.Ip(net.server) << ':' << uint64_t(net.server_port)
                     << ">;tag=" << uint64_t(f.tag) << nl;
  };
  auto to = [&](bool tagged) {
    t << "To: service <sip:service@";
    t.Ip(net.server) << ':' << uint64_t(net.server_port) << '>';
    if (tagged)
      t << ";tag=" << uint64_t(f.server_tag) << "SIPpTag01"
        << uint64_t(inv.call_number);
    t << nl;
  };
  auto call_id = [&] {
    t << "Call-ID: " << uint64_t(inv.call_number) << '-'
      << uint64_t(f.call_rand) << '@';
    t.Ip(net.server) << nl;
  };
  auto via = [&](int index) {
    t << "Via: SIP/2.0/UDP ";
    t.Ip(inv.src) << ':' << uint64_t(inv.sport) << ";branch=z9hG4bK-"
                  << uint64_t(f.branch) << '-' << uint64_t(index) << nl;
  };
  auto contact = [&] {
    t << "Contact: sip:SipPhone" << uint64_t(inv.user) << '_';
    t.Ip(inv.src) << '@';
    t.Ip(net.server) << ':' << uint64_t(net.server_port) << nl;
  };
  auto request = [&](std::string_view method, int cseq, int branch_index) {
    t << method << " sip:service@";
    t.Ip(net.server) << ':' << uint64_t(net.server_port) << " SIP/2.0" << nl;
    via(branch_index);
    from();
    to(method != "INVITE");
    call_id();
    t << "CSeq: " << uint64_t(cseq) << ' ' << method << nl;
    contact();
    t << "Max-Forwards: 70" << nl << "Subject: Performance Test" << nl;
  };
  auto server_contact = [&] {
    t << "Contact: <sip:";
    t.Ip(net.server) << ':' << uint64_t(net.server_port) << ";transport=UDP>"
                     << nl;
  };
  auto response = [&](std::string_view status, bool tagged, int cseq,
                      std::string_view method) {
    t << "SIP/2.0 " << status << nl;
    via(method == "BYE" ? 6 : 0);
    from();
    to(tagged);
    call_id();
    t << "CSeq: " << uint64_t(cseq) << ' ' << method << nl;
  };
  switch (kind) {
    case K::kInvite:
      request("INVITE", 1, 0);
      t << "Content-Type: application/sdp" << nl
        << "Content-Length: " << uint64_t(SippSdpSize(inv.src)) << nl << nl;
      SippSdp(t, inv.src);
      break;
    case K::kAck:
      request("ACK", 1, 4);
      t << "Content-Length: 0" << nl << nl;
      break;
    case K::kBye:
      request("BYE", 2, 6);
      t << "Content-Length: 0" << nl << nl;
      break;
    case K::kTrying:
      response("100 Trying", false, 1, "INVITE");
      t << "Content-Length: 0" << nl << nl;
      break;
    case K::kRinging:
      response("180 Ringing", true, 1, "INVITE");
      server_contact();
      t << "Content-Length: 0" << nl << nl;
      break;
    case K::kOk:
      response("200 OK", true, 1, "INVITE");
      server_contact();
      t << "Content-Type: application/sdp" << nl
        << "Content-Length: " << uint64_t(SippSdpSize(net.server)) << nl << nl;
      SippSdp(t, net.server);
      break;
    case K::kByeOk:
      response("200 OK", true, 2, "BYE");
      server_contact();
      t << "Content-Length: 0" << nl << nl;
      break;
  }
}

// Mr.SIP SIP-DAS (its invite.message template), and SIPp UAS answers to it.
void RenderMrSip(const Invite& inv, const Network& net, PacketKind kind,
                 std::string* out) {
  Fields f = Derive(inv);
  Text t(out);
  auto via = [&](const char* nl) {
    t << "Via: SIP/2.0/UDP ";
    t.Ip(inv.src) << ':' << uint64_t(inv.sport) << ";branch=z9hG4bK-"
                  << std::string_view(f.branch_digits, 10) << ";rport" << nl;
  };
  auto from = [&](const char* nl) {
    t << "From: <sip:" << uint64_t(f.from_user) << '@';
    t.Ip(net.server) << ";transport=UDP>;tag=" << uint64_t(f.mr_tag) << nl;
  };
  auto to = [&](const char* nl, bool tagged) {
    t << "To: <sip:" << uint64_t(f.to_user) << '@';
    t.Ip(net.server) << ";transport=UDP>";
    if (tagged)
      t << ";tag=" << uint64_t(f.server_tag) << "SIPpTag01"
        << uint64_t(f.to_user);
    t << nl;
  };
  auto call_id = [&](const char* nl) {
    t << "Call-ID: " << std::string_view(f.call_chars, 27)
      << uint64_t(f.call_tail) << '@';
    t.Ip(net.server) << nl;
  };
  if (kind == K::kInvite) {
    const char* nl = "\n";
    t << "INVITE sip:" << uint64_t(f.to_user) << '@';
    t.Ip(net.server) << ";transport=UDP SIP/2.0" << nl;
    via(nl);
    t << "Max-Forwards: 70" << nl;
    t << "Contact: <sip:" << uint64_t(f.to_user) << '@';
    t.Ip(inv.src) << ':' << uint64_t(inv.sport) << ";transport=UDP>" << nl;
    to(nl, false);
    from(nl);
    call_id(nl);
    t << "CSeq: 1 INVITE" << nl
      << "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, "
         "SUBSCRIBE, INFO"
      << nl << "User-Agent: " << MrSipUserAgents()[f.user_agent] << nl
      << "Allow-Events: presence, kpml, talk" << nl
      << "Content-Type: application/sdp" << nl
      << "Content-Length: " << uint64_t(kMrSipSdp.size()) << nl << nl
      << kMrSipSdp;
    return;
  }
  // The server's answers (SIPp UAS), CRLF; Mr.SIP itself never sends ACK or
  // BYE.
  const char* nl = "\r\n";
  std::string_view status = kind == K::kTrying    ? "100 Trying"
                            : kind == K::kRinging ? "180 Ringing"
                                                  : "200 OK";
  t << "SIP/2.0 " << status << nl;
  via(nl);
  from(nl);
  to(nl, kind != K::kTrying);
  call_id(nl);
  t << "CSeq: 1 INVITE" << nl;
  if (kind == K::kTrying) {
    t << "Content-Length: 0" << nl << nl;
    return;
  }
  t << "Contact: <sip:";
  t.Ip(net.server) << ':' << uint64_t(net.server_port) << ";transport=UDP>"
                   << nl;
  if (kind == K::kRinging) {
    t << "Content-Length: 0" << nl << nl;
    return;
  }
  t << "Content-Type: application/sdp" << nl
    << "Content-Length: " << uint64_t(SippSdpSize(net.server)) << nl << nl;
  SippSdp(t, net.server);
}

}  // namespace

const std::vector<std::string_view>& MrSipUserAgents() {
  static const std::vector<std::string_view> kAgents = {
      "Nortel PCC 6.0.155",
      "Ahead SIPPS IP Phone Version 2.0.50.8",
      "Asterisk PBX",
      "Brcm Callctrl/1.5.1.0 MxSF/v3.2.6.26",
      "Centile-supra: Centile",
      "CSCO/4",
      "CSCO/7",
      "Grandstream 1.0.4.39",
      "Grandstream BT100 1.0.4.49",
      "Grandstream BT100 1.0.5.11",
      "Grandstream HT286 1.0.5.3",
      "Grandstream HT486 1.0.5.10",
      "Grandstream SIP UA 1.0.4.23",
      "Intraswitch/X.X.X",
      "KPhone/3.13",
      "kphone/4.0.4",
      "kphone/4.2",
      "KPhoneSI/1.0",
      "OmniSession/1.0.0.3",
      "optiPoint 600 office MxSF/v3.5.3.4",
      "MxSipApp/4.4.11.69 MxSF/v3.2.7.30",
      "snom200-2.04l",
      "snomSoft/3.60j",
      "VideoTel User Agent/1.1",
      "X-Lite Free World Dialup build 1101",
      "X-Lite build 1061",
      "X-Lite release 1103a",
      "X-PRO build 1082",
      "X-PRO release 1103v",
      "Zultys ZIP 2 3.50",
      "ZyXEL P2000W VoIP Wi-Fi Phone",
      "eyeBeam release 3002s stamp 15131",
      "myJabberAE release 1103n",
      "oSIP/Linphone-0.12.1",
      "Cisco-SIPGateway/IOS-12.x",
      "Cisco-CUCM6.1"};
  return kAgents;
}

void RenderPacket(const Invite& inv, const Network& net, PacketKind kind,
                  std::string* out) {
  if (inv.mrsip_style)
    RenderMrSip(inv, net, kind, out);
  else if (inv.kind == CallerKind::kSippPaper)
    RenderSipp(inv, net, kind, out);
  else
    RenderLayout(inv, net, kind, out);
}

}  // namespace sim
