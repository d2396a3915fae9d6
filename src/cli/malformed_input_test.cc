// Malformed input for every command, run as a user would (docs/robustness.md):
// truncated captures, non-SIP UDP on port 5060, 64 KB headers, 10,000 Via
// headers, NUL bytes, invalid UTF-8, CSVs with missing or extra columns,
// truncated or mis-shaped model files. Each must end in a clear error (exit 1,
// one line naming the file) or a counted skip (exit 0), and a failed run must
// leave no output and no temporary file behind.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "capture/pcap_writer.h"
#include "cli/test_support.h"
#include "dataset/csv_reader.h"
#include "nn/model_file.h"
#include "nn/safetensors.h"
#include "util/ip_address.h"
#include "util/test_if.h"

namespace cli {
namespace {

using ::testing::AllOf;
using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Model(const std::string& name) {
  return std::string(SIPDDOS_SOURCE_DIR) + "/models/" + name;
}

// The names in `dir`, sorted.
std::set<std::string> Entries(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    out.insert(e.path().filename().string());
  return out;
}

std::string Invite(int n, const std::string& extra_headers = "") {
  return "INVITE sip:service@10.0.0.2:5060 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-" +
         std::to_string(n) +
         "\r\n"
         "From: <sip:alice@10.0.0.1>;tag=" +
         std::to_string(n) +
         "\r\n"
         "To: <sip:service@10.0.0.2>\r\n"
         "Call-ID: " +
         std::to_string(n) +
         "@10.0.0.1\r\n"
         "CSeq: 1 INVITE\r\n"
         "Max-Forwards: 70\r\n" +
         extra_headers + "Content-Length: 0\r\n\r\n";
}

// A capture of the given UDP payloads, all 10.0.0.1:5060 -> 10.0.0.2:5060, 1 ms
// apart.
void WritePcap(const std::string& path, const std::vector<std::string>& payloads) {
  auto w = capture::PcapWriter::Create(path);
  ASSERT_TRUE(w.ok()) << w.status().message();
  util::Micros t = 1'700'000'000'000'000;
  for (const std::string& p : payloads) {
    auto span = std::span(reinterpret_cast<const uint8_t*>(p.data()), p.size());
    ASSERT_TRUE(w->WriteUdp(t, util::IpAddress::V4(0x0a000001), 5060,
                            util::IpAddress::V4(0x0a000002), 5060, span)
                    .ok());
    t += 1000;
  }
  ASSERT_TRUE(w->Close().ok());
}

// The hostile captures every capture-reading command gets. Each is well-formed
// pcap.
struct Captures {
  std::string non_sip, big_header, many_vias, nul, bad_utf8;
};

Captures MakeCaptures(const std::string& dir) {
  Captures c{dir + "/non-sip.pcap", dir + "/big-header.pcap", dir + "/many-vias.pcap",
             dir + "/nul.pcap", dir + "/bad-utf8.pcap"};
  std::vector<std::string> junk;
  uint32_t x = 12345;
  for (int i = 0; i < 50; ++i) {
    std::string p(40 + i * 7, '\0');
    for (char& ch : p) ch = static_cast<char>((x = x * 1103515245 + 12345) >> 16);
    junk.push_back(p);
  }
  junk.push_back("");                            // empty datagram
  junk.push_back("SIP/2.0");                     // a start line cut short
  junk.push_back("INVITE sip:a@b SIP/2.0\r\n");  // no header end
  WritePcap(c.non_sip, junk);
  // One header line of 64 KB would not fit a UDP datagram: 65,000 bytes of
  // Subject does.
  WritePcap(c.big_header, {Invite(1, "Subject: " + std::string(65000, 'A') + "\r\n"), Invite(2)});
  std::string vias;
  for (int i = 1; i < 10000; ++i) vias += "v:a\r\n";  // compact form: 10,000 Via lines in 50 KB
  WritePcap(c.many_vias, {Invite(1, vias), Invite(2)});
  std::string nul = Invite(1, std::string("Subject: a\0b\0\0c\r\n", 17));
  nul[3] = '\0';  // inside the method too
  WritePcap(c.nul, {nul, Invite(2, std::string("User-Agent: x\0y\r\n", 17))});
  WritePcap(c.bad_utf8, {Invite(1,
                                "Subject: \xff\xfe\xc3\x28 \xed\xa0\x80\r\n"
                                "Contact: \"\xc0\xaf\" <sip:\xff@10.0.0.1>\r\n")});
  return c;
}

std::string TruncatedPcap(const std::string& dir) {
  std::string real = ReadFile(std::string(SIPDDOS_TESTDATA) + "/real-sip/aaa.pcap");
  std::string path = dir + "/truncated.pcap";
  WriteFile(path, real.substr(0, 5000));  // cut inside a packet record
  return path;
}

// --- inspect

TEST(MalformedInput, InspectTruncatedPcapFailsWithoutOutput) {
  TempDir dir;
  std::string pcap = TruncatedPcap(dir.path());
  WriteFile(dir.path() + "/header-only.pcap", ReadFile(pcap).substr(0, 10));
  for (std::string in : {pcap, dir.path() + "/header-only.pcap"}) {
    auto r = RunSipddos({"inspect", in, "-o", dir.path() + "/out.csv"});
    EXPECT_EQ(r.status, 1) << r.output;
    EXPECT_THAT(r.output, AllOf(HasSubstr(in), ContainsRegex("cut short|truncated")));
    EXPECT_EQ(Entries(dir.path()), (std::set<std::string>{"header-only.pcap", "truncated.pcap"}));
  }
}

TEST(MalformedInput, InspectCountsHostileDatagrams) {
  TempDir dir;
  Captures c = MakeCaptures(dir.path());
  std::string out = dir.path() + "/out.csv";

  // The start line with no header end still parses (flagged headers-unterminated): one INVITE.
  auto r = RunSipddos({"inspect", c.non_sip, "-o", out});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("53 datagrams, 1 SIP messages (1 INVITE)"));
  EXPECT_THAT(r.output, HasSubstr("datagrams that are not SIP: 52"));
  auto rows = dataset::ReadMessageCsv(out);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  EXPECT_EQ(rows->size(), 1u);

  r = RunSipddos({"inspect", c.big_header, "-o", out});
  ASSERT_EQ(r.status, 0) << r.output;
  rows = dataset::ReadMessageCsv(out);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].subject, std::string(65000, 'A'));

  r = RunSipddos({"inspect", c.many_vias, "-o", out});
  ASSERT_EQ(r.status, 0) << r.output;
  rows = dataset::ReadMessageCsv(out);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[0].via,
            "SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1");  // the top one

  // NUL in the method: not an INVITE (counted as a request of another method);
  // NUL in a header value goes into the CSV cell as it is and reads back.
  r = RunSipddos({"inspect", c.nul, "-o", out});
  ASSERT_EQ(r.status, 0) << r.output;
  rows = dataset::ReadMessageCsv(out);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].call_id, "2@10.0.0.1");

  r = RunSipddos({"inspect", c.bad_utf8, "-o", out});
  ASSERT_EQ(r.status, 0) << r.output;
  rows = dataset::ReadMessageCsv(out);
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].subject,
            "\xff\xfe\xc3\x28 \xed\xa0\x80");  // bytes kept, not "fixed"
}

// --- detect and bench --pcap: the same captures through the detection path.

TEST(MalformedInput, DetectTruncatedPcapFailsNamingFile) {
  TempDir dir;
  std::string pcap = TruncatedPcap(dir.path());
  auto r = RunSipddos({"detect", "--pcap", pcap, "-a", dir.path() + "/eve.json", "-q"});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_THAT(r.output, AllOf(HasSubstr(pcap), HasSubstr("byte offset 5000")));
  // The alert log is an append-only log (EVE), opened before reading; nothing
  // was written to it.
  EXPECT_EQ(ReadFile(dir.path() + "/eve.json"), "");
}

TEST(MalformedInput, DetectSurvivesHostileCaptures) {
  TempDir dir;
  Captures c = MakeCaptures(dir.path());
  for (const std::string& pcap : {c.non_sip, c.big_header, c.many_vias, c.nul, c.bad_utf8}) {
    std::string eve = dir.path() + "/eve.json";
    auto r = RunSipddos({"detect", "--pcap", pcap, "-a", eve, "--stats-interval", "0.001"});
    ASSERT_EQ(r.status, 0) << pcap << "\n" << r.output;
    EXPECT_THAT(r.output, HasSubstr("packets")) << pcap;
    // Every line written is valid JSON (the stats events carry the counters).
    for (const std::string& line : Split(ReadFile(eve), '\n')) {
      if (line.empty()) continue;
      auto j = nlohmann::json::parse(line, nullptr, false);
      EXPECT_FALSE(j.is_discarded()) << pcap << ": " << line;
    }
  }
  auto r = RunSipddos({"detect", "--pcap", c.non_sip, "-q", "-a", dir.path() + "/eve.json"});
  EXPECT_EQ(r.status, 0) << r.output;
  r = RunSipddos({"bench", "--pcap", c.many_vias, "--iterations", "10"});
  EXPECT_EQ(r.status, 0) << r.output;
  r = RunSipddos({"bench", "--pcap", TruncatedPcap(dir.path()), "--iterations", "10"});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("truncated.pcap"));
}

// --- model files: detect --model, bench --model

struct BadModels {
  std::vector<std::string> paths;
  std::vector<std::string> reasons;  // what the error must say, per path
};

std::string Encode(const nn::ModelFile& f,
                   const std::function<void(nn::SafetensorsContent&)>& edit) {
  nn::SafetensorsContent c;
  c.metadata = f.meta.ToStrings();
  c.tensors = f.tensors;
  edit(c);
  return nn::EncodeSafetensors(c);
}

BadModels MakeBadModels(const std::string& dir) {
  BadModels m;
  std::string good = ReadFile(Model("default-gru.safetensors"));
  auto add = [&](const std::string& name, const std::string& bytes, const std::string& why) {
    WriteFile(dir + "/" + name, bytes);
    m.paths.push_back(dir + "/" + name);
    m.reasons.push_back(why);
  };
  add("empty.safetensors", "", "truncated");
  add("header-cut.safetensors", good.substr(0, 100), "truncated");
  add("data-cut.safetensors", good.substr(0, good.size() / 2), "truncated");
  auto file = nn::ModelFile::Load(Model("default-gru.safetensors"));
  EXPECT_TRUE(file.ok());
  add("transposed.safetensors",
      Encode(*file,
             [](nn::SafetensorsContent& c) {
               auto& t = c.tensors["rnn.weight_ih_l0"];
               std::swap(t.shape[0], t.shape[1]);
             }),
      "has shape");
  add("missing-tensor.safetensors",
      Encode(*file, [](nn::SafetensorsContent& c) { c.tensors.erase("fc.bias"); }), "fc.bias");
  add("wrong-cell.safetensors",
      Encode(*file, [](nn::SafetensorsContent& c) { c.metadata["model"] = "lstm"; }), "expected");
  add("nul-metadata.safetensors",
      Encode(*file,
             [](nn::SafetensorsContent& c) {
               c.metadata["hidden_size"] = std::string(
                   "3\0"
                   "2",
                   3);
             }),
      "hidden_size");
  add("bad-utf8-metadata.safetensors",
      Encode(*file, [](nn::SafetensorsContent& c) { c.metadata["window"] = "\xff\xfe"; }),
      "window");
  std::string json = "{\"a\":\xff\xfe\"x\"}";  // not JSON: invalid UTF-8 outside a string
  std::string len(8, '\0');
  len[0] = static_cast<char>(json.size());
  add("not-json.safetensors", len + json, "JSON");
  return m;
}

TEST(MalformedInput, BadModelFilesFailWithoutOutput) {
  TempDir dir;
  BadModels models = MakeBadModels(dir.path() + "");
  WritePcap(dir.path() + "/calls.pcap", {Invite(1), Invite(2)});
  std::set<std::string> before = Entries(dir.path());
  for (size_t i = 0; i < models.paths.size(); ++i) {
    const std::string& model = models.paths[i];
    auto r = RunSipddos({"detect", "--pcap", dir.path() + "/calls.pcap", "-m", model, "-a",
                         dir.path() + "/eve.json"});
    EXPECT_EQ(r.status, 1) << model << "\n" << r.output;
    EXPECT_THAT(r.output, AllOf(HasSubstr(model), HasSubstr(models.reasons[i]))) << model;
    if (i % 3 == 0) {  // bench reads models the same way: a sample keeps the test short
      r = RunSipddos({"bench", "--model", model, "--iterations", "10"});
      EXPECT_EQ(r.status, 1) << model << "\n" << r.output;
      EXPECT_THAT(r.output, HasSubstr(model));
    }
  }
  EXPECT_EQ(Entries(dir.path()), before);  // no alert log, no temporary file
}

// --- windows (and train when built): message CSVs

struct Csvs {
  std::string good, missing_columns, extra_column, long_row, short_row, unterminated, nul, bad_utf8,
      many_vias, big_cell, no_label;
};

Csvs MakeCsvs(const std::string& dir) {
  // 30 labelled rows: 20 legitimate then 10 malicious, so windows exist of both
  // kinds.
  std::string header =
      "Seq,Temps,Source,MSG,Via,From,To,Call-ID,CSeq,Contact,Max-Forwards,"
      "Subject,"
      "Content-Type,Content-Length,Label,Attack,Intensity";
  std::vector<std::string> rows;
  for (int i = 1; i <= 30; ++i) {
    bool bad = i > 20;
    rows.push_back(std::to_string(i) + ",1700000000." + std::to_string(100000 + i) + ",10.0.0." +
                   std::to_string(bad ? 99 : i) +
                   ",INVITE sip:service@10.0.0.2 SIP/2.0,SIP/2.0/UDP "
                   "10.0.0.1;branch=z9hG4bK" +
                   std::to_string(i) + ",<sip:u@10.0.0.1>;tag=" + std::to_string(i) +
                   ",<sip:service@10.0.0.2>," + std::to_string(i) +
                   "@h,1 INVITE,<sip:u@10.0.0.1>,70,,application/sdp,0," + (bad ? "1" : "0") + "," +
                   (bad ? "mrsip:high:random,H" : "none,none"));
  }
  auto join = [](const std::string& h, const std::vector<std::string>& r) {
    std::string s = h + "\n";
    for (const auto& x : r) s += x + "\n";
    return s;
  };
  Csvs c;
  auto put = [&](std::string* path, const std::string& name, const std::string& text) {
    *path = dir + "/" + name;
    WriteFile(*path, text);
  };
  put(&c.good, "good.csv", join(header, rows));
  put(&c.missing_columns, "missing-columns.csv",
      join(header.substr(0, header.find(",Content-Length")), rows));
  std::vector<std::string> extra = rows;
  for (auto& r : extra) r += ",x";
  put(&c.extra_column, "extra-column.csv", join(header + ",Note", extra));
  std::vector<std::string> rows_long = rows, rows_short = rows;
  rows_long[6] += ",surplus";
  rows_short[6] = rows_short[6].substr(0, rows_short[6].rfind(','));
  put(&c.long_row, "long-row.csv", join(header, rows_long));
  put(&c.short_row, "short-row.csv", join(header, rows_short));
  std::string text = join(header, rows);
  put(&c.unterminated, "unterminated.csv", text.substr(0, text.size() / 2) + ",\"open quote");
  std::vector<std::string> rows_nul = rows;
  rows_nul[3].insert(rows_nul[3].find("INVITE") + 6, std::string("\0", 1));
  put(&c.nul, "nul.csv", join(header, rows_nul));
  std::vector<std::string> rows_utf8 = rows;
  rows_utf8[4].insert(rows_utf8[4].find("service"), "\xff\xfe\xc3\x28");
  put(&c.bad_utf8, "bad-utf8.csv", join(header, rows_utf8));
  std::vector<std::string> rows_vias = rows;
  std::string vias = "\"";
  for (int i = 0; i < 10000; ++i)
    vias += (i ? "," : "") + std::string("SIP/2.0/UDP h;branch=z9hG4bK") + std::to_string(i);
  vias += "\"";
  size_t v = rows_vias[2].find("SIP/2.0/UDP");
  rows_vias[2].replace(v, rows_vias[2].find(',', v) - v, vias);
  put(&c.many_vias, "many-vias.csv", join(header, rows_vias));
  std::vector<std::string> rows_big = rows;
  rows_big[1].replace(rows_big[1].find(",70,,") + 4, 0, std::string(65536, 'S'));
  put(&c.big_cell, "big-cell.csv", join(header, rows_big));
  std::vector<std::string> rows_nolabel = rows;
  for (auto& r : rows_nolabel) {  // drop Label, Attack, Intensity
    for (int k = 0; k < 3; ++k) r.resize(r.rfind(','));
  }
  put(&c.no_label, "no-label.csv", join(header.substr(0, header.find(",Label")), rows_nolabel));
  return c;
}

TEST(MalformedInput, WindowsRejectsBadCsvsNamingLine) {
  TempDir dir;
  Csvs c = MakeCsvs(dir.path());
  struct Case {
    std::string path, where;
  } cases[] = {{c.missing_columns, "missing-columns.csv:1"},
               {c.long_row, "long-row.csv:8"},
               {c.short_row, "short-row.csv:8"},
               {c.unterminated, "unterminated.csv:"},
               {c.no_label, "no-label.csv"}};
  for (const Case& k : cases) {
    auto r = RunSipddos({"windows", k.path});
    EXPECT_EQ(r.status, 1) << k.path << "\n" << r.output;
    EXPECT_THAT(r.output, HasSubstr(k.where)) << r.output;
    EXPECT_EQ(std::count(r.output.begin(), r.output.end(), '\n'), 1) << r.output;
  }
}

TEST(MalformedInput, WindowsAcceptsOddButValidCsvs) {
  TempDir dir;
  Csvs c = MakeCsvs(dir.path());
  auto want = RunSipddos({"windows", c.good});
  ASSERT_EQ(want.status, 0) << want.output;
  // Same windows: only the labels matter to `windows`, whatever the cells hold.
  std::string table = want.output.substr(want.output.find("windows "));
  for (const std::string& path : {c.extra_column, c.nul, c.bad_utf8, c.many_vias, c.big_cell}) {
    auto r = RunSipddos({"windows", path});
    ASSERT_EQ(r.status, 0) << path << "\n" << r.output;
    EXPECT_THAT(r.output, HasSubstr(table)) << path;
  }
}

// Registered in libtorch builds only (elsewhere there is no `sipddos train` to check).
TEST_IF(RunSipddos({"version"}).output.find("training: libtorch") != std::string::npos,
        MalformedInput, TrainRejectsBadInputWithoutModelFile) {
  TempDir dir;
  Csvs c = MakeCsvs(dir.path());
  BadModels unused = MakeBadModels(dir.path());
  std::set<std::string> before = Entries(dir.path());
  std::string out = dir.path() + "/model.safetensors";
  for (const std::string& bad : {c.missing_columns, c.long_row, c.unterminated, c.no_label}) {
    auto r = RunSipddos({"train", "--train", bad, "--val", c.good, "--out", out, "--epochs", "1",
                         "--features", "paper"});
    EXPECT_EQ(r.status, 1) << bad << "\n" << r.output;
    EXPECT_THAT(r.output, HasSubstr(std::filesystem::path(bad).filename().string()));
    r = RunSipddos({"train", "--train", c.good, "--val", bad, "--out", out, "--epochs", "1",
                    "--features", "paper"});
    EXPECT_EQ(r.status, 1) << bad << "\n" << r.output;
  }
  EXPECT_EQ(Entries(dir.path()), before);
}

// --- simulate and flood: their input is the command line.

TEST(MalformedInput, SimulateBadArgumentsLeaveNothing) {
  TempDir dir;
  std::string out = dir.path() + "/sim";
  auto r = RunSipddos({"simulate", "--out", out, "--splits", "test1,bogus"});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr("bogus"));
  r = RunSipddos({"simulate", "--out", out, "--preset", "nope\xff"});
  EXPECT_EQ(r.status, 2) << r.output;
  WriteFile(dir.path() + "/file", "x");
  r = RunSipddos({"simulate", "--out", dir.path() + "/file/sub", "--splits", "test1"});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_THAT(r.output, HasSubstr(dir.path() + "/file/sub"));
  EXPECT_EQ(Entries(dir.path()), std::set<std::string>{"file"});
}

TEST(MalformedInput, FloodRefusesBadTargets) {
  for (std::string target :
       {"10.0.0.1:5060", "127.0.0.1", "127.0.0.1:99999", "127.0.0.1:5060\xff"}) {
    auto r = RunSipddos({"flood", "--target", target, "--duration", "0.1", "--rate", "10"});
    EXPECT_EQ(r.status, 2) << target << "\n" << r.output;
    EXPECT_THAT(r.output, HasSubstr("target")) << target;
  }
}

}  // namespace
}  // namespace cli
