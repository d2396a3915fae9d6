#include "features/message_event.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dataset/from_message.h"
#include "features/encoder.h"
#include "features/record_event.h"
#include "sip/parser.h"

namespace features {
namespace {

const char kInvite[] =
    "INVITE sip:service@10.0.0.1:5060 SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-1-0\r\n"
    "From: \"User1\" <sip:SipPhone1_10.0.0.2@10.0.0.1>;tag=1\r\n"
    "To: <sip:service@10.0.0.1:5060>\r\n"
    "Call-ID: 1-2345@10.0.0.1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Contact: sip:SipPhone1_10.0.0.2@10.0.0.2:5060\r\n"
    "Max-Forwards: 70\r\n"
    "Content-Length: 0\r\n\r\n";

const char kOk[] =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-1-0\r\n"
    "From: \"User1\" <sip:SipPhone1_10.0.0.2@10.0.0.1>;tag=1\r\n"
    "To: <sip:service@10.0.0.1:5060>;tag=99\r\n"
    "Call-ID: 1-2345@10.0.0.1\r\n"
    "CSeq: 1 INVITE\r\n"
    "Content-Length: 0\r\n\r\n";

TEST(MessageEvent, InviteFieldsAndSameFeaturesAsItsCsvRow) {
  sip::Message m;
  ASSERT_TRUE(sip::Parse(kInvite, &m).ok());
  util::IpAddress client = *util::IpAddress::Parse("10.0.0.2");
  util::IpAddress server = *util::IpAddress::Parse("10.0.0.1");
  SipEvent e;
  EventFromMessage(m, 5'000'000, client, 5060, server, 5060, &e);
  EXPECT_EQ(e.kind, EventKind::kInvite);
  EXPECT_EQ(e.call_id, "1-2345@10.0.0.1");
  EXPECT_EQ(e.via, "SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bK-1-0");
  EXPECT_EQ(e.contact, "sip:SipPhone1_10.0.0.2@10.0.0.2:5060");
  EXPECT_EQ(e.cseq, "1 INVITE");

  dataset::MessageRecord r;
  dataset::RecordFromMessage(m, 5'000'000, client, &r);
  SipEvent from_csv;
  ASSERT_TRUE(EventFromRecord(r, &from_csv));
  Encoder a, b;
  std::vector<float> va(a.size()), vb(b.size());
  ASSERT_TRUE(a.Consume(e, va.data()));
  ASSERT_TRUE(b.Consume(from_csv, vb.data()));
  EXPECT_EQ(va, vb);
}

TEST(MessageEvent, ResponseCarriesStatusAndToTag) {
  sip::Message m;
  ASSERT_TRUE(sip::Parse(kOk, &m).ok());
  SipEvent e;
  EventFromMessage(m, 1, *util::IpAddress::Parse("10.0.0.1"), 5060,
                   *util::IpAddress::Parse("10.0.0.2"), 5060, &e);
  EXPECT_EQ(e.kind, EventKind::kResponse);
  EXPECT_EQ(e.status_code, 200);
  EXPECT_EQ(e.to, "<sip:service@10.0.0.1:5060>;tag=99");
}

}  // namespace
}  // namespace features
