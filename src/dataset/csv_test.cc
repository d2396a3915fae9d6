#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "dataset/csv_reader.h"
#include "dataset/csv_writer.h"

namespace dataset {
namespace {

class CsvTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("dataset_csv_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) {
    std::string p = (dir_ / name).string();
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  std::filesystem::path dir_;
};

MessageRecord Sample() {
  MessageRecord r;
  r.seq = 7;
  r.time = 1700000000123456;
  r.source = "192.168.56.106";
  r.msg = "INVITE sip:service@192.168.56.101:5060 SIP/2.0";
  r.via = "SIP/2.0/UDP 192.168.56.106:5060;branch=z9hG4bK-572660336-0";
  r.from =
      "\"User, 5\" "
      "<sip:SipPhone5_192.168.56.106@192.168.56.101:5060>;tag=1159126505";
  r.to = "service <sip:service@192.168.56.101:5060>";
  r.call_id = "10-1827336327@192.168.56.101";
  r.cseq = "1 INVITE";
  r.contact = "line1\r\nline2";
  r.max_forwards = 70;
  r.subject = "Performance Test";
  r.content_type = "application/sdp";
  r.content_length = 134;
  r.label = 1;
  r.attack = "mrsip:abrupt:random";
  r.intensity = "VH++";
  return r;
}

void ExpectSame(const MessageRecord& a, const MessageRecord& b) {
  EXPECT_EQ(a.seq, b.seq);
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(a.msg, b.msg);
  EXPECT_EQ(a.via, b.via);
  EXPECT_EQ(a.from, b.from);
  EXPECT_EQ(a.to, b.to);
  EXPECT_EQ(a.call_id, b.call_id);
  EXPECT_EQ(a.cseq, b.cseq);
  EXPECT_EQ(a.contact, b.contact);
  EXPECT_EQ(a.max_forwards, b.max_forwards);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.content_type, b.content_type);
  EXPECT_EQ(a.content_length, b.content_length);
  EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.attack, b.attack);
  EXPECT_EQ(a.intensity, b.intensity);
}

TEST(CsvField, QuotesOnlyWhenNeeded) {
  std::string s;
  AppendCsvField("plain value", &s);
  EXPECT_EQ(s, "plain value");
  s.clear();
  AppendCsvField("a,b", &s);
  EXPECT_EQ(s, "\"a,b\"");
  s.clear();
  AppendCsvField("say \"hi\"", &s);
  EXPECT_EQ(s, "\"say \"\"hi\"\"\"");
  s.clear();
  AppendCsvField("x\ny", &s);
  EXPECT_EQ(s, "\"x\ny\"");
}

TEST(CsvRow, FormatsUnknownsAsEmptyCells) {
  MessageRecord r;
  r.seq = 1;
  r.time = -1500000;
  std::string s;
  AppendCsvRow(r, &s);
  EXPECT_EQ(s, "1,-1.500000,,,,,,,,,,,,,,,\n");
  s.clear();
  AppendCsvHeader(&s);
  EXPECT_EQ(s,
            "Seq,Temps,Source,MSG,Via,From,To,Call-ID,CSeq,Contact,Max-"
            "Forwards,Subject,"
            "Content-Type,Content-Length,Label,Attack,Intensity\n");
}

TEST_F(CsvTest, RoundTripKeepsEveryFieldIncludingQuotesAndNewlines) {
  std::string path = (dir_ / "rt.csv").string();
  MessageRecord a = Sample(), b = Sample();
  b.seq = 8;
  b.time = 5;
  b.from = "\"\"";
  b.max_forwards = -1;
  b.content_length = -1;
  b.label = kLabelUnknown;
  b.attack = "";
  b.intensity = "";
  MessageCsvWriter w;
  ASSERT_TRUE(w.Open(path).ok());
  ASSERT_TRUE(w.Write(a).ok());
  ASSERT_TRUE(w.Write(b).ok());
  EXPECT_FALSE(std::filesystem::exists(path));  // nothing visible before Commit
  ASSERT_TRUE(w.Commit().ok());
  auto rows = ReadMessageCsv(path);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  ExpectSame((*rows)[0], a);
  ExpectSame((*rows)[1], b);
}

TEST_F(CsvTest, AcceptsCrlfAndReorderedColumnsWithoutLabels) {
  std::string p = Write(
      "crlf.csv",
      "Temps,Seq,Source,MSG,Via,From,To,Call-ID,CSeq,Contact,Max-Forwards,"
      "Subject,Content-Type,Content-Length\r\n"
      "1.5,3,10.0.0.1,INVITE x SIP/2.0,v,f,t,c,1 INVITE,m,70,,,0\r\n");
  MessageCsvReader r;
  ASSERT_TRUE(r.Open(p).ok());
  EXPECT_FALSE(r.has_labels());
  MessageRecord rec;
  auto more = r.Next(&rec);
  ASSERT_TRUE(more.ok()) << more.status().message();
  ASSERT_TRUE(*more);
  EXPECT_EQ(rec.seq, 3u);
  EXPECT_EQ(rec.time, 1500000);
  EXPECT_EQ(rec.content_length, 0);
  EXPECT_EQ(rec.label, kLabelUnknown);
  EXPECT_FALSE(*r.Next(&rec));
}

TEST_F(CsvTest, EmptyFileNamesFileAndLine) {
  std::string p = Write("empty.csv", "");
  auto rows = ReadMessageCsv(p);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find(p + ":1: empty file"),
            std::string::npos)
      << rows.status().message();
}

TEST_F(CsvTest, MissingColumnIsNamed) {
  std::string p = Write("nosrc.csv", "Seq,Temps,MSG\n1,0.0,x\n");
  auto rows = ReadMessageCsv(p);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find(p + ":1: missing column \"Source\""),
            std::string::npos)
      << rows.status().message();
}

std::string Header() {
  std::string h;
  AppendCsvHeader(&h);
  return h;
}

TEST_F(CsvTest, WrongTypeNamesLineAndColumn) {
  MessageRecord r = Sample();
  r.from = "multi\nline";  // with Contact's CRLF this row spans lines 2-4
  std::string good;
  AppendCsvRow(r, &good);
  std::string p =
      Write("bad.csv",
            Header() + good + "2,1.0,a,b,c,d,e,f,g,h,seventy,,,,0,none,none\n");
  auto rows = ReadMessageCsv(p);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(),
            p + ":5:11: Max-Forwards: expected a non-negative integer or "
                "nothing, got \"seventy\"");

  p = Write("badlabel.csv",
            Header() + "1,1.0,a,b,c,d,e,f,g,h,70,,,,2,none,none\n");
  rows = ReadMessageCsv(p);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(),
            p + ":2:15: Label: expected 0, 1 or nothing, got \"2\"");

  p = Write("badtime.csv",
            Header() + "1,1.1234567,a,b,c,d,e,f,g,h,70,,,,1,none,none\n");
  rows = ReadMessageCsv(p);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find(p + ":2:2: Temps"), std::string::npos);
}

TEST_F(CsvTest, FieldCountAndQuotingErrors) {
  std::string p = Write("short.csv", Header() + "1,1.0,a\n");
  auto rows = ReadMessageCsv(p);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(),
            p + ":2: expected 17 fields as in the header, found 3");

  p = Write("open.csv", Header() + "1,1.0,\"never closed\n");
  rows = ReadMessageCsv(p);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(), p + ":2:3: unterminated quoted field");

  p = Write("after.csv", Header() + "1,1.0,\"a\"b,,,,,,,,,,,,,,\n");
  rows = ReadMessageCsv(p);
  ASSERT_FALSE(rows.ok());
  EXPECT_EQ(rows.status().message(),
            p + ":2:3: unexpected character after a closing quote");
}

TEST_F(CsvTest, ReadLabelsNeedsEveryLabel) {
  std::string p =
      Write("labels.csv", Header() + "1,1.0,a,b,c,d,e,f,g,h,70,,,,1,x,VL\n" +
                              "2,1.1,a,b,c,d,e,f,g,h,70,,,,0,none,none\n");
  auto l = ReadLabels(p);
  ASSERT_TRUE(l.ok()) << l.status().message();
  EXPECT_EQ(*l, (std::vector<int8_t>{1, 0}));
  p = Write("unlabelled.csv", Header() + "1,1.0,a,b,c,d,e,f,g,h,70,,,,,,\n");
  l = ReadLabels(p);
  ASSERT_FALSE(l.ok());
  EXPECT_EQ(l.status().message(),
            p + ":2:15: Label: empty, but windows need every row labelled");
}

TEST(ParseSeconds, AcceptsUpToSixDecimals) {
  util::Micros t;
  ASSERT_TRUE(ParseSeconds("12.5", &t));
  EXPECT_EQ(t, 12500000);
  ASSERT_TRUE(ParseSeconds("-0.000001", &t));
  EXPECT_EQ(t, -1);
  ASSERT_TRUE(ParseSeconds("3", &t));
  EXPECT_EQ(t, 3000000);
  EXPECT_FALSE(ParseSeconds("3.", &t));
  EXPECT_FALSE(ParseSeconds("x", &t));
  EXPECT_FALSE(ParseSeconds("1.2.3", &t));
}

}  // namespace
}  // namespace dataset
