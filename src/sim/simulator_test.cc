#include "sim/simulator.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "capture/packet_source.h"
#include "dataset/csv_reader.h"
#include "dataset/from_message.h"
#include "sip/parser.h"

namespace sim {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  fs::path d = fs::temp_directory_path() /
               ("sim_test_" + std::to_string(getpid()) + "_" + name);
  fs::remove_all(d);
  return d;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The small preset's test1 split with both formats, generated once for the
// tests below.
class SmallTest1 : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new fs::path(TempDir("small"));
    SimulateOptions o;
    o.out_dir = dir_->string();
    o.seed = 11;
    o.splits = {"test1"};
    auto r = Simulate(SmallPreset(), o);
    ASSERT_TRUE(r.ok()) << r.status().message();
    summary_ = new SplitSummary((*r)[0]);
    auto rows = dataset::ReadMessageCsv((*dir_ / "test1.csv").string());
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    rows_ = new std::vector<dataset::MessageRecord>(std::move(*rows));
  }
  static void TearDownTestSuite() {
    fs::remove_all(*dir_);
    delete dir_;
    delete summary_;
    delete rows_;
  }
  static fs::path* dir_;
  static SplitSummary* summary_;
  static std::vector<dataset::MessageRecord>* rows_;
};
fs::path* SmallTest1::dir_;
SplitSummary* SmallTest1::summary_;
std::vector<dataset::MessageRecord>* SmallTest1::rows_;

TEST_F(SmallTest1, CsvHasTheTargetRowsAndConsistentLabels) {
  EXPECT_EQ(rows_->size(),
            4318u);  // 1% of Table 1's 215,455 windows, W 10, step 2
  EXPECT_EQ(summary_->windows.total(), 2155);
  int64_t malicious = 0;
  std::map<std::string, int64_t> by_attack;
  for (size_t i = 0; i < rows_->size(); ++i) {
    const dataset::MessageRecord& r = (*rows_)[i];
    ASSERT_EQ(r.seq, i + 1);
    if (i) {
      ASSERT_GE(r.time, (*rows_)[i - 1].time);
    }
    ASSERT_TRUE(r.msg.rfind("INVITE ", 0) == 0) << r.msg;
    if (r.label == dataset::kLabelLegitimate) {
      EXPECT_EQ(r.attack, "none");
      EXPECT_EQ(r.intensity, "none");
    } else {
      ASSERT_EQ(r.label, dataset::kLabelMalicious);
      EXPECT_TRUE(dataset::ParseAttackLabel(r.attack)) << r.attack;
      EXPECT_TRUE(dataset::ParseIntensity(r.intensity)) << r.intensity;
      ++malicious;
      ++by_attack[r.attack];
    }
  }
  EXPECT_EQ(malicious, summary_->malicious_rows);
  EXPECT_EQ(by_attack, summary_->rows_by_attack);
  EXPECT_GT(by_attack.size(), 1u);
  auto manifest = nlohmann::json::parse(Slurp(*dir_ / "manifest.json"));
  EXPECT_EQ(manifest["seed"], 11);
  EXPECT_EQ(manifest["splits"]["test1"]["rows"], 4318);
  EXPECT_EQ(manifest["splits"]["test1"]["windows"]["total"], 2155);
  EXPECT_EQ(manifest["splits"]["test1"]["malicious_rows"], malicious);
}

TEST_F(SmallTest1, TsharkCountsOneInvitePerCsvRow) {
  std::string cmd =
      "tshark -n -r '" + (*dir_ / "test1.pcap").string() +
      "' -Y 'sip.Method == \"INVITE\"' -T fields -e frame.number 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  size_t lines = 0;
  char buf[256];
  while (fgets(buf, sizeof buf, p)) ++lines;
  ASSERT_EQ(pclose(p), 0) << "tshark failed (is it installed?)";
  EXPECT_EQ(lines, rows_->size());
}

// What `sipddos inspect` does: the pcap's INVITEs through capture, sip::Parse
// and RecordFromMessage give the CSV's rows, labels aside. And the other
// packets make sense.
TEST_F(SmallTest1, PcapReproducesTheCsvAndItsDialogs) {
  auto src = capture::OpenFile((*dir_ / "test1.pcap").string());
  ASSERT_TRUE(src.ok()) << src.status().message();
  capture::Datagram d;
  sip::Message m;
  dataset::MessageRecord rec;
  size_t row = 0;
  util::Micros last = 0;
  struct Call {
    int label = -1;
    int oks = 0, acks = 0, byes = 0, bye_oks = 0, invites = 0;
    util::Micros first_ok = 0;
    std::string branch, invite_src;
  };
  std::map<std::string, Call> calls;
  while (true) {
    auto more = (*src)->Next(&d);
    ASSERT_TRUE(more.ok()) << more.status().message();
    if (!*more) break;
    ASSERT_GE(d.ts, last);
    last = d.ts;
    std::string_view text(reinterpret_cast<const char*>(d.payload.data()),
                          d.payload.size());
    ASSERT_TRUE(sip::Parse(text, &m).ok()) << text;
    Call& c = calls[std::string(m.call_id)];
    if (m.is_invite()) {
      ASSERT_LT(row, rows_->size());
      const dataset::MessageRecord& want = (*rows_)[row++];
      dataset::RecordFromMessage(m, d.ts, d.src, &rec);
      EXPECT_EQ(rec.time, want.time);
      EXPECT_EQ(rec.source, want.source);
      EXPECT_EQ(rec.msg, want.msg);
      EXPECT_EQ(rec.via, want.via);
      EXPECT_EQ(rec.from, want.from);
      EXPECT_EQ(rec.to, want.to);
      EXPECT_EQ(rec.call_id, want.call_id);
      EXPECT_EQ(rec.cseq, want.cseq);
      EXPECT_EQ(rec.contact, want.contact);
      EXPECT_EQ(rec.max_forwards, want.max_forwards);
      EXPECT_EQ(rec.subject, want.subject);
      EXPECT_EQ(rec.content_type, want.content_type);
      EXPECT_EQ(rec.content_length, want.content_length);
      EXPECT_EQ(d.dport, 5060);
      if (c.invites++ > 0) {
        EXPECT_EQ(c.label, 0);  // only phones retransmit, with the same branch
        EXPECT_EQ(c.branch, std::string(m.top_via.branch));
      }
      c.label = want.label;
      c.branch = std::string(m.top_via.branch);
      c.invite_src = rec.source;
    } else if (!m.is_request && m.cseq_method == "INVITE") {
      EXPECT_EQ(d.dst.ToString(),
                c.invite_src);  // sent to the (spoofed) source
      if (m.status_code == 200 && c.oks++ == 0) c.first_ok = d.ts;
    } else if (m.method == "ACK") {
      ++c.acks;
    } else if (m.method == "BYE") {
      ++c.byes;
    } else if (!m.is_request && m.cseq_method == "BYE") {
      ++c.bye_oks;
    }
  }
  EXPECT_EQ(row, rows_->size());
  int complete = 0, floods = 0, complete_trunk = 0;
  std::set<std::string> trunk_addresses;
  for (uint32_t a : MakeNetwork(1, 20).trunks)
    trunk_addresses.insert(Ipv4ToString(a));
  for (const auto& [id, c] : calls) {
    ASSERT_GE(c.invites, 1) << id;  // every packet belongs to a captured INVITE
    if (c.label == 1) {
      EXPECT_EQ(c.invites, 1);
      EXPECT_EQ(c.acks + c.byes, 0);  // attackers never ACK
      EXPECT_LE(c.oks, 6);  // the 200 OK and at most 5 retransmissions
      floods += c.oks > 1;
    } else if (c.oks > 0 && c.first_ok < last - 30 * 1000000) {
      EXPECT_EQ(c.oks, 1);  // the phone ACKs at once: no 200 retransmission
      EXPECT_EQ(c.acks, 1);
      EXPECT_EQ(c.byes, 1);
      EXPECT_EQ(c.bye_oks, 1);
      ++complete;
      complete_trunk += trunk_addresses.count(c.invite_src) > 0;
    }
  }
  EXPECT_GT(complete, 500);
  EXPECT_GT(complete_trunk, 100);  // trunks complete their dialogs too
  EXPECT_GT(floods, 100);
}

TEST_F(SmallTest1, SameSeedSameBytesOtherSeedOtherBytes) {
  fs::path again = TempDir("again"), other = TempDir("other");
  SimulateOptions o;
  o.out_dir = again.string();
  o.seed = 11;
  o.splits = {"test1"};
  ASSERT_TRUE(Simulate(SmallPreset(), o).ok());
  o.out_dir = other.string();
  o.seed = 12;
  o.pcap = false;
  ASSERT_TRUE(Simulate(SmallPreset(), o).ok());
  for (const char* f : {"test1.csv", "test1.pcap", "manifest.json"})
    EXPECT_TRUE(Slurp(*dir_ / f) == Slurp(again / f)) << f;
  EXPECT_NE(Slurp(*dir_ / "test1.csv"), Slurp(other / "test1.csv"));
  EXPECT_FALSE(fs::exists(other / "test1.pcap"));
  fs::remove_all(again);
  fs::remove_all(other);
}

// --legitimate-only: the split keeps its size, every row is legitimate, no attacker and only
// scenario a, and the manifest says so.
TEST(Simulate, LegitimateOnlyHasTheSameRowsAndNoAttacker) {
  fs::path dir = TempDir("legit");
  SimulateOptions o;
  o.out_dir = dir.string();
  o.seed = 3;
  o.splits = {"val"};
  o.pcap = false;
  o.legitimate_only = true;
  const Preset preset = SmallPreset();
  auto r = Simulate(preset, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const SplitSummary& s = (*r)[0];
  EXPECT_EQ(s.rows, RowsFor(preset.splits[1], preset.windows));
  EXPECT_EQ(s.malicious_rows, 0);
  EXPECT_EQ(s.legitimate_rows, s.rows);
  EXPECT_EQ(s.attackers, 0);
  EXPECT_EQ(s.windows.malicious, 0);
  ASSERT_EQ(s.episodes_by_scenario.size(), 1u);
  EXPECT_EQ(s.episodes_by_scenario.begin()->first, "a");
  auto rows = dataset::ReadMessageCsv((dir / "val.csv").string());
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(int64_t(rows->size()), s.rows);
  for (const auto& row : *rows) ASSERT_EQ(row.label, dataset::kLabelLegitimate);
  auto manifest = nlohmann::json::parse(Slurp(dir / "manifest.json"));
  EXPECT_EQ(manifest["legitimate_only"], true);
  // The same options with attacks: the same size, but attacks in it.
  o.legitimate_only = false;
  o.out_dir = (dir / "with-attacks").string();
  auto a = Simulate(preset, o);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ((*a)[0].rows, s.rows);
  EXPECT_GT((*a)[0].malicious_rows, 0);
  fs::remove_all(dir);
}

TEST(Simulate, BadArgumentsWriteNothing) {
  fs::path dir = TempDir("bad");
  SimulateOptions o;
  o.out_dir = (dir / "out").string();
  o.splits = {"train", "nope"};
  auto r = Simulate(SmallPreset(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            "unknown split \"nope\" (train, val, test1, test2)");
  EXPECT_FALSE(fs::exists(dir));

  fs::create_directories(dir);
  std::ofstream(dir / "file") << "x";
  o.out_dir = (dir / "file").string();
  o.splits = {"val"};
  r = Simulate(SmallPreset(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), o.out_dir + ": exists and is not a folder");
  EXPECT_EQ(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1);

  o.out_dir = "";
  EXPECT_FALSE(Simulate(SmallPreset(), o).ok());
  fs::remove_all(dir);

  SimulateOptions f;
  EXPECT_TRUE(ParseFormats("csv,pcap", &f).ok());
  EXPECT_TRUE(f.csv && f.pcap);
  EXPECT_TRUE(ParseFormats("pcap", &f).ok());
  EXPECT_TRUE(!f.csv && f.pcap);
  util::Status st = ParseFormats("csv,xml", &f);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(
      st.message(),
      "--format: unknown format \"xml\" (expected csv, pcap or csv,pcap)");
  EXPECT_FALSE(ParseFormats("", &f).ok());
  auto p = PresetByName("huge");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().message(),
            "unknown preset \"huge\" (expected paper or small)");
}

}  // namespace
}  // namespace sim
