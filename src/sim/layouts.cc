#include "sim/layouts.h"

#include <array>
#include <charconv>
#include <ctime>
#include <string_view>

#include "sim/rng.h"

namespace sim {
namespace {

using K = PacketKind;
using sv = std::string_view;

struct Extra {
  sv name, value;
};

// What is fixed for a kind. `order` lists the INVITE's headers:
//   R Record-Route, V Via (and the second Via when there is one), F From,
//   T To, I Call-ID, C CSeq, M Contact, X Max-Forwards, S Subject,
//   Y Content-Type, L Content-Length, U User-Agent, D Date, P the identity
//   header (pid_name), 0-7 extras[i].
struct Style {
  sv nl = "\r\n";
  bool compact = false;        // compact header names on every message
  bool compact_maybe = false;  // compact names on about half of the calls
  bool pad_length = false;     // Content-Length right-aligned in 5 columns
  sv order;
  std::array<Extra, 8> extras{};
  sv user_agent;
  sv pid_name, pid_suffix;
  int max_forwards = 70;
};

const Style& StyleOf(CallerKind k) {
  static const std::array<Style, kCallerKindCount> kStyles = [] {
    std::array<Style, kCallerKindCount> s;
    auto& lin = s[size_t(CallerKind::kLinphone)];
    lin.order = "VFTCIX01YLMU";
    lin.extras = {{{"Supported", "replaces, outbound, gruu"},
                   {"Allow",
                    "INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, "
                    "MESSAGE, SUBSCRIBE, INFO, PRACK, UPDATE"}}};
    lin.user_agent =
        "Linphone Desktop/4.4.10 (Ubuntu 22.04.2 LTS) LinphoneCore/5.1.64";

    auto& zo = s[size_t(CallerKind::kZoiper)];
    zo.order = "VXMTFIC0YU1L";
    zo.extras = {{{"Allow",
                   "INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, MESSAGE, OPTIONS, "
                   "INFO, SUBSCRIBE"},
                  {"Allow-Events", "presence, kpml, talk, as-feature-event"}}};
    zo.user_agent = "Z 5.6.1 v2.10.18.3";

    auto& mi = s[size_t(CallerKind::kMicroSip)];
    mi.order = "VXFTMIC0123UYL";
    mi.pad_length = true;
    mi.extras = {{{"Allow",
                   "PRACK, INVITE, ACK, BYE, CANCEL, UPDATE, INFO, SUBSCRIBE, "
                   "NOTIFY, REFER, MESSAGE, OPTIONS"},
                  {"Supported", "replaces, 100rel, timer, norefersub"},
                  {"Session-Expires", "1800"},
                  {"Min-SE", "90"}}};
    mi.user_agent = "MicroSIP/3.21.3";

    auto& ye = s[size_t(CallerKind::kYealink)];
    ye.order = "VFTICMY0XU12L";
    ye.extras = {{{"Allow",
                   "INVITE, INFO, PRACK, ACK, BYE, CANCEL, OPTIONS, NOTIFY, "
                   "REGISTER, SUBSCRIBE, REFER, PUBLISH, UPDATE, MESSAGE"},
                  {"Supported", "replaces"},
                  {"Allow-Events", "talk,hold,conference,refer,check-sync"}}};
    ye.user_agent = "Yealink SIP-T46S 66.86.0.15";

    auto& po = s[size_t(CallerKind::kPolycom)];
    po.order = "VFTCIMU0123XYL";
    po.extras = {{{"Accept-Language", "en"},
                  {"Supported", "100rel,replaces"},
                  {"Allow",
                   "INVITE, ACK, BYE, CANCEL, OPTIONS, INFO, MESSAGE, "
                   "SUBSCRIBE, NOTIFY, PRACK, UPDATE, REFER"},
                  {"Allow-Events", "conference,talk,hold"}}};
    po.user_agent = "PolycomVVX-VVX_411-UA/6.3.1.8427";

    auto& ci = s[size_t(CallerKind::kCisco)];
    ci.order = "VFTIXDCUM01234LY5";
    ci.extras = {{{"Expires", "180"},
                  {"Accept", "application/sdp"},
                  {"Allow",
                   "ACK,BYE,CANCEL,INVITE,NOTIFY,OPTIONS,REFER,REGISTER,"
                   "UPDATE,SUBSCRIBE,INFO"},
                  {"Supported",
                   "replaces,join,sdp-anat,norefersub,resource-priority,"
                   "extended-refer,X-cisco-callinfo,X-cisco-serviceuri,"
                   "X-cisco-escapecodes,X-cisco-service-control"},
                  {"Allow-Events", "kpml,dialog"},
                  {"Content-Disposition", "session;handling=optional"}}};
    ci.user_agent = "Cisco-CP8841/14.2.1";

    auto& ne = s[size_t(CallerKind::kNecDect)];
    ne.order = "VFTICMX0U12YL";
    ne.extras = {{{"Supported", "replaces"},
                  {"Allow", "INVITE, ACK, CANCEL, BYE, REFER, OPTIONS, INFO"},
                  {"Accept", "application/sdp"}}};
    // Two trailing spaces, as the gateway in SIP_DTMF2.pcap writes them.
    ne.user_agent = "SIP IP-DECT gateway, NEC Philips Unified Solutions  ";

    auto& nr = s[size_t(CallerKind::kNeroSipps)];
    nr.order = "VFTIMCXUYL";
    nr.user_agent = "Nero SIPPS IP Phone Version 2.0.51.16";

    auto& nb = s[size_t(CallerKind::kNeufbox)];
    nb.order = "VFTPIC0XMUYL";
    nb.extras = {{{"Allow",
                   "INVITE, ACK, BYE, CANCEL, REFER, NOTIFY, SUBSCRIBE, "
                   "REGISTER"}}};
    nb.pid_name = "P-Preferred-Identity";
    nb.user_agent = "neufbox6 - r13507";

    auto& lf = s[size_t(CallerKind::kLfGateway)];
    lf.nl = "\n";
    lf.compact = true;
    lf.order = "VFTICMXUYL";
    lf.user_agent = "VoIP-ATA/2.1.0";

    auto& su = s[size_t(CallerKind::kSippUac)];
    su.order = "VFTICMXSYL";
    su.pad_length = true;

    auto& as = s[size_t(CallerKind::kAsterisk)];
    as.order = "VFTMIC0123PXUYL";
    as.pad_length = true;
    as.extras = {
        {{"Allow",
          "OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, "
          "ACK, BYE, CANCEL, UPDATE, PRACK, MESSAGE, REFER"},
         {"Supported", "100rel, timer, replaces, norefersub, histinfo"},
         {"Session-Expires", "1800"},
         {"Min-SE", "90"}}};
    as.pid_name = "P-Asserted-Identity";
    as.user_agent = "Asterisk PBX 18.20.0";

    auto& fs = s[size_t(CallerKind::kFreeSwitch)];
    fs.order = "VXFTICMU012Y3L4P";
    fs.max_forwards = 69;
    fs.extras = {{{"Allow",
                   "INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, UPDATE, "
                   "REGISTER, REFER, NOTIFY"},
                  {"Supported", "timer, path, replaces"},
                  {"Allow-Events", "talk, hold, conference, refer"},
                  {"Content-Disposition", "session"},
                  {"X-FS-Support", "update_display,send_info"}}};
    fs.pid_name = "Remote-Party-ID";
    fs.pid_suffix = ";party=calling;screen=yes;privacy=off";
    fs.user_agent = "FreeSWITCH-mod_sofia/1.10.10-release~64bit";

    auto& ka = s[size_t(CallerKind::kKamailio)];
    ka.order = "RVXFTICMYL";
    ka.compact_maybe = true;
    ka.max_forwards = 69;
    return s;
  }();
  return kStyles[size_t(k)];
}

// One dialog's variable text, rebuilt per packet into reused buffers.
struct Dialog {
  std::string ruri, from, to, call_id, contact, pid, rr, date, sdp;
  std::string via[3], via2[3];  // INVITE, ACK, BYE transactions
  uint32_t cseq = 1;
  bool compact = false;
  void Clear() {
    for (std::string* s :
         {&ruri, &from, &to, &call_id, &contact, &pid, &rr, &date, &sdp,
          &via[0], &via[1], &via[2], &via2[0], &via2[1], &via2[2]})
      s->clear();
  }
};

// Appending helpers.
void Num(std::string& s, uint64_t v) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  s.append(buf, p);
}
void Ip(std::string& s, uint32_t a) {
  Num(s, a >> 24);
  s += '.';
  Num(s, (a >> 16) & 255);
  s += '.';
  Num(s, (a >> 8) & 255);
  s += '.';
  Num(s, a & 255);
}
void Token(std::string& s, Rng& r, sv alphabet, int n) {
  for (int i = 0; i < n; ++i) s += alphabet[r.Below(alphabet.size())];
}
constexpr sv kDigits = "0123456789";
constexpr sv kHex = "0123456789abcdef";
constexpr sv kUpperHex = "0123456789ABCDEF";
constexpr sv kAlnum =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
void Digits(std::string& s, Rng& r, int n) {
  s += char('1' + r.Below(9));  // no leading zero
  Token(s, r, kDigits, n - 1);
}
void Uuid(std::string& s, Rng& r) {
  for (int n : {8, 4, 4, 4, 12}) {
    if (n != 8) s += '-';
    Token(s, r, kHex, n);
  }
}

// An SDP template: {ip} the media address, {sess} a session id, {port} an
// RTP port; lines end in the layout's line end.
void Sdp(std::string& s, sv tmpl, sv nl, uint32_t ip, uint64_t sess,
         uint64_t port) {
  size_t i = 0;
  while (i < tmpl.size()) {
    size_t e = tmpl.find('\n', i);
    sv line = tmpl.substr(i, e - i);
    i = e + 1;
    size_t b;
    while ((b = line.find('{')) != sv::npos) {
      s.append(line.substr(0, b));
      size_t c = line.find('}', b);
      sv key = line.substr(b + 1, c - b - 1);
      if (key == "ip") Ip(s, ip);
      if (key == "sess") Num(s, sess);
      if (key == "port") Num(s, port);
      line.remove_prefix(c + 1);
    }
    s.append(line);
    s.append(nl);
  }
}

constexpr sv kSippSdp =
    "v=0\no=user1 53655765 2353687637 IN IP4 {ip}\ns=-\nc=IN IP4 {ip}\n"
    "t=0 0\nm=audio 6000 RTP/AVP 0\na=rtpmap:0 PCMU/8000\n";
constexpr sv kLinphoneSdp =
    "v=0\no=- {sess} {sess} IN IP4 {ip}\ns=Talk\nc=IN IP4 {ip}\nt=0 0\n"
    "a=rtcp-xr:rcvr-rtt=all:10000 stat-summary=loss,dup,jitt,TTL "
    "voip-metrics\nm=audio {port} RTP/AVP 96 0 8 101\n"
    "a=rtpmap:96 opus/48000/2\na=fmtp:96 useinbandfec=1\n"
    "a=rtpmap:101 telephone-event/8000\na=rtcp-fb:* trr-int 1000\n"
    "a=rtcp-fb:* ccm tmmbr\n";
constexpr sv kZoiperSdp =
    "v=0\no=Z {sess} 0 IN IP4 {ip}\ns=Z\nc=IN IP4 {ip}\nt=0 0\n"
    "m=audio {port} RTP/AVP 106 9 3 111 0 8 97 110 112 98 101 100 99 102\n"
    "a=rtpmap:106 opus/48000/2\n"
    "a=fmtp:106 minptime=20; cbr=1; maxaveragebitrate=40000; useinbandfec=1\n"
    "a=rtpmap:111 speex/16000\na=rtpmap:97 iLBC/8000\na=fmtp:97 mode=20\n"
    "a=rtpmap:110 speex/8000\na=rtpmap:112 speex/32000\n"
    "a=rtpmap:98 telephone-event/48000\na=fmtp:98 0-16\n"
    "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\n"
    "a=rtpmap:100 telephone-event/16000\na=fmtp:100 0-16\n"
    "a=rtpmap:99 telephone-event/32000\na=fmtp:99 0-16\n"
    "a=rtpmap:102 G726-32/8000\na=sendrecv\n";
constexpr sv kPjsipSdp =
    "v=0\no=- {sess} {sess} IN IP4 {ip}\ns=pjmedia\nb=AS:84\nt=0 0\n"
    "a=X-nat:0\nm=audio {port} RTP/AVP 8 0 101\nc=IN IP4 {ip}\n"
    "b=TIAS:64000\na=sendrecv\na=rtpmap:8 PCMA/8000\na=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\n";
constexpr sv kYealinkSdp =
    "v=0\no=- {sess} {sess} IN IP4 {ip}\ns=SDP data\nc=IN IP4 {ip}\nt=0 0\n"
    "m=audio {port} RTP/AVP 0 8 18 9 101\na=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:8 PCMA/8000\na=rtpmap:18 G729/8000\na=fmtp:18 annexb=no\n"
    "a=rtpmap:9 G722/8000\na=fmtp:101 0-15\n"
    "a=rtpmap:101 telephone-event/8000\na=ptime:20\na=sendrecv\n";
constexpr sv kPolycomSdp =
    "v=0\no=- {sess} {sess} IN IP4 {ip}\ns=Polycom IP Phone\nc=IN IP4 {ip}\n"
    "t=0 0\na=sendrecv\nm=audio {port} RTP/AVP 9 102 0 8 18 127\n"
    "a=rtpmap:9 G722/8000\na=rtpmap:102 G7221/16000\n"
    "a=fmtp:102 bitrate=32000\na=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:18 G729/8000\na=fmtp:18 annexb=no\n"
    "a=rtpmap:127 telephone-event/8000\n";
constexpr sv kCiscoSdp =
    "v=0\no=Cisco-SIPUA {sess} 0 IN IP4 {ip}\ns=SIP Call\nb=AS:4064\n"
    "t=0 0\nm=audio {port} RTP/AVP 114 9 0 8 18 101\nc=IN IP4 {ip}\n"
    "b=TIAS:64000\na=rtpmap:114 opus/48000/2\na=rtpmap:9 G722/8000\n"
    "a=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\na=rtpmap:18 G729/8000\n"
    "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-15\na=sendrecv\n";
constexpr sv kPlainSdp =
    "v=0\no=- {sess} {sess} IN IP4 {ip}\ns=-\nc=IN IP4 {ip}\nt=0 0\n"
    "m=audio {port} RTP/AVP 8 0 101\na=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:0 PCMU/8000\na=rtpmap:101 telephone-event/8000\n"
    "a=fmtp:101 0-15\n";
constexpr sv kNeroSdp =
    "v=0\no=SIPPS {sess} {sess} IN IP4 {ip}\ns=SIP call\nc=IN IP4 {ip}\n"
    "t=0 0\nm=audio {port} RTP/AVP 0 8 97 2 3 101\na=rtpmap:0 pcmu/8000\n"
    "a=rtpmap:8 pcma/8000\na=rtpmap:97 iLBC/8000\na=rtpmap:2 G726-32/8000\n"
    "a=rtpmap:3 GSM/8000\na=rtpmap:101 telephone-event/8000\n"
    "a=fmtp:101 0-16\na=sendrecv\n";
constexpr sv kNeufboxSdp =
    "v=0\no=+33{sess} {sess} {sess} IN IP4 {ip}\ns=-\nc=IN IP4 {ip}\nt=0 0\n"
    "m=audio {port} RTP/AVP 8 0 18 101\na=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:0 PCMU/8000\na=rtpmap:18 G729/8000\n"
    "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-11\na=ptime:20\n";
constexpr sv kAsteriskSdp =
    "v=0\no=- {sess} {sess} IN IP4 {ip}\ns=Asterisk\nc=IN IP4 {ip}\nt=0 0\n"
    "m=audio {port} RTP/AVP 0 8 3 101\na=rtpmap:0 PCMU/8000\n"
    "a=rtpmap:8 PCMA/8000\na=rtpmap:3 GSM/8000\n"
    "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\na=ptime:20\n"
    "a=maxptime:150\na=sendrecv\n";
constexpr sv kFreeSwitchSdp =
    "v=0\no=FreeSWITCH {sess} {sess} IN IP4 {ip}\ns=FreeSWITCH\n"
    "c=IN IP4 {ip}\nt=0 0\nm=audio {port} RTP/AVP 0 8 101\n"
    "a=rtpmap:0 PCMU/8000\na=rtpmap:8 PCMA/8000\n"
    "a=rtpmap:101 telephone-event/8000\na=fmtp:101 0-16\na=ptime:20\n";

// The phone's extension: 100 + its index (User<i> of the paper's plan).
uint64_t Ext(const Invite& inv) { return 100 + uint64_t(inv.user); }

std::string& Host(std::string& s, const Network& net, bool port) {
  Ip(s, net.server);
  if (port) {
    s += ':';
    Num(s, net.server_port);
  }
  return s;
}

// Fills d with the kind's values for inv's dialog. Everything is derived from
// inv.key (per call), inv.user / inv.src (per caller), inv.call_number.
void Build(const Invite& inv, const Network& net, const Style& st, Dialog& d) {
  Rng r(Mix(inv.key, 0x6c61796f7574ull));
  Rng caller(Mix(inv.src, 0x63616c6c6572ull + uint64_t(inv.kind)));
  const uint32_t ip = inv.src;
  const uint64_t port = inv.sport;
  const uint64_t ext = Ext(inv);
  const uint64_t sess = uint64_t(r.Range(100000000, 3999999999));
  const uint64_t rtp = 2 * uint64_t(r.Range(5000, 16000));
  d.cseq = 1;
  d.compact = st.compact || (st.compact_maybe && r.Uniform() < 0.5);
  auto sent_by = [&](std::string& s, bool with_port) {
    s += "SIP/2.0/UDP ";
    Ip(s, ip);
    if (with_port) {
      s += ':';
      Num(s, port);
    }
  };
  auto service_to = [&](bool port, sv params) {
    d.to += '<';
    d.to += "sip:service@";
    Host(d.to, net, port);
    d.to += params;
    d.to += '>';
  };
  switch (inv.kind) {
    case CallerKind::kSippPaper:
      break;  // rendered by messages.cc
    case CallerKind::kLinphone: {
      d.ruri = "sip:service@";
      Host(d.ruri, net, false);
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";branch=z9hG4bK.";
        Token(v, r, kAlnum, 9);
        v += ";rport";
      }
      d.from = "\"User ";
      Num(d.from, inv.user);
      d.from += "\" <sip:user";
      Num(d.from, inv.user);
      d.from += '@';
      Host(d.from, net, false);
      d.from += ">;tag=";
      Token(d.from, r, kAlnum, 9);
      service_to(false, "");
      Token(d.call_id, r, "abcdefghijklmnopqrstuvwxyz0123456789-~_", 10);
      d.cseq = uint32_t(20 + r.Below(80));
      d.contact = "<sip:user";
      Num(d.contact, inv.user);
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += ':';
      Num(d.contact, port);
      d.contact += ";transport=udp>;+sip.instance=\"<urn:uuid:";
      Uuid(d.contact, caller);
      d.contact += ">\"";
      Sdp(d.sdp, kLinphoneSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kZoiper: {
      d.ruri = "sip:service@";
      Host(d.ruri, net, false);
      d.ruri += ";transport=UDP";
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";branch=z9hG4bK-524287-1---";
        Token(v, r, kHex, 16);
        v += ";rport";
      }
      d.contact = "<sip:user";
      Num(d.contact, inv.user);
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += ':';
      Num(d.contact, port);
      d.contact += ";transport=UDP>";
      service_to(false, ";transport=UDP");
      d.from = "<sip:user";
      Num(d.from, inv.user);
      d.from += '@';
      Host(d.from, net, false);
      d.from += ";transport=UDP>;tag=";
      Token(d.from, r, kHex, 8);
      Token(d.call_id, r,
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
            22);
      Sdp(d.sdp, kZoiperSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kMicroSip: {
      d.ruri = "sip:service@";
      Host(d.ruri, net, false);
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";rport;branch=z9hG4bKPj";
        Token(v, r, kHex, 32);
      }
      d.from = "\"User ";
      Num(d.from, inv.user);
      d.from += "\" <sip:";
      Num(d.from, ext);
      d.from += '@';
      Host(d.from, net, false);
      d.from += ">;tag=";
      Token(d.from, r, kHex, 32);
      service_to(false, "");
      d.contact = "\"User ";
      Num(d.contact, inv.user);
      d.contact += "\" <sip:";
      Num(d.contact, ext);
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += ':';
      Num(d.contact, port);
      d.contact += ";ob>";
      Token(d.call_id, r, kHex, 32);
      d.cseq = uint32_t(r.Range(1, 32767));
      Sdp(d.sdp, kPjsipSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kYealink: {
      d.ruri = "sip:service@";
      Host(d.ruri, net, true);
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";branch=z9hG4bK";
        Digits(v, r, 10);
      }
      d.from = "\"";
      Num(d.from, ext);
      d.from += "\" <sip:";
      Num(d.from, ext);
      d.from += '@';
      Host(d.from, net, true);
      d.from += ">;tag=";
      Digits(d.from, r, 10);
      service_to(true, "");
      d.call_id = "0_";
      Digits(d.call_id, r, 10);
      d.call_id += '@';
      Ip(d.call_id, ip);
      d.contact = "<sip:";
      Num(d.contact, ext);
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += ':';
      Num(d.contact, port);
      d.contact += '>';
      Sdp(d.sdp, kYealinkSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kPolycom: {
      d.ruri = "sip:service@";
      Host(d.ruri, net, false);
      d.ruri += ";user=phone";
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";branch=z9hG4bK";
        Token(v, r, kHex, 8);
        v += '-';
        Token(v, r, kHex, 8);
      }
      d.from = "\"";
      Num(d.from, ext);
      d.from += "\" <sip:";
      Num(d.from, ext);
      d.from += '@';
      Host(d.from, net, false);
      d.from += ">;tag=";
      Token(d.from, r, kHex, 8);
      d.from += '-';
      Token(d.from, r, kHex, 8);
      service_to(false, ";user=phone");
      for (int i = 0; i < 4; ++i) {
        if (i) d.call_id += '-';
        Token(d.call_id, r, kHex, 8);
      }
      d.call_id += '@';
      Ip(d.call_id, ip);
      d.contact = "<sip:";
      Num(d.contact, ext);
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += '>';
      Sdp(d.sdp, kPolycomSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kCisco: {
      std::string mac;
      Token(mac, caller, kHex, 12);
      d.ruri = "sip:service@";
      Host(d.ruri, net, false);
      d.ruri += ";user=phone";
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";branch=z9hG4bK";
        Token(v, r, kHex, 8);
      }
      d.from = "\"";
      Num(d.from, ext);
      d.from += "\" <sip:";
      Num(d.from, ext);
      d.from += '@';
      Host(d.from, net, false);
      d.from += ">;tag=";
      d.from += mac;
      Token(d.from, r, kHex, 8);
      d.from += '-';
      Token(d.from, r, kHex, 8);
      service_to(false, "");
      d.call_id = mac.substr(0, 8);
      for (int i = 0; i < 3; ++i) {
        d.call_id += '-';
        Token(d.call_id, r, kHex, 8);
      }
      d.call_id += '@';
      Ip(d.call_id, ip);
      d.cseq = 101;
      d.contact = "<sip:";
      Uuid(d.contact, caller);
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += ":5060;transport=udp>;+u.sip!devicename.ccm.cisco.com=\"SEP";
      for (char c : mac) d.contact += char(c >= 'a' ? c - 32 : c);
      d.contact += '"';
      // Date: the call's own time, RFC 1123 in GMT.
      std::time_t secs = std::time_t(inv.time / 1000000);
      std::tm tm{};
      gmtime_r(&secs, &tm);
      char buf[40];
      size_t n =
          std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
      d.date.assign(buf, n);
      Sdp(d.sdp, kCiscoSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kNecDect: {
      d.ruri = "sip:service@";
      Host(d.ruri, net, false);
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";branch=z9hG4bK";
        Digits(v, r, 5);
      }
      Num(d.from, ext);  // an unquoted display name, as the gateway writes it
      d.from += " <sip:";
      Num(d.from, ext);
      d.from += '@';
      Host(d.from, net, false);
      d.from += ">;tag=";
      Digits(d.from, r, 5);
      service_to(false, "");
      // Its capture shows a short number; ten digits keep Call-IDs unique
      // over a split's hundreds of thousands of calls.
      Digits(d.call_id, r, 10);
      d.call_id += '@';
      Host(d.call_id, net, false);  // the registrar's address, not its own
      d.contact = "\"";
      Num(d.contact, ext);
      d.contact += "\" <sip:";
      Num(d.contact, ext);
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += ":5060;transport=udp>";
      Sdp(d.sdp, kPlainSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kNeroSipps: {
      d.ruri = "sip:service@";
      Host(d.ruri, net, false);
      std::string ipstr;
      Ip(ipstr, ip);
      for (auto& v : d.via) {
        sent_by(v, false);  // no port in its Via
        v += ";branch=z9hG4bKnp";
        Digits(v, r, 9);
        v += '-';
        Token(v, r, kHex, 8);
        v += ipstr;
        v += ";rport";
      }
      d.from = "<sip:voi";
      Num(d.from, 18000 + ext);
      d.from += '@';
      Host(d.from, net, false);
      d.from += ">;tag=";
      Token(d.from, r, kHex, 7);
      service_to(false, "");
      Digits(d.call_id, r, 9);
      d.call_id += '-';
      Token(d.call_id, r, kHex, 8);
      d.call_id += '@';
      Digits(d.call_id, r, 9);
      d.call_id += '-';
      Token(d.call_id, r, kHex, 8);
      d.contact = " <sip:voi";  // two spaces after the colon, as it writes
      Num(d.contact, 18000 + ext);
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += ":5060;line=";
      Token(d.contact, caller, kHex, 16);
      d.contact += '>';
      d.cseq = uint32_t(r.Range(2, 200));
      Sdp(d.sdp, kNeroSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kNeufbox: {
      std::string number = "+333606";
      Num(number, 50000 + ext);
      d.ruri = "sip:service@";
      Host(d.ruri, net, false);
      d.ruri += ";user=phone";
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";branch=z9hG4bK";
        Token(v, r, kHex, 8);
      }
      d.from = "\"0";
      d.from += number.substr(3);
      d.from += "\" <sip:";
      d.from += number;
      d.from += '@';
      Host(d.from, net, false);
      d.from += ";user=phone>;tag=";
      Token(d.from, r, kUpperHex, 7);
      service_to(false, ";user=phone");
      d.pid = "<sip:";
      d.pid += number;
      d.pid += '@';
      Host(d.pid, net, false);
      d.pid += ";user=phone>";
      Token(d.call_id, r, kUpperHex, 15);
      d.call_id += '@';
      Ip(d.call_id, ip);
      d.contact = "<sip:";
      d.contact += number;
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += ":5060;user=phone>";
      Sdp(d.sdp, kNeufboxSdp, st.nl, ip, sess % 1000000000, rtp);
      break;
    }
    case CallerKind::kLfGateway: {
      d.ruri = "sip:service@";
      Host(d.ruri, net, false);
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";branch=z9hG4bK";
        Token(v, r, kHex, 8);
        v += ";rport";
      }
      d.from = "\"";
      Num(d.from, ext);
      d.from += "\"<sip:";  // no space before '<'
      Num(d.from, ext);
      d.from += '@';
      Host(d.from, net, false);
      d.from += ">;tag=";
      Token(d.from, r, kHex, 8);
      service_to(false, "");
      Token(d.call_id, r, kHex, 8);
      d.call_id += '-';
      Token(d.call_id, r, kHex, 4);
      d.call_id += '@';
      Ip(d.call_id, ip);
      d.contact = "<sip:";
      Num(d.contact, ext);
      d.contact += '@';
      Ip(d.contact, ip);
      d.contact += ":5060>";
      Sdp(d.sdp, kPlainSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kSippUac: {
      // `sipp -sd uac`: [pid] is the SIPp process, one per trunk address.
      uint64_t pid = 1000 + caller.Below(60000);
      uint64_t call = inv.call_number;
      d.ruri = "sip:service@";
      Host(d.ruri, net, true);
      int index = 0;
      for (auto& v : d.via) {
        sent_by(v, true);
        v += ";branch=z9hG4bK-";
        Num(v, pid);
        v += '-';
        Num(v, call);
        v += '-';
        Num(v, uint64_t(index == 0 ? 0 : index == 1 ? 5 : 7));
        ++index;
      }
      d.from = "sipp <sip:sipp@";
      Ip(d.from, ip);
      d.from += ':';
      Num(d.from, port);
      d.from += ">;tag=";
      Num(d.from, pid);
      d.from += "SIPpTag00";
      Num(d.from, call);
      d.to = "service <sip:service@";
      Host(d.to, net, true);
      d.to += '>';
      Num(d.call_id, call);
      d.call_id += '-';
      Num(d.call_id, pid);
      d.call_id += '@';
      Ip(d.call_id, ip);
      d.contact = "sip:sipp@";
      Ip(d.contact, ip);
      d.contact += ':';
      Num(d.contact, port);
      Sdp(d.sdp, kSippSdp, st.nl, ip, sess, rtp);
      break;
    }
    case CallerKind::kAsterisk:
    case CallerKind::kFreeSwitch:
    case CallerKind::kKamailio: {
      // A trunk: every call has its own caller and callee.
      std::string caller_no, callee_no;
      Num(caller_no, uint64_t(r.Range(2000, 2999)));
      callee_no = "0";
      Num(callee_no, uint64_t(r.Range(100000000, 799999999)));
      d.ruri = "sip:";
      d.ruri += callee_no;
      d.ruri += '@';
      Host(d.ruri, net, true);
      d.to = "<sip:";
      d.to += callee_no;
      d.to += '@';
      Host(d.to, net, false);
      d.to += '>';
      if (inv.kind == CallerKind::kAsterisk) {
        for (auto& v : d.via) {
          sent_by(v, true);
          v += ";rport;branch=z9hG4bKPj";
          Uuid(v, r);
        }
        d.from = "\"" + caller_no + "\" <sip:" + caller_no + "@";
        Ip(d.from, ip);
        d.from += ">;tag=";
        Uuid(d.from, r);
        d.pid = "\"" + caller_no + "\" <sip:" + caller_no + "@";
        Ip(d.pid, ip);
        d.pid += '>';
        d.contact = "<sip:asterisk@";
        Ip(d.contact, ip);
        d.contact += ":5060>";
        Uuid(d.call_id, r);
        d.cseq = uint32_t(r.Range(10000, 32767));
        Sdp(d.sdp, kAsteriskSdp, st.nl, ip, sess, rtp);
      } else if (inv.kind == CallerKind::kFreeSwitch) {
        for (auto& v : d.via) {
          sent_by(v, true);
          v += ";rport;branch=z9hG4bK";
          Token(v, r, kAlnum, 13);
        }
        d.from = "\"" + caller_no + "\" <sip:" + caller_no + "@";
        Ip(d.from, ip);
        d.from += ">;tag=";
        Token(d.from, r, kAlnum, 13);
        d.pid = "\"" + caller_no + "\" <sip:" + caller_no + "@";
        Ip(d.pid, ip);
        d.pid += '>';
        d.contact = "<sip:gw+pstn@";
        Ip(d.contact, ip);
        d.contact += ":5080;transport=udp;gw=pstn>";
        Uuid(d.call_id, r);
        d.cseq = uint32_t(r.Range(10000000, 139999999));
        Sdp(d.sdp, kFreeSwitchSdp, st.nl, ip, sess, rtp);
      } else {
        // Kamailio: its Via and Record-Route over the phone's own headers;
        // the phone sits on a private network behind it.
        uint32_t phone =
            (10u << 24) | (66u << 16) | uint32_t(r.Below(65534) + 1);
        uint64_t phone_port = uint64_t(r.Range(1024, 65535));
        d.rr = "<sip:";
        Ip(d.rr, ip);
        d.rr += ";lr>";
        for (int i = 0; i < 3; ++i) {
          sent_by(d.via[i], false);
          d.via[i] += ";branch=z9hG4bK";
          Token(d.via[i], r, kHex, 8);
          d.via[i] += ".0";
          d.via2[i] = "SIP/2.0/UDP ";
          Ip(d.via2[i], phone);
          d.via2[i] += ':';
          Num(d.via2[i], phone_port);
          d.via2[i] += ";received=";
          Ip(d.via2[i], phone);
          d.via2[i] += ";rport=";
          Num(d.via2[i], phone_port);
          d.via2[i] += ";branch=z9hG4bK";
          Token(d.via2[i], r, kAlnum, 16);
        }
        d.from = "<sip:" + caller_no + "@";
        Host(d.from, net, false);
        d.from += ">;tag=";
        Token(d.from, r, kHex, 8);
        Token(d.call_id, r, kAlnum, 24);
        d.contact = "<sip:" + caller_no + "@";
        Ip(d.contact, phone);
        d.contact += ':';
        Num(d.contact, phone_port);
        d.contact += ";transport=udp>";
        Sdp(d.sdp, kPlainSdp, st.nl, phone, sess, rtp);
      }
      break;
    }
  }
}

sv CompactName(sv name) {
  if (name == "Via") return "v";
  if (name == "From") return "f";
  if (name == "To") return "t";
  if (name == "Call-ID") return "i";
  if (name == "Contact") return "m";
  if (name == "Content-Length") return "l";
  if (name == "Content-Type") return "c";
  if (name == "Subject") return "s";
  if (name == "Supported") return "k";
  return name;
}

class Writer {
 public:
  Writer(std::string* out, sv nl, bool compact)
      : out_(out), nl_(nl), compact_(compact) {
    out_->clear();
  }
  void Line(sv a, sv b = {}, sv c = {}) {
    out_->append(a);
    out_->append(b);
    out_->append(c);
    out_->append(nl_);
  }
  void Header(sv name, sv value, sv suffix = {}) {
    out_->append(compact_ ? CompactName(name) : name);
    out_->append(": ");
    out_->append(value);
    out_->append(suffix);
    out_->append(nl_);
  }
  void Length(size_t n, bool pad) {
    out_->append(compact_ ? "l" : "Content-Length");
    out_->append(pad ? ":" : ": ");
    std::string v;
    Num(v, n);
    if (pad)
      out_->append(v.size() < 6 ? 6 - v.size() : 1, ' ');  // SIPp's "%5u"
    out_->append(v);
    out_->append(nl_);
  }
  std::string& str() { return *out_; }

 private:
  std::string* out_;
  sv nl_;
  bool compact_;
};

void ServerTag(std::string& s, const Invite& inv, const Dialog& d) {
  s = d.to;
  s += ";tag=";
  Rng r(Mix(inv.key, 0x7365727665ull));
  Num(s, r.Range(1, 999999));
  s += "SIPpTag01";
  Num(s, inv.call_number);
}

}  // namespace

std::string_view UserAgentOf(CallerKind k) { return StyleOf(k).user_agent; }

void RenderLayout(const Invite& inv, const Network& net, PacketKind kind,
                  std::string* out) {
  const Style& st = StyleOf(inv.kind);
  thread_local Dialog d;
  thread_local std::string to_tagged, tmp;
  d.Clear();
  Build(inv, net, st, d);
  ServerTag(to_tagged, inv, d);
  std::string cseq;
  auto cseq_of = [&](uint32_t n, sv method) {
    cseq.clear();
    Num(cseq, n);
    cseq += ' ';
    cseq += method;
    return sv(cseq);
  };
  if (FromServer(kind)) {
    // The SIPp UAS: its own formatting, echoing the request's headers.
    Writer w(out, "\r\n", false);
    bool bye = kind == K::kByeOk;
    sv status = kind == K::kTrying    ? "100 Trying"
                : kind == K::kRinging ? "180 Ringing"
                                      : "200 OK";
    w.Line("SIP/2.0 ", status);
    if (!d.rr.empty() && !bye) w.Header("Record-Route", d.rr);
    w.Header("Via", d.via[bye ? 2 : 0]);
    if (!d.via2[0].empty()) w.Header("Via", d.via2[bye ? 2 : 0]);
    w.Header("From", d.from);
    w.Header("To", kind == K::kTrying ? sv(d.to) : sv(to_tagged));
    w.Header("Call-ID", d.call_id);
    w.Header("CSeq",
             bye ? cseq_of(d.cseq + 1, "BYE") : cseq_of(d.cseq, "INVITE"));
    if (kind != K::kTrying) {
      tmp = "<sip:";
      Host(tmp, net, true);
      tmp += ";transport=UDP>";
      w.Header("Contact", tmp);
    }
    if (kind == K::kOk) {
      w.Header("Content-Type", "application/sdp");
      tmp.clear();
      Sdp(tmp, kSippSdp, "\r\n", net.server, 53655765, 6000);
      w.Length(tmp.size(), false);
      w.Line("");
      w.str() += tmp;
    } else {
      w.Length(0, false);
      w.Line("");
    }
    return;
  }
  Writer w(out, st.nl, d.compact);
  if (kind == K::kAck || kind == K::kBye) {
    bool ack = kind == K::kAck;
    int t = ack ? 1 : 2;
    w.Line(ack ? "ACK " : "BYE ", d.ruri, " SIP/2.0");
    w.Header("Via", d.via[t]);
    if (!d.via2[t].empty()) w.Header("Via", d.via2[t]);
    w.Header("From", d.from);
    w.Header("To", to_tagged);
    w.Header("Call-ID", d.call_id);
    w.Header("CSeq", ack ? cseq_of(d.cseq, "ACK") : cseq_of(d.cseq + 1, "BYE"));
    w.Header("Contact", d.contact);
    tmp.clear();
    Num(tmp, uint64_t(st.max_forwards));
    w.Header("Max-Forwards", tmp);
    if (!st.user_agent.empty()) w.Header("User-Agent", st.user_agent);
    w.Length(0, st.pad_length);
    w.Line("");
    return;
  }
  // The INVITE, in the kind's header order.
  w.Line("INVITE ", d.ruri, " SIP/2.0");
  for (char c : st.order) {
    switch (c) {
      case 'R':
        if (!d.rr.empty()) w.Header("Record-Route", d.rr);
        break;
      case 'V':
        w.Header("Via", d.via[0]);
        if (!d.via2[0].empty()) w.Header("Via", d.via2[0]);
        break;
      case 'F':
        w.Header("From", d.from);
        break;
      case 'T':
        w.Header("To", d.to);
        break;
      case 'I':
        w.Header("Call-ID", d.call_id);
        break;
      case 'C':
        w.Header("CSeq", cseq_of(d.cseq, "INVITE"));
        break;
      case 'M':
        w.Header("Contact", d.contact);
        break;
      case 'X':
        tmp.clear();
        Num(tmp, uint64_t(st.max_forwards));
        w.Header("Max-Forwards", tmp);
        break;
      case 'S':
        w.Header("Subject", "Performance Test");
        break;
      case 'Y':
        w.Header("Content-Type", "application/sdp");
        break;
      case 'L':
        w.Length(d.sdp.size(), st.pad_length);
        break;
      case 'U':
        if (!st.user_agent.empty()) w.Header("User-Agent", st.user_agent);
        break;
      case 'D':
        w.Header("Date", d.date);
        break;
      case 'P':
        w.Header(st.pid_name, d.pid, st.pid_suffix);
        break;
      default:
        if (c >= '0' && c <= '7') {
          const Extra& e = st.extras[size_t(c - '0')];
          w.Header(e.name, e.value);
        }
    }
  }
  w.Line("");
  w.str() += d.sdp;
}

}  // namespace sim
