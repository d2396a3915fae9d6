#include "report/report.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "report/html.h"
#include "report/layout_testing.h"
#include "report/markdown.h"

namespace report {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class WriteReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sipddos-report-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  static std::string Read(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  fs::path dir_;
};

TEST(MarkdownPathFor, ReplacesTheHtmlExtension) {
  EXPECT_EQ(MarkdownPathFor("out/report.html"), "out/report.md");
  EXPECT_EQ(MarkdownPathFor("report.htm"), "report.md");
  EXPECT_EQ(MarkdownPathFor("out.d/report"), "out.d/report.md");
  EXPECT_EQ(MarkdownPathFor("dir.html/x"), "dir.html/x.md");
  EXPECT_EQ(MarkdownPathFor(".html"), ".html.md");
}

TEST_F(WriteReportTest, WritesHtmlAndMarkdownTwins) {
  fs::path html = dir_ / "report.html";
  util::Status st = WriteReport(testing::SmallLayout(), html.string());
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(Read(html), *RenderHtml(testing::SmallLayout()));
  EXPECT_EQ(Read(dir_ / "report.md"), *RenderMarkdown(testing::SmallLayout()));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 2)
      << "no temporaries left";
}

TEST_F(WriteReportTest, ABadLayoutWritesNothing) {
  fs::path html = dir_ / "report.html";
  nlohmann::json l = testing::SmallLayout();
  l["sections"][0]["id"] = "Bad Id";
  util::Status st = WriteReport(l, html.string());
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("report layout: sections[0].id: expected"));
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(WriteReportTest, AnUnwritablePathIsAnError) {
  util::Status st =
      WriteReport(testing::SmallLayout(), (dir_ / "missing" / "report.html").string());
  ASSERT_FALSE(st.ok());
  EXPECT_THAT(st.message(), HasSubstr("missing/report.html: cannot create"));
  EXPECT_FALSE(WriteReport(testing::SmallLayout(), "-").ok());
}

}  // namespace
}  // namespace report
