#include "report/html.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>

#include "report/chart_js.h"
#include "report/layout_testing.h"

namespace report {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

std::size_t Count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(RenderHtml, SelfContainedPage) {
  auto html = RenderHtml(testing::SmallLayout());
  ASSERT_TRUE(html.ok()) << html.status().message();
  const std::string& h = *html;
  EXPECT_THAT(h, HasSubstr("Content-Security-Policy\" content=\"default-src 'none'"));
  EXPECT_THAT(h, HasSubstr(std::string(ChartJsSource().substr(0, 200))));
  // Nothing is loaded from anywhere: no src or stylesheet link, no @import or url().
  EXPECT_THAT(h, Not(HasSubstr(" src=")));
  EXPECT_THAT(h, Not(HasSubstr("<link")));
  EXPECT_THAT(h, Not(HasSubstr("@import")));
  EXPECT_EQ(Count(h, "<script"), 3u) << "data, Chart.js, driver";
  EXPECT_THAT(h,
              HasSubstr("id=\"sipddos-render-status\" data-state=\"loading\" data-expected=\"2\""));
}

TEST(RenderHtml, TablesWithFormatsAndNullCells) {
  auto html = RenderHtml(testing::SmallLayout());
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(*html, HasSubstr("<caption>metrics</caption>"));
  EXPECT_THAT(
      *html,
      HasSubstr("<tr><td>gru</td><td class=\"num\">0.9991</td><td class=\"num\">3</td></tr>"));
  EXPECT_THAT(*html,
              HasSubstr("<tr><td>rnn</td><td class=\"null\">-</td><td class=\"num\">4</td></tr>"));
}

TEST(RenderHtml, AnEmptyTableSaysSo) {
  json l = testing::SmallLayout();
  l["sections"][0]["tables"][0]["rows"] = json::array();
  auto html = RenderHtml(l);
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(
      *html,
      HasSubstr("<tbody>\n<tr><td class=\"null\" colspan=\"3\">no rows</td></tr>\n</tbody>"));
}

TEST(RenderHtml, ConfusionMatrixShadesByRowShare) {
  auto html = RenderHtml(testing::SmallLayout());
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(*html, HasSubstr("<th>actual \\ predicted</th><th>benign</th><th>malicious</th>"));
  // 90 of 100: alpha 0.06 + 0.84 * 0.9 = 0.816, white text.
  EXPECT_THAT(
      *html,
      HasSubstr("background:rgba(31,119,180,0.816);color:#fff\">90<small>90.0% of row</small>"));
  EXPECT_THAT(
      *html,
      HasSubstr("background:rgba(31,119,180,0.144);color:#222\">10<small>10.0% of row</small>"));
}

TEST(RenderHtml, ChartsAndTheirData) {
  auto html = RenderHtml(testing::SmallLayout());
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(*html, HasSubstr("<canvas id=\"chart-0-0\""));
  EXPECT_THAT(*html, HasSubstr("<canvas id=\"chart-0-1\""));
  EXPECT_THAT(*html, HasSubstr("1 point at or below zero not shown on the log axis."));
  std::smatch m;
  ASSERT_TRUE(std::regex_search(*html, m, std::regex(R"(id="sipddos-charts">([^<]*)</script>)")));
  json charts = json::parse(m[1].str());
  ASSERT_EQ(charts.size(), 2u);
  EXPECT_EQ(charts[0]["canvas"], "chart-0-0");
  EXPECT_EQ(charts[1]["config"]["type"], "bar");
}

TEST(RenderHtml, HostileTextStaysText) {
  auto html = RenderHtml(testing::SampleLayout());
  ASSERT_TRUE(html.ok()) << html.status().message();
  const std::string& h = *html;
  EXPECT_EQ(Count(h, "<script"), 3u);
  EXPECT_EQ(Count(h, "</script"), 3u);
  EXPECT_THAT(h, Not(HasSubstr("<b>")));
  EXPECT_THAT(h, HasSubstr("&lt;b&gt;not bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
  EXPECT_THAT(h,
              HasSubstr("<td>&lt;/td&gt;&lt;script&gt;console.error(&#39;injected in cell&#39;)"));
  EXPECT_THAT(
      h, HasSubstr("\\u003c/script\\u003e\\u003cscript\\u003econsole.error('injected in series')"));
}

TEST(RenderHtml, NoChartsNoLibrary) {
  json l = json::parse(R"({"title": "t", "sections": [{"id": "a", "title": "A", "plots": [
      {"id": "cm", "kind": "confusion", "labels": ["x"], "matrix": [[0]]}]}]})");
  auto html = RenderHtml(l);
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(*html, Not(HasSubstr(std::string(ChartJsSource().substr(0, 200)))));
  EXPECT_THAT(*html, HasSubstr("data-expected=\"0\""));
  EXPECT_THAT(*html, HasSubstr(">0<small>0.0% of row</small>"))
      << "an empty row divides by nothing";
}

TEST(RenderHtml, SectionsBecomeAnchorsAndParagraphs) {
  json l = json::parse(R"({"title": "t", "sections": [
      {"id": "one", "title": "First", "text": "a\nb\n\nc"}, {"id": "two", "title": "Second"}]})");
  auto html = RenderHtml(l);
  ASSERT_TRUE(html.ok());
  EXPECT_THAT(*html, HasSubstr("<li><a href=\"#one\">First</a></li>"));
  EXPECT_THAT(*html, HasSubstr("<section id=\"two\">\n<h2>Second</h2>"));
  EXPECT_THAT(*html, HasSubstr("<p>a b</p>\n<p>c</p>"));
}

TEST(RenderHtml, RejectsABadLayout) {
  json l = testing::SmallLayout();
  l["sections"][0]["plots"][0]["series"][0]["points"][2] = {1};
  auto html = RenderHtml(l);
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.status().message(),
            "report layout: sections[0].plots[0].series[0].points[2]: expected [x, y]");
}

}  // namespace
}  // namespace report
