// Reference messages shared by the tests, the benchmark and other stages' tests.
#pragma once

#include <string_view>

namespace sip::samples {

// The paper's Fig. 3 (Sbai et al. 2023), "New fields": the legitimate INVITE its modified
// SIPp sends, headers verbatim from the figure, Via brackets included (the figure prints
// SIPp's "[local_ip]:[local_port];branch=[branch]" that way). The figure shows no body; this
// one is SIPp's default uac SDP, 134 bytes as the figure's Content-Length says.
inline constexpr std::string_view kPaperFig3Invite =
    "INVITE sip:service@192.168.56.101:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP [192.168.56.106:5060 ; branch=z9hG4bK-572660336-0]\r\n"
    "From: User5 <sip:SipPhone5_192.168.56.106@192.168.56.101:5060>;tag=1159126505\r\n"
    "To: service <sip:service@192.168.56.101:5060>\r\n"
    "Call-ID: 10-1827336327@192.168.56.101\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: sip:SipPhone5_192.168.56.106@192.168.56.101:5060\r\n"
    "Max-Forwards: 70\r\n"
    "Subject: Performance Test\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 134\r\n"
    "\r\n"
    "v=0\r\n"
    "o=user1 53655765 2353687637 IN IP4 192.168.56.106\r\n"
    "s=-\r\n"
    "c=IN IP4 127.0.1.1\r\n"
    "t=0 0\r\n"
    "m=audio 6000 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";

// The same INVITE as SIPp puts it on the wire (Via without the figure's brackets).
inline constexpr std::string_view kPaperFig3InviteWire =
    "INVITE sip:service@192.168.56.101:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.168.56.106:5060;branch=z9hG4bK-572660336-0\r\n"
    "From: User5 <sip:SipPhone5_192.168.56.106@192.168.56.101:5060>;tag=1159126505\r\n"
    "To: service <sip:service@192.168.56.101:5060>\r\n"
    "Call-ID: 10-1827336327@192.168.56.101\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: sip:SipPhone5_192.168.56.106@192.168.56.101:5060\r\n"
    "Max-Forwards: 70\r\n"
    "Subject: Performance Test\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 134\r\n"
    "\r\n"
    "v=0\r\n"
    "o=user1 53655765 2353687637 IN IP4 192.168.56.106\r\n"
    "s=-\r\n"
    "c=IN IP4 127.0.1.1\r\n"
    "t=0 0\r\n"
    "m=audio 6000 RTP/AVP 0\r\n"
    "a=rtpmap:0 PCMU/8000\r\n";

// An INVITE in the shape Mr.SIP's SIP-DAS floods with (written for these tests after its
// invite template): LF-only line ends, no body, and a From whose '<' is never closed.
inline constexpr std::string_view kMrSipStyleInvite =
    "INVITE sip:1000@10.0.0.1 SIP/2.0\n"
    "Via: SIP/2.0/UDP 198.51.100.23:41034;branch=z9hG4bK-4820579136\n"
    "Max-Forwards: 70\n"
    "To: <sip:1000@10.0.0.1:5060>\n"
    "From: <sip:2000@198.51.100.23;tag=583021\n"
    "Call-ID: q3k8z1m0x7c5v9b2n4a6s8d0f1g3h77215@198.51.100.23\n"
    "CSeq: 1 INVITE\n"
    "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE, REFER, NOTIFY, MESSAGE, SUBSCRIBE, INFO\n"
    "Contact: <sip:1000@198.51.100.23:41034>\n"
    "User-agent: Linphone/3.6.1 (eXosip2/3.6.0)\n"
    "Content-Length: 0\n"
    "\n";

}  // namespace sip::samples
