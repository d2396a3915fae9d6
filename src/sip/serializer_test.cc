#include "sip/serializer.h"

#include <gtest/gtest.h>

#include <string>

#include "sip/parser.h"
#include "sip/sample_messages.h"
#include "sip/test_fixtures.h"

namespace sip {
namespace {

OutMessage Fig3Like(bool lf_only) {
  OutMessage m;
  m.start_line = "INVITE sip:service@192.168.56.101:5060 SIP/2.0";
  m.headers = {
      {"Via", "SIP/2.0/UDP 192.168.56.106:5060;branch=z9hG4bK-572660336-0"},
      {"From", "User5 <sip:SipPhone5_192.168.56.106@192.168.56.101:5060>;tag=1159126505"},
      {"To", "service <sip:service@192.168.56.101:5060>"},
      {"Call-ID", "10-1827336327@192.168.56.101"},
      {"CSeq", "1 INVITE"},
      {"Contact", "sip:SipPhone5_192.168.56.106@192.168.56.101:5060"},
      {"Max-Forwards", "70"},
      {"Subject", "Performance Test"},
      {"Content-Type", "application/sdp"},
  };
  m.body =
      "v=0\r\no=user1 53655765 2353687637 IN IP4 192.168.56.106\r\ns=-\r\n"
      "c=IN IP4 127.0.1.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n";
  m.lf_only = lf_only;
  return m;
}

TEST(Serializer, ReproducesThePaperInviteByteForByte) {
  std::string out;
  Serialize(Fig3Like(false), &out);
  EXPECT_EQ(out, samples::kPaperFig3InviteWire);
}

TEST(Serializer, RoundTrip) {
  for (bool lf_only : {false, true}) {
    const OutMessage in = Fig3Like(lf_only);
    std::string wire;
    Serialize(in, &wire);
    Message m;
    ASSERT_TRUE(Parse(wire, &m).ok());
    EXPECT_EQ(m.flags, lf_only ? kFlagBareLf : 0u) << FlagsToString(m.flags);
    EXPECT_EQ(m.request_line, in.start_line);
    EXPECT_EQ(m.top_via.raw, in.headers[0].second);
    EXPECT_EQ(m.from.raw, in.headers[1].second);
    EXPECT_EQ(m.to.raw, in.headers[2].second);
    EXPECT_EQ(m.call_id, in.headers[3].second);
    EXPECT_EQ(m.cseq_raw, in.headers[4].second);
    EXPECT_EQ(m.contact_raw, in.headers[5].second);
    EXPECT_EQ(m.max_forwards, 70);
    EXPECT_EQ(m.subject, in.headers[7].second);
    EXPECT_EQ(m.content_type, in.headers[8].second);
    EXPECT_EQ(m.content_length, static_cast<int64_t>(in.body.size()));
    EXPECT_EQ(m.body, in.body);
    EXPECT_EQ(m.header_count, 10);
  }
}

TEST(Serializer, KeepsAGivenContentLengthAndAppends) {
  OutMessage in;
  in.start_line = "INVITE sip:a@b SIP/2.0";
  in.headers = {{"l", "999"}};
  in.body = "short";
  std::string out = "prefix|";
  Serialize(in, &out);
  EXPECT_EQ(out, "prefix|INVITE sip:a@b SIP/2.0\r\nl: 999\r\n\r\nshort");
  in.headers.clear();
  in.add_content_length = false;
  out.clear();
  Serialize(in, &out);
  EXPECT_EQ(out, "INVITE sip:a@b SIP/2.0\r\n\r\nshort");
  Message m;
  ASSERT_TRUE(Parse(out, &m).ok());
  EXPECT_TRUE(m.has(kFlagNoContentLength));
}

TEST(Serializer, ReusesCapacity) {
  const OutMessage in = Fig3Like(false);
  std::string out;
  Serialize(in, &out);
  const size_t size = out.size();
  const char* buffer = out.data();
  out.clear();
  Serialize(in, &out);
  EXPECT_EQ(out.size(), size);
  EXPECT_EQ(out.data(), buffer);  // no reallocation the second time
}

TEST(Serializer, MessageWriter) {
  std::string out;
  MessageWriter w(&out, true);
  w.StartLine("SIP/2.0 180 Ringing");
  w.Header("Call-ID", "x");
  w.Finish("", true);
  EXPECT_EQ(out, "SIP/2.0 180 Ringing\nCall-ID: x\nContent-Length: 0\n\n");
  EXPECT_TRUE(IsContentLengthName("CONTENT-LENGTH"));
  EXPECT_TRUE(IsContentLengthName("L"));
  EXPECT_FALSE(IsContentLengthName("Content-Type"));
}

}  // namespace
}  // namespace sip
