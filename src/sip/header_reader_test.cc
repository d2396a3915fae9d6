#include "sip/header_reader.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sip {
namespace {

std::vector<HeaderField> ReadAll(std::string_view data, HeaderReader* r) {
  std::vector<HeaderField> out;
  HeaderField f;
  while (r->Next(&f)) out.push_back(f);
  return out;
}

TEST(HeaderReader, FoldingAndLineEnds) {
  const std::string d =
      "A: one\r\nB :  two\r\n  more\r\n\tand more\r\nC:three\nD:\r\n\r\nbody: not a header\r\n";
  HeaderReader r(d);
  const auto f = ReadAll(d, &r);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].name, "A");
  EXPECT_EQ(f[0].value, "one");
  EXPECT_FALSE(f[0].bare_lf);
  EXPECT_EQ(f[1].name, "B");
  EXPECT_EQ(f[1].value, "two\r\n  more\r\n\tand more");
  EXPECT_EQ(f[1].offset, 8u);
  EXPECT_EQ(f[2].value, "three");
  EXPECT_TRUE(f[2].bare_lf);
  EXPECT_EQ(f[3].value, "");
  EXPECT_TRUE(r.terminated());
  EXPECT_EQ(d.substr(r.end()), "body: not a header\r\n");
}

TEST(HeaderReader, UnterminatedAndMalformed) {
  const std::string d = "no colon here\r\n: empty name\r\nX: last";
  HeaderReader r(d);
  const auto f = ReadAll(d, &r);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].id, HeaderId::kMalformed);
  EXPECT_EQ(f[1].id, HeaderId::kMalformed);
  EXPECT_EQ(f[2].value, "last");
  EXPECT_FALSE(r.terminated());
  EXPECT_EQ(r.end(), d.size());
}

TEST(HeaderReader, LoneCrAtEnd) {
  const std::string d = "X: y\r\n\r";
  HeaderReader r(d);
  EXPECT_EQ(ReadAll(d, &r).size(), 1u);
  EXPECT_FALSE(r.terminated());
}

TEST(HeaderNames, CompactFormsAndCase) {
  EXPECT_EQ(ClassifyHeaderName("v"), HeaderId::kVia);
  EXPECT_EQ(ClassifyHeaderName("V"), HeaderId::kVia);
  EXPECT_EQ(ClassifyHeaderName("vIA"), HeaderId::kVia);
  EXPECT_EQ(ClassifyHeaderName("i"), HeaderId::kCallId);
  EXPECT_EQ(ClassifyHeaderName("CALL-id"), HeaderId::kCallId);
  EXPECT_EQ(ClassifyHeaderName("f"), HeaderId::kFrom);
  EXPECT_EQ(ClassifyHeaderName("t"), HeaderId::kTo);
  EXPECT_EQ(ClassifyHeaderName("m"), HeaderId::kContact);
  EXPECT_EQ(ClassifyHeaderName("l"), HeaderId::kContentLength);
  EXPECT_EQ(ClassifyHeaderName("c"), HeaderId::kContentType);
  EXPECT_EQ(ClassifyHeaderName("s"), HeaderId::kSubject);
  EXPECT_EQ(ClassifyHeaderName("k"), HeaderId::kSupported);
  EXPECT_EQ(ClassifyHeaderName("e"), HeaderId::kContentEncoding);
  EXPECT_EQ(ClassifyHeaderName("o"), HeaderId::kEvent);
  EXPECT_EQ(ClassifyHeaderName("r"), HeaderId::kReferTo);
  EXPECT_EQ(ClassifyHeaderName("u"), HeaderId::kAllowEvents);
  EXPECT_EQ(ClassifyHeaderName("x"), HeaderId::kSessionExpires);
  EXPECT_EQ(ClassifyHeaderName("z"), HeaderId::kUnknown);
  EXPECT_EQ(ClassifyHeaderName("Allow"), HeaderId::kUnknown);
  EXPECT_EQ(ClassifyHeaderName("Vias"), HeaderId::kUnknown);
  EXPECT_EQ(HeaderName(HeaderId::kCallId), "Call-ID");
  EXPECT_EQ(HeaderName(HeaderId::kUnknown), "");
}

}  // namespace
}  // namespace sip
