#include "report/chart_js.h"

#include <gtest/gtest.h>

namespace report {
namespace {

TEST(ChartJs, EmbedsTheWholeLibrary) {
  std::string_view js = ChartJsSource();
  EXPECT_GT(js.size(), 100000u);
  EXPECT_NE(js.find("Chart.js v"), std::string_view::npos);
  EXPECT_NE(js.find("MIT"), std::string_view::npos);  // the licence header travels with it
  // Inlined verbatim in a <script>: these would end or confuse the element.
  EXPECT_EQ(js.find("</script"), std::string_view::npos);
  EXPECT_EQ(js.find("<!--"), std::string_view::npos);
}

TEST(ChartJs, VersionComesFromTheHeader) {
  std::string v = ChartJsVersion();
  ASSERT_NE(v, "unknown");
  EXPECT_TRUE(std::isdigit(static_cast<unsigned char>(v[0]))) << v;
  EXPECT_NE(v.find('.'), std::string::npos) << v;
}

}  // namespace
}  // namespace report
