#include "report/chart_config.h"

#include <gtest/gtest.h>

#include "report/layout_testing.h"

namespace report {
namespace {

using nlohmann::json;

const json& Plot(const json& layout, int i) { return layout["sections"][0]["plots"][i]; }

TEST(ChartConfig, LineOnALogAxisDropsPointsAtZero) {
  json layout = testing::SmallLayout();
  ChartConfigResult r = ChartConfig(Plot(layout, 0));
  EXPECT_EQ(r.dropped, 1u);
  const json& c = r.config;
  EXPECT_EQ(c["type"], "scatter");
  EXPECT_EQ(c["options"]["scales"]["x"]["type"], "logarithmic");
  EXPECT_EQ(c["options"]["scales"]["y"]["type"], "linear");
  EXPECT_EQ(c["options"]["scales"]["x"]["title"]["text"], "fpr");
  EXPECT_EQ(c["options"]["animation"], false);
  const json& ds = c["data"]["datasets"][0];
  EXPECT_EQ(ds["label"], "gru");
  EXPECT_EQ(ds["showLine"], true);
  EXPECT_EQ(ds["borderColor"], "#1f77b4");
  ASSERT_EQ(ds["data"].size(), 2u);
  EXPECT_EQ(ds["data"][0], json({{"x", 0.01}, {"y", 0.9}}));
}

TEST(ChartConfig, ScatterKeepsDotsAndGapsAndBounds) {
  json p = json::parse(R"({"id": "s", "kind": "scatter", "y_min": 0, "y_max": 2,
      "series": [{"name": "a", "points": [[1, 1], [2, null]]}]})");
  ChartConfigResult r = ChartConfig(p);
  EXPECT_EQ(r.dropped, 0u);
  const json& ds = r.config["data"]["datasets"][0];
  EXPECT_EQ(ds["showLine"], false);
  EXPECT_EQ(ds["data"][1]["y"], nullptr);
  EXPECT_EQ(r.config["options"]["scales"]["y"]["min"], 0);
  EXPECT_EQ(r.config["options"]["scales"]["y"]["max"], 2);
  EXPECT_FALSE(r.config["options"]["scales"]["x"].contains("min"));
  EXPECT_EQ(r.config["options"]["plugins"]["legend"]["display"], false)
      << "one series needs no legend";
}

TEST(ChartConfig, BarCategoriesInOrderOfFirstAppearance) {
  json layout = testing::SmallLayout();
  const json& c = ChartConfig(Plot(layout, 1)).config;
  EXPECT_EQ(c["type"], "bar");
  EXPECT_EQ(c["data"]["labels"], json({"VL", "H", "VH"}));
  EXPECT_EQ(c["data"]["datasets"][0]["data"], json({5, 1, nullptr}));
  EXPECT_EQ(c["data"]["datasets"][1]["data"], json({nullptr, 2, 3}));
  EXPECT_EQ(c["data"]["datasets"][1]["backgroundColor"], "#d62728");
  EXPECT_EQ(c["options"]["scales"]["x"]["type"], "category");
  EXPECT_EQ(c["options"]["plugins"]["legend"]["display"], true);
}

TEST(ChartConfig, NumericBarCategoriesPrintLikeTableNumbers) {
  json p = json::parse(R"({"id": "s", "kind": "bar", "y_log": true,
      "series": [{"name": "a", "points": [[2, 12], [5, 0], [10.5, 33]]}]})");
  ChartConfigResult r = ChartConfig(p);
  EXPECT_EQ(r.config["data"]["labels"], json({"2", "5", "10.5"}));
  EXPECT_EQ(r.dropped, 1u) << "0 on a log y axis";
  EXPECT_EQ(r.config["data"]["datasets"][0]["data"], json({12, nullptr, 33}));
  EXPECT_EQ(r.config["options"]["scales"]["y"]["type"], "logarithmic");
}

TEST(ChartConfig, LongLinesDropTheirDots) {
  json p = {
      {"id", "l"}, {"kind", "line"}, {"series", {{{"name", "a"}, {"points", json::array()}}}}};
  for (int i = 0; i < 100; ++i) p["series"][0]["points"].push_back({i, i * i});
  EXPECT_EQ(ChartConfig(p).config["data"]["datasets"][0]["pointRadius"], 0);
}

TEST(ChartDriverScript, FitsInAScriptElementAndReportsItsState) {
  std::string_view js = ChartDriverScript();
  EXPECT_EQ(js.find("</script"), std::string_view::npos);
  EXPECT_NE(js.find("sipddos-render-status"), std::string_view::npos);
  EXPECT_NE(js.find("'ready'"), std::string_view::npos);
  EXPECT_NE(js.find("data-height"), std::string_view::npos);
  EXPECT_NE(js.find("window.sipddosCharts"), std::string_view::npos) << "live pages update charts";
}

}  // namespace
}  // namespace report
