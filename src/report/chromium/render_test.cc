// Renders the sample layout in headless Chromium through scripts/render-report.sh. Built and
// registered only where CMake found chromium (ctest label "chromium").
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_set>

#include "report/chromium/png_reader.h"
#include "report/report.h"

namespace report {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct ShellRun {
  int status = -1;
  std::string output;
};

ShellRun Shell(const std::string& cmd) {
  ShellRun r;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.output.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("sipddos-render-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Script() const {
    return std::string(SIPDDOS_SOURCE_DIR) + "/scripts/render-report.sh";
  }
  fs::path dir_;
};

TEST_F(RenderTest, SampleLayoutRendersEveryPlotKindWithoutErrors) {
  auto layout =
      nlohmann::json::parse(Read(fs::path(SIPDDOS_REPORT_TESTDATA) / "sample-layout.json"));
  fs::path html = dir_ / "report.html", png = dir_ / "report.png";
  ASSERT_TRUE(WriteReport(layout, html.string()).ok());

  ShellRun r = Shell(Script() + " '" + html.string() + "' '" + png.string() + "'");
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(r.output.find("CONSOLE"), std::string::npos) << r.output;

  // The marker the page writes once every chart is drawn (the script checked data-state).
  ShellRun dom = Shell(
      "chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage "
      "--user-data-dir='" +
      (dir_ / "profile").string() + "' --virtual-time-budget=10000 --dump-dom 'file://" +
      html.string() + "' 2>/dev/null");
  ASSERT_EQ(dom.status, 0);
  EXPECT_NE(dom.output.find("data-state=\"ready\""), std::string::npos);
  EXPECT_NE(dom.output.find("data-drawn=\"5\""), std::string::npos)
      << "3 line/scatter + 2 bar charts";
  // Hostile text stays text: the page's three scripts (data, Chart.js, driver) and no other.
  std::size_t scripts = 0;
  for (std::size_t at = dom.output.find("<script"); at != std::string::npos;
       at = dom.output.find("<script", at + 1))
    ++scripts;
  EXPECT_EQ(scripts, 3u);
  EXPECT_NE(dom.output.find("injected in cell"), std::string::npos) << "shown as text";

  std::string bytes = Read(png);
  EXPECT_GT(bytes.size(), 50000u);
  testing::Image image;
  std::string error;
  ASSERT_TRUE(testing::DecodePng(bytes, &image, &error)) << error;
  EXPECT_EQ(image.width, 1280);
  EXPECT_GT(image.height, 1500);
  std::unordered_set<uint32_t> colours;
  for (std::size_t i = 0; i + 2 < image.pixels.size(); i += image.channels)
    colours.insert(uint32_t{image.pixels[i]} << 16 | uint32_t{image.pixels[i + 1]} << 8 |
                   image.pixels[i + 2]);
  EXPECT_GE(colours.size(), 50u) << "a page of text, tables and coloured curves";
  // The palette's first colour (#1f77b4, the first series) is on the page: the charts drew.
  EXPECT_TRUE(colours.count(0x1f77b4)) << "no pixel of the first series' colour";

  if (const char* keep = std::getenv("SIPDDOS_REPORT_ARTIFACTS")) {
    fs::create_directories(keep);
    for (const char* name : {"report.html", "report.md", "report.png"})
      fs::copy_file(dir_ / name, fs::path(keep) / name, fs::copy_options::overwrite_existing);
  }
}

TEST_F(RenderTest, FailsWhenThePageLogsAnError) {
  fs::path html = dir_ / "broken.html", png = dir_ / "broken.png";
  std::ofstream(html)
      << "<!DOCTYPE html><html><body><span id=\"sipddos-render-status\" data-state=\"ready\" "
         "data-height=\"800\"></span><script>notAFunction();</script></body></html>";
  ShellRun r = Shell(Script() + " '" + html.string() + "' '" + png.string() + "'");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("notAFunction"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(png));
}

TEST_F(RenderTest, FailsWhenTheChartsDidNotDraw) {
  fs::path html = dir_ / "nochart.html", png = dir_ / "nochart.png";
  std::ofstream(html) << "<!DOCTYPE html><html><body><span id=\"sipddos-render-status\" "
                         "data-state=\"loading\">Charts need JavaScript.</span></body></html>";
  ShellRun r = Shell(Script() + " '" + html.string() + "' '" + png.string() + "'");
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("charts not drawn"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(png));
}

}  // namespace
}  // namespace report
