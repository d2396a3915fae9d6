#include "dataset/windows.h"

#include <gtest/gtest.h>

#include "dataset/attack_label.h"

namespace dataset {
namespace {

std::vector<int8_t> Labels(std::string_view s) {
  std::vector<int8_t> v;
  for (char c : s) v.push_back(int8_t(c - '0'));
  return v;
}

TEST(Windows, CountFollowsFloorFormula) {
  WindowParams p;
  EXPECT_EQ(WindowCount(0, p), 0);
  EXPECT_EQ(WindowCount(9, p), 0);
  EXPECT_EQ(WindowCount(10, p), 1);
  EXPECT_EQ(WindowCount(11, p), 1);
  EXPECT_EQ(WindowCount(12, p), 2);
  // Table 1: 1,135,855 train windows need 2,271,718 rows.
  EXPECT_EQ(WindowCount(2271718, p), 1135855);
  EXPECT_EQ(WindowCount(2271719, p), 1135855);
  EXPECT_EQ(WindowCount(2271717, p), 1135854);
  EXPECT_EQ(WindowCount(20, WindowParams{5, 5, 1}), 4);
}

TEST(Windows, LabelNeedsTwoMaliciousMessages) {
  WindowParams p;
  EXPECT_EQ(WindowLabel(Labels("0000000000"), p), 0);
  EXPECT_EQ(WindowLabel(Labels("1000000000"), p),
            0);  // a single probe is not a flood
  EXPECT_EQ(WindowLabel(Labels("1000000001"), p), 1);
  EXPECT_EQ(WindowLabel(Labels("1100000000"), p), 1);
  EXPECT_EQ(WindowLabel(Labels("1111111111"), p), 1);
  EXPECT_EQ(WindowLabel(Labels("1000000000"), WindowParams{10, 2, 1}), 1);
}

TEST(Windows, CountsHandMadeSequence) {
  // 14 rows -> windows at 0, 2, 4: "0000000011" "0000001111" "0000111100".
  auto l = Labels("00000000111100");
  WindowStats st = CountWindows(l, WindowParams{});
  EXPECT_EQ(st.total(), 3);
  EXPECT_EQ(st.malicious, 3);
  EXPECT_EQ(st.legitimate, 0);
  // A lone malicious message: windows at 0 and 2 hold it, window 4 does not.
  l = Labels("00010000000000");
  st = CountWindows(l, WindowParams{});
  EXPECT_EQ(st.legitimate, 3);
  EXPECT_EQ(st.malicious, 0);
  ASSERT_EQ(st.mixed_patterns.size(), 2u);
  EXPECT_EQ(st.CountOf(*ParsePattern("(0,0,0,1,0,0,0,0,0,0)", 10)), 1);
  EXPECT_EQ(st.CountOf(*ParsePattern("(0,1,0,0,0,0,0,0,0,0)", 10)), 1);
}

TEST(Windows, PatternsOrderedByFrequencyAndPrintedLikeTable4) {
  // Attack of 6 messages after 14 legitimate ones, then legitimate again.
  auto l = Labels("00000000000000111111000000000000");
  WindowStats st = CountWindows(l, WindowParams{});
  EXPECT_EQ(st.total(), 12);
  auto t4 = Table4Patterns();
  ASSERT_EQ(t4.size(), 6u);
  EXPECT_EQ(PatternString(t4[1], 10), "(1, 1, 0, 0, 0, 0, 0, 0, 0, 0)");
  EXPECT_EQ(PatternString(t4[5], 10), "(0, 0, 0, 0, 0, 0, 0, 0, 1, 1)");
  EXPECT_EQ(st.CountOf(t4[5]),
            1);  // window at 6: rows 6..15, attack starts at row 14
  EXPECT_EQ(st.CountOf(t4[1]), 1);  // window at 18: rows 18, 19 malicious
  EXPECT_EQ(st.CountOf(t4[0]), 0);
  for (size_t i = 1; i < st.mixed_patterns.size(); ++i)
    EXPECT_GE(st.mixed_patterns[i - 1].second, st.mixed_patterns[i].second);
  for (const auto& [bits, n] : st.mixed_patterns)
    EXPECT_TRUE(IsMixed(bits, 10));
  EXPECT_FALSE(IsMixed(0, 10));
  EXPECT_FALSE(IsMixed(0x3ff, 10));
  EXPECT_FALSE(ParsePattern("(1,1)", 10));
}

TEST(Windows, ValidateRejectsNonsense) {
  EXPECT_TRUE(Validate(WindowParams{}).ok());
  EXPECT_FALSE(Validate(WindowParams{0, 2, 1}).ok());
  EXPECT_FALSE(Validate(WindowParams{65, 2, 1}).ok());
  EXPECT_FALSE(Validate(WindowParams{10, 0, 1}).ok());
  EXPECT_FALSE(Validate(WindowParams{10, 2, 11}).ok());
}

TEST(AttackLabel, RoundTripsEveryCombination) {
  for (Tool t : kAllTools)
    for (Behaviour b : kAllBehaviours)
      for (Spoofing s : kAllSpoofings) {
        AttackKind k{t, b, s};
        auto parsed = ParseAttackLabel(AttackLabel(k));
        ASSERT_TRUE(parsed);
        EXPECT_EQ(*parsed, k);
      }
  EXPECT_EQ(AttackLabel({Tool::kMimic, Behaviour::kVeryHigh, Spoofing::kList}),
            "mimic:very-high:list");
  EXPECT_FALSE(ParseAttackLabel("none"));
  EXPECT_FALSE(ParseAttackLabel("mrsip:fast:random"));
  EXPECT_EQ(RatePerSecond(Intensity::kVHpp), 1000);
  EXPECT_EQ(RatePerSecond(*ParseIntensity("VL")), 10);
  EXPECT_EQ(Name(Intensity::kVHpp), "VH++");
}

}  // namespace
}  // namespace dataset
