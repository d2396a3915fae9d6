#include "detect/capture_feed.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "detect/rate_model_testing.h"

namespace detect {
namespace {

const char* const kCaptures[] = {"SIP_DTMF2.pcap", "aaa.pcap", "nb6-telephone.pcap",
                                 "sip-rtp-g722.pcap", "sip-rtp-opus.pcap"};

std::string Capture(const char* name) {
  return std::string(SIPDDOS_TESTDATA) + "/real-sip/" + name;
}

struct Scores {
  std::vector<float> scores;
  uint64_t events = 0, invites = 0;
};

std::unique_ptr<Detector> MakeDetector(Scores* run) {
  DetectorOptions o;
  o.on_score = [run](float s) { run->scores.push_back(s); };
  o.threshold = 0.5f;
  nn::ModelFile model = RateThresholdModel(0.01);
  model.meta.window = 2;  // the real captures hold a few INVITEs per server
  model.meta.step = 1;
  auto d = Detector::Create(model, o, nullptr);
  EXPECT_TRUE(d.ok()) << d.status().message();
  return std::move(*d);
}

// The shared loop (event-field parse) gives the detector exactly what a full sip::Parse of every
// datagram gives it: the same events, INVITEs and window scores.
TEST(ReplayCapture, SameScoresAsAFullParseOfEveryDatagram) {
  uint64_t total_invites = 0, total_windows = 0;
  for (const char* name : kCaptures) {
    Scores shared, full;
    {
      auto det = MakeDetector(&shared);
      auto src = capture::OpenFile(Capture(name));
      ASSERT_TRUE(src.ok()) << src.status().message();
      DatagramFeed feed(*det);
      ReplayEnd end = ReplayCapture(**src, feed);
      ASSERT_TRUE(end.status.ok()) << end.status.message();
      EXPECT_GT(end.last, 0);
      shared.events = det->counters().events.load();
      shared.invites = det->counters().invites.load();
    }
    {
      auto det = MakeDetector(&full);
      auto src = capture::OpenFile(Capture(name));
      ASSERT_TRUE(src.ok());
      capture::Datagram d;
      sip::Message m;
      features::SipEvent ev;
      for (;;) {
        auto more = (*src)->Next(&d);
        ASSERT_TRUE(more.ok());
        if (!*more) break;
        std::string_view bytes(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
        if (!sip::Parse(bytes, &m).ok()) continue;
        features::EventFromMessage(m, d.ts, d.src, d.sport, d.dst, d.dport, &ev);
        det->Consume(ev);
      }
      full.events = det->counters().events.load();
      full.invites = det->counters().invites.load();
    }
    EXPECT_EQ(shared.events, full.events) << name;
    EXPECT_EQ(shared.invites, full.invites) << name;
    EXPECT_EQ(shared.scores, full.scores) << name;
    total_invites += shared.invites;
    total_windows += shared.scores.size();
  }
  EXPECT_GT(total_invites, 10u);
  EXPECT_GT(total_windows, 0u);
}

// A capture cut short mid-packet: the loop stops with the source's error naming the file, after
// feeding every complete packet, and the detector is finished.
TEST(ReplayCapture, ReadErrorIsReturnedAfterTheCompletePackets) {
  std::ifstream in(Capture("aaa.pcap"), std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_GT(bytes.size(), 2000u);
  const std::string path =
      (std::filesystem::temp_directory_path() / "capture_feed_test_cut.pcap").string();
  std::ofstream(path, std::ios::binary).write(bytes.data(), std::streamsize(bytes.size() - 7));
  Scores run;
  auto det = MakeDetector(&run);
  auto src = capture::OpenFile(path);
  ASSERT_TRUE(src.ok()) << src.status().message();
  DatagramFeed feed(*det);
  int visited = 0;
  ReplayEnd end = ReplayCapture(**src, feed, [&](const capture::Datagram& d) {
    ++visited;
    feed.Feed(d);
  });
  std::filesystem::remove(path);
  EXPECT_FALSE(end.status.ok());
  EXPECT_NE(end.status.message().find("capture_feed_test_cut.pcap"), std::string::npos)
      << end.status.message();
  EXPECT_GT(visited, 10);
  EXPECT_GT(det->counters().events.load(), 0u);
}

}  // namespace
}  // namespace detect
