// The line scanners of chars.h against a byte-by-byte reference: every start offset of strings
// of every length 0..80, so each 16-byte window, the overlapping last window and the short copy
// are all reached, for the SSE2 versions and the portable word versions alike.
#include "sip/chars.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace sip::internal {
namespace {

size_t NaiveLf(std::string_view s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == '\n') return i;
  }
  return s.size();
}

size_t NaiveColonBeforeLf(std::string_view s, size_t from) {
  for (size_t i = from; i < s.size() && s[i] != '\n'; ++i) {
    if (s[i] == ':') return i;
  }
  return s.size();
}

TEST(LineScanners, AgreeWithAByteLoopEverywhere) {
  std::mt19937 rng(5);
  const std::string alphabet("ab:\n\r \t\0\x80\xff", 10);  // NUL and high bytes too
  int lines_found = 0, colons_found = 0;
  for (int round = 0; round < 40; ++round) {
    for (size_t len = 0; len <= 80; ++len) {
      std::string s(len, 'x');
      // Sparse specials, so that long runs without LF or ':' occur as well.
      for (char& c : s) {
        if (rng() % 8 == 0) c = alphabet[rng() % alphabet.size()];
      }
      for (size_t from = 0; from <= len; ++from) {
        const size_t lf = NaiveLf(s, from), colon = NaiveColonBeforeLf(s, from);
        ASSERT_EQ(FindLf(s, from), lf) << len << " " << from;
        ASSERT_EQ(FindLfWords(s, from), lf) << len << " " << from;
        size_t c1 = 0, c2 = 0;
        ASSERT_EQ(FindLfNotingColon(s, from, &c1), lf) << len << " " << from;
        ASSERT_EQ(FindLfNotingColonWords(s, from, &c2), lf) << len << " " << from;
        ASSERT_EQ(c1, colon) << len << " " << from;
        ASSERT_EQ(c2, colon) << len << " " << from;
        lines_found += lf < len;
        colons_found += colon < len;
      }
    }
  }
  EXPECT_GT(lines_found, 10000);
  EXPECT_GT(colons_found, 10000);
}

}  // namespace
}  // namespace sip::internal
