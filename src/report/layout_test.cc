#include "report/layout.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>

#include "report/layout_testing.h"

namespace report {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

std::string Error(const json& layout) {
  util::Status st = ValidateLayout(layout);
  return st.ok() ? "OK" : st.message();
}

TEST(ValidateLayout, AcceptsTheTestLayouts) {
  EXPECT_EQ(Error(testing::SmallLayout()), "OK");
  EXPECT_EQ(Error(testing::SampleLayout()), "OK");
  EXPECT_EQ(Error(json::parse(R"({"title": "no sections yet", "sections": []})")), "OK");
}

TEST(ValidateLayout, NullOptionalFieldsAndUnknownKeysAreFine) {
  json l = testing::SmallLayout();
  l["subtitle"] = nullptr;
  l["future_key"] = {1, 2};
  l["sections"][0]["plots"][0]["x_min"] = nullptr;
  l["sections"][0]["plots"][0]["y_label"] = nullptr;
  l["sections"][0]["tables"][0]["note"] = nullptr;
  EXPECT_EQ(Error(l), "OK");
}

TEST(ValidateLayout, NamesTheJsonPathOfABadPoint) {
  json l = testing::SmallLayout();
  l["sections"].push_back(l["sections"][0]);
  l["sections"].push_back(l["sections"][0]);
  l["sections"][1]["id"] = "s1";
  l["sections"][2]["id"] = "s2";
  l["sections"][2]["plots"][0]["series"].push_back(
      {{"name", "x"}, {"points", {{1, 2}, {3, 4}, {5, 6}, {7, 8}, {9, 1}, {2}}}});
  EXPECT_EQ(Error(l), "sections[2].plots[0].series[1].points[5]: expected [x, y]");
}

TEST(ValidateLayout, RootAndSectionErrors) {
  EXPECT_EQ(Error(json::array()), "layout: expected an object");
  EXPECT_EQ(Error(json::parse(R"({"sections": []})")), "title: missing (expected a string)");
  EXPECT_EQ(Error(json::parse(R"({"title": 3, "sections": []})")), "title: expected a string");
  EXPECT_EQ(Error(json::parse(R"({"title": "t"})")), "sections: missing (expected an array)");
  EXPECT_EQ(Error(json::parse(R"({"title": "t", "sections": {}})")), "sections: expected an array");
  EXPECT_EQ(Error(json::parse(R"({"title": "t", "sections": [3]})")),
            "sections[0]: expected an object");
  EXPECT_EQ(Error(json::parse(R"({"title": "t", "sections": [{"id": "a"}]})")),
            "sections[0].title: missing (expected a string)");
  EXPECT_EQ(
      Error(json::parse(
          R"({"title": "t", "sections": [{"id": "a", "title": "A"}, {"id": "a", "title": "B"}]})")),
      "sections[1].id: duplicate section id \"a\"");
}

TEST(ValidateLayout, IdsAreLowercaseWordCharacters) {
  for (const char* bad : {"", "Table3", "a b", "a\"b", "<x>", "é"}) {
    json l = testing::SmallLayout();
    l["sections"][0]["id"] = bad;
    EXPECT_THAT(Error(l), HasSubstr("sections[0].id: expected 1 to 64 characters of [a-z0-9_-]"))
        << bad;
  }
  json l = testing::SmallLayout();
  l["sections"][0]["plots"][1]["id"] = "Bar";
  EXPECT_THAT(Error(l), HasSubstr("sections[0].plots[1].id: expected"));
}

TEST(ValidateLayout, TableErrors) {
  auto with = [](auto edit) {
    json l = testing::SmallLayout();
    edit(l["sections"][0]["tables"][0]);
    return Error(l);
  };
  EXPECT_EQ(with([](json& t) { t["columns"] = json::array(); }),
            "sections[0].tables[0].columns: expected at least one column");
  EXPECT_EQ(with([](json& t) { t["columns"][1] = 5; }),
            "sections[0].tables[0].columns[1]: expected a string");
  EXPECT_EQ(with([](json& t) {
              t["rows"][1] = {"rnn", 1};
            }),
            "sections[0].tables[0].rows[1]: expected 3 cells (one per column), got 2");
  EXPECT_EQ(with([](json& t) { t["rows"][0][2] = true; }),
            "sections[0].tables[0].rows[0][2]: expected a string, a number or null");
  EXPECT_EQ(with([](json& t) { t["rows"][0][1] = {1}; }),
            "sections[0].tables[0].rows[0][1]: expected a string, a number or null");
  EXPECT_EQ(with([](json& t) { t["format"]["acc"] = ".4f"; }),
            "sections[0].tables[0].format.acc: no such column");
  EXPECT_EQ(with([](json& t) { t["format"]["n"] = "%d"; }),
            "sections[0].tables[0].format.n: unknown number format \"%d\" (expected d, .Nf, .Ne, "
            ".Ng or .N%)");
  EXPECT_EQ(with([](json& t) { t["format"] = ".4f"; }),
            "sections[0].tables[0].format: expected an object {column: format}");
}

TEST(ValidateLayout, NumbersMustBeFinite) {
  // A layout built in C++ can hold NaN, which JSON cannot carry: the producer writes null.
  json l = testing::SmallLayout();
  l["sections"][0]["tables"][0]["rows"][0][1] = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(
      Error(l),
      "sections[0].tables[0].rows[0][1]: expected a finite number (NaN and infinity must be null)");
  l = testing::SmallLayout();
  l["sections"][0]["plots"][0]["series"][0]["points"][1][1] =
      std::numeric_limits<double>::infinity();
  EXPECT_EQ(Error(l),
            "sections[0].plots[0].series[0].points[1][1]: expected a finite number (NaN and "
            "infinity must be null)");
}

TEST(ValidateLayout, PlotErrors) {
  auto with = [](int plot, auto edit) {
    json l = testing::SmallLayout();
    edit(l["sections"][0]["plots"][plot]);
    return Error(l);
  };
  EXPECT_EQ(with(0, [](json& p) { p["kind"] = "pie"; }),
            "sections[0].plots[0].kind: unknown plot kind \"pie\" (expected line, scatter, bar or "
            "confusion)");
  EXPECT_EQ(with(0, [](json& p) { p.erase("series"); }),
            "sections[0].plots[0].series: missing (expected an array)");
  EXPECT_EQ(with(0, [](json& p) { p["series"][0].erase("name"); }),
            "sections[0].plots[0].series[0].name: missing (expected a string)");
  EXPECT_EQ(with(0, [](json& p) { p["series"][0]["points"][0][0] = "VL"; }),
            "sections[0].plots[0].series[0].points[0][0]: expected a number");
  EXPECT_EQ(with(0, [](json& p) { p["series"][0]["points"][0][1] = "y"; }),
            "sections[0].plots[0].series[0].points[0][1]: expected a number");
  EXPECT_EQ(with(0, [](json& p) { p["x_log"] = "yes"; }),
            "sections[0].plots[0].x_log: expected true or false");
  EXPECT_EQ(with(0, [](json& p) { p["x_min"] = 0; }),
            "sections[0].plots[0].x_min: must be > 0 on a log axis");
  EXPECT_EQ(with(0, [](json& p) { p["y_min"] = 1, p["y_max"] = 1; }),
            "sections[0].plots[0].y_max: must be greater than y_min");
  EXPECT_EQ(with(0, [](json& p) { p["y_max"] = "1"; }),
            "sections[0].plots[0].y_max: expected a number");
  EXPECT_EQ(with(1, [](json& p) { p["series"][0]["points"][0][0] = nullptr; }),
            "sections[0].plots[1].series[0].points[0][0]: expected a number or a category string");
  EXPECT_EQ(
      with(0,
           [](json& p) {
             p["series"][0]["points"] = json(std::vector<json>(kMaxPointsPerSeries + 1, {1, 1}));
           }),
      "sections[0].plots[0].series[0].points: 10001 points, more than the 10000 a series may hold "
      "(downsample)");
}

TEST(ValidateLayout, ConfusionErrors) {
  auto with = [](auto edit) {
    json l = testing::SmallLayout();
    edit(l["sections"][0]["plots"][2]);
    return Error(l);
  };
  EXPECT_EQ(with([](json& p) { p["labels"] = json::array(); }),
            "sections[0].plots[2].labels: expected 1 to 64 labels");
  EXPECT_EQ(with([](json& p) { p["matrix"].erase(1); }),
            "sections[0].plots[2].matrix: expected 2 rows (one per label)");
  EXPECT_EQ(with([](json& p) {
              p["matrix"][1] = {1, 2, 3};
            }),
            "sections[0].plots[2].matrix[1]: expected an array of 2 counts");
  EXPECT_EQ(with([](json& p) { p["matrix"][0][1] = -1; }),
            "sections[0].plots[2].matrix[0][1]: expected a count >= 0");
  EXPECT_EQ(with([](json& p) { p["matrix"][0][1] = nullptr; }), "OK");
}

}  // namespace
}  // namespace report
