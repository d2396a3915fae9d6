#include "report/number_format.h"

#include <gtest/gtest.h>

#include <cmath>

namespace report {
namespace {

using Kind = NumberFormat::Kind;

std::string Fmt(const char* spec, double v) {
  auto f = ParseNumberFormat(spec);
  EXPECT_TRUE(f.ok()) << spec << ": " << f.status().message();
  return f.ok() ? FormatNumber(v, f.value()) : "";
}

TEST(NumberFormat, ParsesTheSupportedSpecs) {
  auto d = ParseNumberFormat("d");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->kind, Kind::kInteger);
  auto f = ParseNumberFormat(".4f");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->kind, Kind::kFixed);
  EXPECT_EQ(f->precision, 4);
  auto p = ParseNumberFormat(".12%");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->kind, Kind::kPercent);
  EXPECT_EQ(p->precision, 12);
}

TEST(NumberFormat, RejectsOthersWithTheSpecNamed) {
  for (const char* bad :
       {"", "f", ".f", "4f", ".4x", ".13f", ".0g", "%d", ".4fx", ".-1f", ".100f"}) {
    auto r = ParseNumberFormat(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_NE(r.status().message().find(std::string("\"") + bad + "\""), std::string::npos);
    }
  }
}

TEST(NumberFormat, Formats) {
  EXPECT_EQ(Fmt(".4f", 0.99912), "0.9991");
  EXPECT_EQ(Fmt(".2f", 9.8712), "9.87");
  EXPECT_EQ(Fmt(".0f", 2.5), "2");  // printf rounds half to even
  EXPECT_EQ(Fmt("d", 12.0), "12");
  EXPECT_EQ(Fmt("d", 2.5), "3");  // half away from zero
  EXPECT_EQ(Fmt("d", -2.5), "-3");
  EXPECT_EQ(Fmt(".2e", 0.0000125), "1.25e-05");
  EXPECT_EQ(Fmt(".3g", 0.000125678), "0.000126");
  EXPECT_EQ(Fmt(".1%", 0.99912), "99.9%");
  EXPECT_EQ(Fmt(".2%", 0.00021), "0.02%");
}

TEST(NumberFormat, NoNegativeZero) {
  EXPECT_EQ(Fmt(".4f", -0.00001), "0.0000");
  EXPECT_EQ(Fmt("d", -0.2), "0");
  EXPECT_EQ(Fmt(".1%", -0.0000001), "0.0%");
  EXPECT_EQ(Fmt(".1e", -0.0), "0.0e+00");
  EXPECT_EQ(Fmt(".4f", -0.5), "-0.5000");
}

TEST(NumberFormat, DefaultKeepsIntegersWholeAndRoundsTheRest) {
  NumberFormat def;
  EXPECT_EQ(FormatNumber(nlohmann::json(41230), def), "41230");
  EXPECT_EQ(FormatNumber(nlohmann::json(9007199254740993LL), def),
            "9007199254740993");  // beyond double
  EXPECT_EQ(FormatNumber(nlohmann::json(18446744073709551615ULL), def), "18446744073709551615");
  EXPECT_EQ(FormatNumber(nlohmann::json(3.0), def), "3");
  EXPECT_EQ(FormatNumber(nlohmann::json(0.123456789), def), "0.123457");
  EXPECT_EQ(FormatNumber(nlohmann::json(1e20), def), "1e+20");
  EXPECT_EQ(FormatNumber(std::nan(""), def), "-");
}

TEST(FormatCell, StringsNumbersAndNull) {
  NumberFormat fixed2{Kind::kFixed, 2};
  EXPECT_EQ(FormatCell(nlohmann::json("gru"), fixed2), "gru");
  EXPECT_EQ(FormatCell(nlohmann::json(1.005), fixed2), "1.00");  // 1.005 is 1.00499... in binary
  EXPECT_EQ(FormatCell(nlohmann::json(nullptr), fixed2), "-");
  EXPECT_EQ(FormatCell(nlohmann::json(7), NumberFormat{Kind::kInteger, 0}), "7");
  EXPECT_EQ(FormatCell(nlohmann::json(7), fixed2), "7.00");
}

}  // namespace
}  // namespace report
