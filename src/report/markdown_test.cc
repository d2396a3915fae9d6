#include "report/markdown.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "report/layout_testing.h"

namespace report {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(RenderMarkdown, TablesWithFormatsNullCellsAndAlignment) {
  auto md = RenderMarkdown(testing::SmallLayout());
  ASSERT_TRUE(md.ok()) << md.status().message();
  EXPECT_THAT(*md, HasSubstr("**metrics**\n\n"
                             "| model | accuracy | n |\n"
                             "| --- | ---: | ---: |\n"
                             "| gru | 0.9991 | 3 |\n"
                             "| rnn | - | 4 |\n"));
}

TEST(RenderMarkdown, AnEmptyTableSaysSo) {
  json l = testing::SmallLayout();
  l["sections"][0]["tables"][0]["rows"] = json::array();
  auto md = RenderMarkdown(l);
  ASSERT_TRUE(md.ok());
  EXPECT_THAT(*md, HasSubstr("| model | accuracy | n |\n| --- | --- | --- |\n\n(no rows)\n\n"));
}

TEST(RenderMarkdown, HeaderSectionsAndCommand) {
  json l = testing::SmallLayout();
  l["subtitle"] = "sub";
  l["generated"] = "2026-11-25T12:00:00Z";
  l["command"] = "sipddos evaluate --model m";
  auto md = RenderMarkdown(l);
  ASSERT_TRUE(md.ok());
  EXPECT_EQ(md->rfind("# t\n\nsub\n\nGenerated 2026-11-25T12:00:00Z.\n\nCommand:\n\n```\nsipddos "
                      "evaluate --model m\n```\n\n",
                      0),
            0u)
      << *md;
  EXPECT_THAT(*md, HasSubstr("## Section zero\n\nhello\n\n"));
}

TEST(RenderMarkdown, PlotsAsTablesOrOneLine) {
  auto md = RenderMarkdown(testing::SmallLayout());
  ASSERT_TRUE(md.ok());
  EXPECT_THAT(
      *md, HasSubstr("### ROC\n\nline plot of tpr against fpr (log scale); series: gru (3 points). "
                     "See the HTML report.\n"));
  EXPECT_THAT(*md, HasSubstr("| intensity | gru | pike |\n| --- | ---: | ---: |\n"
                             "| VL | 5 | - |\n| H | 1 | 2 |\n| VH | - | 3 |\n"));
  EXPECT_THAT(
      *md,
      HasSubstr("| actual \\\\ predicted | benign | malicious |\n| --- | ---: | ---: |\n"
                "| benign | 90 (90.0%) | 10 (10.0%) |\n| malicious | 5 (5.0%) | 95 (95.0%) |\n"));
}

TEST(RenderMarkdown, HostileTextStaysText) {
  json l = json::parse(R"J({"title": "# not *a* heading", "sections": [{"id": "a", "title": "- x",
      "text": "1. no list\n\n<img src=x onerror=alert(1)> [link](javascript:x)",
      "tables": [{"id": "t", "columns": ["a|b", "c"], "rows": [["x\n| y |", "`code`"]]}]}]})J");
  auto md = RenderMarkdown(l);
  ASSERT_TRUE(md.ok());
  EXPECT_THAT(*md, HasSubstr("# \\# not \\*a\\* heading\n"));
  EXPECT_THAT(*md, HasSubstr("## \\- x\n"));
  EXPECT_THAT(
      *md,
      HasSubstr("1\\. no list\n\n\\<img src=x onerror=alert(1)\\> \\[link\\](javascript:x)\n"));
  EXPECT_THAT(*md, HasSubstr("| a\\|b | c |\n| --- | --- |\n| x \\| y \\| | \\`code\\` |\n"));
  for (std::size_t at = md->find('<'); at != std::string::npos; at = md->find('<', at + 1))
    EXPECT_EQ((*md)[at - 1], '\\') << "an unescaped '<' at byte " << at;
}

TEST(RenderMarkdown, RejectsABadLayout) {
  json l = testing::SmallLayout();
  l["sections"][0]["tables"][0]["rows"][0].push_back(1);
  auto md = RenderMarkdown(l);
  ASSERT_FALSE(md.ok());
  EXPECT_EQ(
      md.status().message(),
      "report layout: sections[0].tables[0].rows[0]: expected 3 cells (one per column), got 4");
}

}  // namespace
}  // namespace report
