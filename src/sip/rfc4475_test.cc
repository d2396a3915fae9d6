// Every RFC 4475 torture message: the valid ones parse with the fields read from the file, the
// invalid ones are rejected or flagged (section numbers are RFC 4475's).
#include <gtest/gtest.h>

#include <string>

#include "sip/header_reader.h"
#include "sip/parser.h"
#include "sip/test_fixtures.h"

namespace sip {
namespace {

using testing::ParseOk;
using testing::ReadFixture;

std::string Fixture(const std::string& name) { return ReadFixture("rfc4475/" + name + ".dat"); }

std::string Header(const Message& m, std::string_view name) {
  std::string_view v;
  return FindHeader(m, name, &v) ? std::string(v) : std::string("<absent>");
}

// 3.1.1.1
TEST(Rfc4475Valid, Wsinv) {
  const std::string d = Fixture("wsinv");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_TRUE(m.is_invite());
  EXPECT_EQ(m.request_uri.user, "vivekg");
  EXPECT_EQ(m.request_uri.host, "chair-dnrc.example.com");
  EXPECT_EQ(m.request_uri.params, "unknownparam");
  EXPECT_EQ(m.to.uri.host, "chair-dnrc.example.com");
  EXPECT_EQ(m.to.tag, "1918181833n");
  EXPECT_EQ(Unquote(m.from.display_name), "J Rosenberg \\\"");
  EXPECT_EQ(m.from.uri.user, "jdrosen");
  EXPECT_EQ(m.from.tag, "98asjd8");
  EXPECT_EQ(m.max_forwards, 68);
  EXPECT_EQ(m.call_id, "wsinv.ndaksdj@192.0.2.1");
  EXPECT_EQ(m.content_length, 150);
  EXPECT_EQ(m.cseq_number, 9u);
  EXPECT_EQ(m.cseq_method, "INVITE");
  EXPECT_EQ(m.top_via.transport, "UDP");
  EXPECT_EQ(m.top_via.host, "192.0.2.2");
  EXPECT_EQ(m.top_via.branch, "390skdjuw");
  EXPECT_EQ(m.via_count, 3);
  EXPECT_TRUE(m.subject.empty());
  EXPECT_EQ(m.content_type, "application/sdp");
  EXPECT_EQ(Unquote(m.contact.display_name), "Quoted string \"\"");
  EXPECT_EQ(m.contact.uri.user, "jdrosen");
  EXPECT_NE(m.contact.params.find("secondparam"), std::string_view::npos);
  const std::string fangled = Header(m, "newfangledheader");
  EXPECT_EQ(fangled.rfind("newfangled value", 0), 0u);
  EXPECT_NE(fangled.find("continued newfangled value"), std::string::npos);
  EXPECT_EQ(Header(m, "UnknownHeaderWithUnusualValue"), ";;,,;;,;");
  EXPECT_EQ(m.body.size(), 150u);
  EXPECT_EQ(m.body.substr(0, 5), "v=0\r\n");
}

// 3.1.1.2
TEST(Rfc4475Valid, Intmeth) {
  const std::string d = Fixture("intmeth");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagNulByte) << FlagsToString(m.flags);  // a NUL inside the To quotes
  EXPECT_EQ(m.method, "!interesting-Method0123456789_*+`.%indeed'~");
  EXPECT_FALSE(m.is_invite());
  EXPECT_EQ(m.request_uri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  EXPECT_EQ(m.request_uri.password, "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)");
  EXPECT_EQ(m.request_uri.host, "example.com");
  EXPECT_EQ(m.top_via.transport, "TCP");
  EXPECT_EQ(m.top_via.branch, "z9hG4bK-.!%66*_+`'~");
  EXPECT_EQ(m.to.uri.user, "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*");
  EXPECT_EQ(m.from.display_name, "token1~` token2'+_ token3*%!.-");
  EXPECT_EQ(m.from.tag, "_token~1'+`*%!-.");
  EXPECT_EQ(m.call_id, "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  EXPECT_EQ(m.cseq_number, 139122385u);
  EXPECT_EQ(m.cseq_method, m.method);
  EXPECT_EQ(m.max_forwards, 255);
  EXPECT_NE(Header(m, "extensionHeader-!.%*+_`'~"), "<absent>");
  EXPECT_EQ(m.content_length, 0);
}

// 3.1.1.3
TEST(Rfc4475Valid, Esc01) {
  const std::string d = Fixture("esc01");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_TRUE(m.is_invite());
  EXPECT_EQ(m.request_uri.user, "sips%3Auser%40example.com");
  EXPECT_EQ(m.request_uri.host, "example.net");
  EXPECT_EQ(m.to.uri.user, "%75se%72");
  EXPECT_EQ(m.from.uri.user, "I%20have%20spaces");
  EXPECT_EQ(m.from.tag, "938");
  EXPECT_EQ(m.call_id, "esc01.239409asdfakjkn23onasd0-3234");
  EXPECT_EQ(m.content_type, "application/sdp");
  EXPECT_EQ(m.contact.uri.user, "cal%6Cer");
  EXPECT_EQ(m.contact.uri.host, "host5.example.net");
  EXPECT_EQ(m.contact.uri.params, "%6C%72;n%61me=v%61lue%25%34%31");
  EXPECT_EQ(m.cseq_number, 234234u);
  EXPECT_EQ(m.max_forwards, 87);
  EXPECT_EQ(m.body.size(), 150u);
}

// 3.1.1.4
TEST(Rfc4475Valid, Escnull) {
  const std::string d = Fixture("escnull");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.method, "REGISTER");
  EXPECT_EQ(m.to.uri.user, "null-%00-null");
  EXPECT_EQ(m.from.tag, "839923423");
  EXPECT_EQ(m.contact.uri.user, "%00");
  EXPECT_EQ(CountHeaders(m, "contact"), 2);
  EXPECT_EQ(m.content_length, 0);
  EXPECT_EQ(m.cseq_number, 14398234u);
}

// 3.1.1.5: '%' is no escape in a method; "C%6Fntact" is an extension header, not Contact.
TEST(Rfc4475Valid, Esc02) {
  const std::string d = Fixture("esc02");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.method, "RE%47IST%45R");
  EXPECT_EQ(m.cseq_method, "RE%47IST%45R");
  EXPECT_EQ(m.request_uri.host, "registrar.example.com");
  EXPECT_EQ(m.to.display_name, "%Z%45");
  EXPECT_EQ(m.from.tag, "f232jadfj23");
  EXPECT_EQ(m.top_via.transport, "TCP");
  EXPECT_EQ(m.top_via.branch, "z9hG4bK209%fzsnel234");
  EXPECT_EQ(m.contact.uri.user, "alias1");
  EXPECT_EQ(CountHeaders(m, "Contact"), 2);
  EXPECT_EQ(Header(m, "C%6Fntact"), "<sip:alias2@host2.example.com>");
}

// 3.1.1.6
TEST(Rfc4475Valid, Lwsdisp) {
  const std::string d = Fixture("lwsdisp");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.from.display_name, "caller");
  EXPECT_EQ(m.from.uri.user, "caller");
  EXPECT_EQ(m.from.tag, "323");
  EXPECT_EQ(m.call_id, "lwsdisp.1234abcd@funky.example.com");
}

// 3.1.1.7
TEST(Rfc4475Valid, Longreq) {
  const std::string d = Fixture("longreq");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.to.display_name.substr(0, 21), "I have a user name of");
  EXPECT_EQ(m.to.uri.port, 6000);
  EXPECT_EQ(m.to.uri.params.substr(0, 27), "unknownparam1=verylonglongl");
  EXPECT_EQ(m.from.uri.user.substr(0, 26), "amazinglylongcallernameama");
  EXPECT_EQ(m.from.tag.size(), 155u);
  EXPECT_EQ(m.from.tag.substr(m.from.tag.size() - 6), "982424");
  EXPECT_EQ(m.via_count, 34);
  EXPECT_EQ(CountHeaders(m, "Via"), 34);
  EXPECT_EQ(m.top_via.host, "sip33.example.com");
  EXPECT_EQ(m.top_via.transport, "TCP");
  EXPECT_TRUE(m.top_via.branch.empty());
  EXPECT_EQ(m.call_id.substr(0, 11), "longreq.one");
  EXPECT_EQ(m.cseq_number, 3882340u);
  EXPECT_EQ(m.content_length, 150);
  EXPECT_EQ(m.max_forwards, 70);
  EXPECT_EQ(Header(m,
                   "Unknown-LongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLong"
                   "LongLongLongLong-Name")
                .substr(0, 16),
            "unknown-longlong");
}

// 3.1.1.8: only the first message of the datagram counts; the INVITE after it does not.
TEST(Rfc4475Valid, Dblreq) {
  const std::string d = Fixture("dblreq");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagTrailingData) << FlagsToString(m.flags);
  EXPECT_EQ(m.method, "REGISTER");
  EXPECT_FALSE(m.is_invite());
  EXPECT_EQ(m.call_id, "dblreq.0ha0isndaksdj99sdfafnl3lk233412");
  EXPECT_EQ(m.content_length, 0);
  EXPECT_TRUE(m.body.empty());
  EXPECT_NE(m.trailing.find("INVITE sip:joe@example.com SIP/2.0"), std::string_view::npos);
  EXPECT_EQ(m.raw.size() + m.trailing.size(), d.size());
}

// 3.1.1.9
TEST(Rfc4475Valid, Semiuri) {
  const std::string d = Fixture("semiuri");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.request_uri.user, "user;par=u%40example.net");
  EXPECT_EQ(m.request_uri.host, "example.com");
  EXPECT_TRUE(m.request_uri.params.empty());
  EXPECT_NE(Header(m, "accept").find("message/sipfrag"), std::string::npos);
}

// 3.1.1.10
TEST(Rfc4475Valid, Transports) {
  const std::string d = Fixture("transports");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.via_count, 5);
  EXPECT_EQ(m.top_via.transport, "UDP");
  EXPECT_EQ(m.top_via.host, "t1.example.com");
  EXPECT_EQ(m.top_via.branch, "z9hG4bKkdjuw");
  EXPECT_EQ(m.call_id, "transports.kijh4akdnaqjkwendsasfdj");
}

// 3.1.1.11
TEST(Rfc4475Valid, Mpart01) {
  const std::string d = Fixture("mpart01");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.method, "MESSAGE");
  EXPECT_EQ(m.top_via.host, "127.0.0.1");
  EXPECT_EQ(m.top_via.port, 5070);
  EXPECT_TRUE(m.top_via.rport);
  EXPECT_EQ(m.top_via.branch, "z9hG4bK-d87543-4dade06d0bdb11ee-1--d87543-");
  EXPECT_EQ(m.content_type, "multipart/mixed;boundary=7a9cbec02ceef655");
  EXPECT_EQ(m.user_agent, "SIPimp.org/0.2.5 (curses)");
  EXPECT_EQ(m.content_length, 553);
  EXPECT_EQ(m.body.size(), 553u);
  EXPECT_EQ(m.body.substr(0, 18), "--7a9cbec02ceef655");
}

// 3.1.1.12
TEST(Rfc4475Valid, Unreason) {
  const std::string d = Fixture("unreason");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_FALSE(m.is_request);
  EXPECT_EQ(m.status_code, 200);
  EXPECT_EQ(m.reason.substr(0, 14), "= 2**3 * 5**2 ");
  EXPECT_EQ(m.cseq_method, "INVITE");
  EXPECT_EQ(m.call_id, "unreason.1234ksdfak3j2erwedfsASdf");
  EXPECT_EQ(m.body.size(), 154u);
}

// 3.1.1.13
TEST(Rfc4475Valid, Noreason) {
  const std::string d = Fixture("noreason");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.status_code, 100);
  EXPECT_TRUE(m.reason.empty());
  EXPECT_EQ(m.to.tag, "902jndnke3");
}

// 3.1.2.1
TEST(Rfc4475Invalid, Badinv01FlagsEmptyParameters) {
  const std::string d = Fixture("badinv01");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadVia | kFlagBadContact) << FlagsToString(m.flags);
  EXPECT_EQ(m.top_via.host, "192.0.2.15");
  EXPECT_EQ(m.via_count, 4);
  EXPECT_TRUE(m.is_invite());
}

// 3.1.2.2: the body is the rest of the datagram.
TEST(Rfc4475Invalid, ClerrFlagsContentLengthPastEnd) {
  const std::string d = Fixture("clerr");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBodyTruncated) << FlagsToString(m.flags);
  EXPECT_EQ(m.content_length, 9999);
  EXPECT_EQ(m.body.data() + m.body.size(), d.data() + d.size());
  EXPECT_EQ(m.body.substr(0, 3), "v=0");
}

// 3.1.2.3
TEST(Rfc4475Invalid, NclFlagsNegativeContentLength) {
  const std::string d = Fixture("ncl");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadContentLength) << FlagsToString(m.flags);
  EXPECT_EQ(m.content_length, -1);
  EXPECT_EQ(m.body.substr(0, 3), "v=0");
  EXPECT_EQ(m.body.data() + m.body.size(), d.data() + d.size());
  EXPECT_EQ(m.cseq_number, 0u);
}

// 3.1.2.4
TEST(Rfc4475Invalid, Scalar02FlagsOverlargeValues) {
  const std::string d = Fixture("scalar02");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadCSeq | kFlagBadMaxForwards) << FlagsToString(m.flags);
  EXPECT_EQ(m.max_forwards, -1);
  EXPECT_EQ(m.cseq_number, 0u);
  EXPECT_EQ(m.cseq_method, "REGISTER");
  EXPECT_EQ(m.contact.params, "expires=280297596632815");  // after a folded line
}

// 3.1.2.5
TEST(Rfc4475Invalid, ScalarlgFlagsOverlargeCSeq) {
  const std::string d = Fixture("scalarlg");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadCSeq) << FlagsToString(m.flags);
  EXPECT_EQ(m.status_code, 503);
  EXPECT_EQ(m.top_via.received, "192.0.2.129");
}

// 3.1.2.6
TEST(Rfc4475Invalid, QuotbalFlagsUnterminatedQuote) {
  const std::string d = Fixture("quotbal");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadTo) << FlagsToString(m.flags);
  EXPECT_EQ(m.from.tag, "93334");
}

TEST(Rfc4475Invalid, RejectedStartLines) {
  struct Case {
    const char* name;
    const char* error;
  } cases[] = {
      {"ltgtruri", "sip: byte 7: Request-URI has no scheme"},   // 3.1.2.7
      {"lwsruri", "sip: byte 29: unsupported SIP version"},     // 3.1.2.8
      {"badvers", "sip: byte 33: unsupported SIP version"},     // 3.1.2.16
      {"bigcode", "sip: byte 8: status code is not 3 digits"},  // 3.1.2.19
  };
  for (const Case& c : cases) {
    const std::string d = Fixture(c.name);
    Message m;
    const util::Status st = Parse(d, &m);
    EXPECT_FALSE(st.ok()) << c.name;
    EXPECT_EQ(st.message(), c.error) << c.name;
  }
}

// 3.1.2.9 and 3.1.2.10: tolerated (servers accept them) but flagged.
TEST(Rfc4475Invalid, LwsstartAndTrwsFlagStartLineWhitespace) {
  const std::string a = Fixture("lwsstart");
  const Message m = ParseOk(a);
  EXPECT_EQ(m.flags, kFlagStartLineWhitespace) << FlagsToString(m.flags);
  EXPECT_TRUE(m.is_invite());
  EXPECT_EQ(m.request_uri_raw, "sip:user@example.com");
  const std::string b = Fixture("trws");
  const Message n = ParseOk(b);
  EXPECT_EQ(n.flags, kFlagStartLineWhitespace) << FlagsToString(n.flags);
  EXPECT_EQ(n.method, "OPTIONS");
}

// 3.1.2.11
TEST(Rfc4475Invalid, EscruriFlagsHeadersInRequestUri) {
  const std::string d = Fixture("escruri");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadRequestUri) << FlagsToString(m.flags);
  EXPECT_EQ(m.request_uri.headers, "Route=%3Csip:example.com%3E");
}

// 3.1.2.12
TEST(Rfc4475Invalid, BaddateFlagsTimeZone) {
  const std::string d = Fixture("baddate");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadDate) << FlagsToString(m.flags);
}

// 3.1.2.13
TEST(Rfc4475Invalid, RegbadctFlagsUnbracketedUriWithHeaders) {
  const std::string d = Fixture("regbadct");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadContact) << FlagsToString(m.flags);
}

// 3.1.2.14
TEST(Rfc4475Invalid, BadaspecFlagsSpacesInAddrSpec) {
  const std::string d = Fixture("badaspec");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadTo) << FlagsToString(m.flags);
  EXPECT_EQ(m.from.display_name, "Bell, Alexander");  // quoted, so fine
}

// 3.1.2.15
TEST(Rfc4475Invalid, BaddnFlagsNonTokenDisplayNames) {
  const std::string d = Fixture("baddn");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadFrom | kFlagBadTo) << FlagsToString(m.flags);
  EXPECT_EQ(m.from.tag, "43");
}

// 3.1.2.17: an OPTIONS whose CSeq says INVITE is no INVITE.
TEST(Rfc4475Invalid, Mismatch01FlagsCSeqMethod) {
  const std::string d = Fixture("mismatch01");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagCSeqMethodMismatch) << FlagsToString(m.flags);
  EXPECT_EQ(m.method, "OPTIONS");
  EXPECT_EQ(m.cseq_method, "INVITE");
  EXPECT_FALSE(m.is_invite());
}

// 3.1.2.18
TEST(Rfc4475Invalid, Mismatch02FlagsCSeqMethod) {
  const std::string d = Fixture("mismatch02");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagCSeqMethodMismatch) << FlagsToString(m.flags);
  EXPECT_EQ(m.method, "NEWMETHOD");
  EXPECT_FALSE(m.is_invite());
  EXPECT_EQ(m.content_length, 138);
}

// 3.2.1: syntactically fine; the branch is just the magic cookie.
TEST(Rfc4475Semantics, Badbranch) {
  const std::string d = Fixture("badbranch");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.top_via.branch, "z9hG4bK");
  EXPECT_EQ(m.max_forwards, 3);
}

// 3.3.1
TEST(Rfc4475Semantics, InsufFlagsMissingHeaders) {
  const std::string d = Fixture("insuf");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagMissingHeader) << FlagsToString(m.flags);
  EXPECT_TRUE(m.call_id.empty());
  EXPECT_TRUE(m.from.raw.empty());
  EXPECT_EQ(m.top_via.branch, "z9hG4bKkdj.insuf");
  EXPECT_EQ(m.content_length, 152);
}

// 3.3.2, 3.3.3, 3.3.4
TEST(Rfc4475Semantics, UnknownSchemes) {
  const std::string a = Fixture("unkscm");
  const Message m = ParseOk(a);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.request_uri.scheme, "nobodyKnowsThisScheme");
  EXPECT_TRUE(m.request_uri.host.empty());
  const std::string b = Fixture("novelsc");
  const Message n = ParseOk(b);
  EXPECT_EQ(n.flags, 0u) << FlagsToString(n.flags);
  EXPECT_EQ(n.request_uri.scheme, "soap.beep");
  const std::string c = Fixture("unksm2");
  const Message o = ParseOk(c);
  EXPECT_EQ(o.flags, 0u) << FlagsToString(o.flags);
  EXPECT_EQ(o.to.uri.scheme, "isbn");
  EXPECT_EQ(o.from.uri.scheme, "http");
  EXPECT_EQ(o.from.tag, "3234233");
  EXPECT_EQ(o.contact.uri.scheme, "name");
}

// 3.3.5, 3.3.6, 3.3.7, 3.3.15
TEST(Rfc4475Semantics, UnsupportedButWellFormed) {
  const std::string a = Fixture("bext01");
  const Message m = ParseOk(a);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(Header(m, "require"), "nothingSupportsThis, nothingSupportsThisEither");
  EXPECT_EQ(m.top_via.transport, "TLS");
  const std::string b = Fixture("invut");
  const Message n = ParseOk(b);
  EXPECT_EQ(n.flags, 0u) << FlagsToString(n.flags);
  EXPECT_EQ(n.content_type, "application/unknownformat");
  EXPECT_EQ(n.body.size(), 40u);
  const std::string c = Fixture("regaut01");
  const Message o = ParseOk(c);
  EXPECT_EQ(o.flags, 0u) << FlagsToString(o.flags);
  EXPECT_EQ(Header(o, "Authorization"), "NoOneKnowsThisScheme opaque-data=here");
  EXPECT_EQ(o.content_length, 0);
  const std::string e = Fixture("sdp01");
  const Message p = ParseOk(e);
  EXPECT_EQ(p.flags, 0u) << FlagsToString(p.flags);
  EXPECT_TRUE(p.is_invite());
  EXPECT_EQ(p.call_id, "sdp01.ndaksdj9342dasdd");
}

// 3.3.8: the first of each repeated header is used.
TEST(Rfc4475Semantics, Multi01FlagsDuplicates) {
  const std::string d = Fixture("multi01");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagDuplicateHeader) << FlagsToString(m.flags);
  EXPECT_EQ(m.cseq_number, 5u);
  EXPECT_EQ(m.call_id, "multi01.98asdh@192.0.2.1");
  EXPECT_EQ(m.to.uri.user, "user");
  EXPECT_EQ(m.from.tag, "3413415");
  EXPECT_EQ(m.max_forwards, 70);
  EXPECT_EQ(m.contact.uri.host, "host25.example.net");
}

// 3.3.9
TEST(Rfc4475Semantics, Mcl01FlagsTwoContentLengths) {
  const std::string d = Fixture("mcl01");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagBadContentLength | kFlagDuplicateHeader) << FlagsToString(m.flags);
  EXPECT_EQ(m.content_length, -1);
  EXPECT_EQ(m.body.substr(0, 12), "There's no w");
  EXPECT_EQ(m.body.data() + m.body.size(), d.data() + d.size());
}

// 3.3.10
TEST(Rfc4475Semantics, Bcast) {
  const std::string d = Fixture("bcast");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.status_code, 200);
  EXPECT_EQ(m.reason, "OK");
  EXPECT_EQ(m.via_count, 2);
  EXPECT_EQ(m.top_via.host, "192.0.2.198");
  EXPECT_EQ(m.top_via.branch, "z9hG4bK1324923");
}

// 3.3.11
TEST(Rfc4475Semantics, Zeromf) {
  const std::string d = Fixture("zeromf");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.max_forwards, 0);
}

// 3.3.12, 3.3.13, 3.3.14: header parameter vs URI parameter vs escaped URI header.
TEST(Rfc4475Semantics, ContactParameters) {
  const std::string a = Fixture("cparam01");
  const Message m = ParseOk(a);
  EXPECT_EQ(m.flags, 0u) << FlagsToString(m.flags);
  EXPECT_EQ(m.contact.uri.user, "+19725552222");
  EXPECT_EQ(m.contact.uri.host, "gw1.example.net");
  EXPECT_TRUE(m.contact.uri.params.empty());
  EXPECT_EQ(m.contact.params, "unknownparam");
  const std::string b = Fixture("cparam02");
  const Message n = ParseOk(b);
  EXPECT_EQ(n.flags, 0u) << FlagsToString(n.flags);
  EXPECT_EQ(n.contact.uri.params, "unknownparam");
  EXPECT_TRUE(n.contact.params.empty());
  const std::string c = Fixture("regescrt");
  const Message o = ParseOk(c);
  EXPECT_EQ(o.flags, 0u) << FlagsToString(o.flags);
  EXPECT_EQ(o.contact.uri.headers, "Route=%3Csip:sip.example.com%3E");
}

// 3.4.1: RFC 2543 syntax: no branch, tag, Max-Forwards or Content-Length.
TEST(Rfc4475Compat, Inv2543) {
  const std::string d = Fixture("inv2543");
  const Message m = ParseOk(d);
  EXPECT_EQ(m.flags, kFlagMissingHeader | kFlagNoContentLength) << FlagsToString(m.flags);
  EXPECT_TRUE(m.is_invite());
  EXPECT_TRUE(m.top_via.branch.empty());
  EXPECT_EQ(m.top_via.host, "iftgw.example.com");
  EXPECT_TRUE(m.from.tag.empty());
  EXPECT_EQ(m.from.uri.params, "user=phone");
  EXPECT_EQ(m.to.uri.params.size(), 0u);
  EXPECT_EQ(m.to.params, "user=phone");  // addr-spec: the parameter is the header's
  EXPECT_EQ(m.content_length, -1);
  EXPECT_EQ(m.body.substr(0, 3), "v=0");
  EXPECT_EQ(m.body.data() + m.body.size(), d.data() + d.size());
}

}  // namespace
}  // namespace sip
