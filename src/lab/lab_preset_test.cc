// The lab's presets and its ground truth, without namespaces.
#include "lab/lab_preset.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "lab/attack_messages.h"
#include "lab/lab_dataset.h"
#include "sip/parser.h"

namespace lab {
namespace {

TEST(LabPreset, FullCoversEveryIntensityWithBothToolsInFiveMinutes) {
  auto p = FindLabPreset("full");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->duration_s, 300);
  std::set<std::pair<dataset::Intensity, dataset::Tool>> seen;
  double previous_end = 0;
  for (const FloodEpisode& e : p->episodes) {
    EXPECT_GE(e.start_s, previous_end) << "episodes overlap";
    previous_end = e.start_s + e.duration_s;
    seen.insert({e.intensity, e.tool});
  }
  EXPECT_LE(previous_end, p->duration_s);
  EXPECT_EQ(seen.size(), 12u);
  EXPECT_FALSE(FindLabPreset("huge").ok());
}

TEST(LabPreset, WithDurationDropsAndCutsEpisodes) {
  auto p = FindLabPreset("short");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->episodes.size(), 3u);  // at 3, 9 and 15 s
  LabPreset cut = WithDuration(*p, 11);
  EXPECT_EQ(cut.duration_s, 11);
  ASSERT_EQ(cut.episodes.size(), 2u);
  EXPECT_EQ(cut.episodes[1].start_s, 9);
  EXPECT_EQ(cut.episodes[1].duration_s, 2);
}

TEST(FloodGroundTruth, KnowsExactlyTheCallIdsTheFloodSent) {
  FloodOptions o;
  o.target = *ParseEndpoint("192.168.56.101:5060");
  o.attack = dataset::Tool::kMimic;
  o.spoof = dataset::Spoofing::kList;
  o.sources = 64;
  o.seed = 7;
  FloodGroundTruth truth;
  ASSERT_TRUE(truth.AddFlood(o, 100, 3).ok());
  EXPECT_EQ(truth.size(), 100u);
  // Message 99 was sent, message 100 was not: rebuild both independently.
  auto sources = LabFloodSources(o);
  ASSERT_TRUE(sources.ok());
  const AttackMessages messages(o.attack, o.target.address.v4(), o.target.port, o.seed);
  std::string text;
  sip::Message m;
  for (int k : {99, 100}) {
    const SourceSocket& s = (*sources)[size_t(k) % sources->size()];
    messages.Render(k, s.address, s.port, &text);
    ASSERT_TRUE(sip::Parse(text, &m).ok());
    EXPECT_EQ(truth.EpisodeOf(m.call_id), k == 99 ? 3 : -1) << k;
  }
  EXPECT_EQ(truth.EpisodeOf("1-4711@192.168.56.102"), -1);  // a SIPp phone's Call-ID
}

}  // namespace
}  // namespace lab
