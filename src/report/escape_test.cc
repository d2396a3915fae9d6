#include "report/escape.h"

#include <gtest/gtest.h>

namespace report {
namespace {

TEST(EscapeHtml, EscapesMarkupAndQuotes) {
  EXPECT_EQ(EscapeHtml("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;");
  EXPECT_EQ(EscapeHtml("plain text 0.99"), "plain text 0.99");
  EXPECT_EQ(EscapeHtml("&amp;"), "&amp;amp;");  // text, not an entity
}

TEST(EscapeMarkdown, EscapesInlineConstructs) {
  EXPECT_EQ(EscapeMarkdown("*bold* _it_ `code` [link](http://x) <b>"),
            "\\*bold\\* \\_it\\_ \\`code\\` \\[link\\](http://x) \\<b\\>");
  EXPECT_EQ(EscapeMarkdown("a|b \\ c # d ~e~ &amp;"), "a\\|b \\\\ c \\# d \\~e\\~ \\&amp;");
}

TEST(EscapeMarkdown, NeutralisesBlockStarts) {
  EXPECT_EQ(EscapeMarkdown("- item"), "\\- item");
  EXPECT_EQ(EscapeMarkdown("+ item"), "\\+ item");
  EXPECT_EQ(EscapeMarkdown("=== rule"), "\\=== rule");
  EXPECT_EQ(EscapeMarkdown("12. point"), "12\\. point");
  EXPECT_EQ(EscapeMarkdown("3) point"), "3\\) point");
  EXPECT_EQ(EscapeMarkdown("    indented code"), "indented code");
  EXPECT_EQ(EscapeMarkdown("# heading"), "\\# heading");
  // Only at the start: numbers inside text stay readable.
  EXPECT_EQ(EscapeMarkdown("x -1.5 and 2. too"), "x -1.5 and 2. too");
}

TEST(EscapeMarkdown, LineBreaksBecomeSpaces) {
  EXPECT_EQ(EscapeMarkdown("one\ntwo\r\n- three"), "one two  - three");
  EXPECT_EQ(EscapeMarkdown(" \n "), "");
}

TEST(EscapeMarkdownCell, KeepsLeadingSignsPlain) {
  EXPECT_EQ(EscapeMarkdownCell("-0.5"), "-0.5");
  EXPECT_EQ(EscapeMarkdownCell("1."), "1.");
  EXPECT_EQ(EscapeMarkdownCell("a|b"), "a\\|b");
  EXPECT_EQ(EscapeMarkdownCell("x\ny"), "x y");
}

TEST(MarkdownCodeBlock, FenceOutgrowsBackticksInside) {
  EXPECT_EQ(MarkdownCodeBlock("sipddos evaluate"), "```\nsipddos evaluate\n```\n");
  EXPECT_EQ(MarkdownCodeBlock("a ```` b"), "`````\na ```` b\n`````\n");
}

TEST(ScriptSafeJson, NoMarkupCanCloseTheScript) {
  nlohmann::json v = {{"name", "</script><script>alert(1)</script><!-- & -->"}};
  std::string s = ScriptSafeJson(v);
  EXPECT_EQ(s.find('<'), std::string::npos) << s;
  EXPECT_EQ(s.find('>'), std::string::npos) << s;
  EXPECT_EQ(s.find('&'), std::string::npos) << s;
  EXPECT_EQ(nlohmann::json::parse(s), v) << "the same JSON value";
}

TEST(ScriptSafeJson, ReplacesInvalidUtf8InsteadOfThrowing) {
  nlohmann::json v = {{"name", std::string("bad \xff byte")}};
  std::string s = ScriptSafeJson(v);
  EXPECT_EQ(nlohmann::json::parse(s)["name"], "bad \xEF\xBF\xBD byte");
}

}  // namespace
}  // namespace report
