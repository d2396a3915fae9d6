#include "features/encoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "features/record_event.h"

namespace features {
namespace {

// Owns the header strings of one synthetic message.
struct Msg {
  util::Micros time = 0;
  EventKind kind = EventKind::kInvite;
  int status = 0;
  std::string src, dst, from, to, contact, call_id, via, cseq = "1 INVITE";

  SipEvent Event() const {
    SipEvent e;
    e.time = time;
    e.kind = kind;
    e.status_code = status;
    e.src = *util::IpAddress::Parse(src);
    e.dst = *util::IpAddress::Parse(dst);
    e.from = from;
    e.to = to;
    e.contact = contact;
    e.call_id = call_id;
    e.via = via;
    e.cseq = cseq;
    return e;
  }
};

// A SIPp-like INVITE from client to server.
Msg Invite(util::Micros t, const std::string& client, const std::string& server, int call) {
  Msg m;
  m.time = t;
  m.src = client;
  m.dst = server;
  m.from = "\"User1\" <sip:SipPhone1_" + client + "@" + server + ">;tag=" + std::to_string(call);
  m.to = "<sip:service@" + server + ":5060>";
  m.contact = "sip:SipPhone1_" + client + "@" + client + ":5060";
  m.call_id = std::to_string(call) + "-12345@" + client;
  m.via = "SIP/2.0/UDP " + client + ":5060;branch=z9hG4bK-" + std::to_string(call);
  return m;
}

Msg Reply(const Msg& invite, util::Micros t, int status, const std::string& to_tag) {
  Msg m = invite;
  m.time = t;
  m.kind = EventKind::kResponse;
  m.status = status;
  std::swap(m.src, m.dst);
  m.to = invite.to + ";tag=" + to_tag;
  return m;
}

Msg Ack(const Msg& invite, util::Micros t, const std::string& to_tag) {
  Msg m = invite;
  m.time = t;
  m.kind = EventKind::kAck;
  m.to = invite.to + ";tag=" + to_tag;
  m.cseq = "1 ACK";
  return m;
}

std::vector<float> Encode(Encoder& enc, const Msg& m) {
  std::vector<float> v(enc.size(), -99.0f);
  EXPECT_TRUE(enc.Consume(m.Event(), v.data()));
  return v;
}

TEST(FeatureSchema, SizesAndNames) {
  EXPECT_EQ(FeatureCount(FeatureSet::kPaper), kPaperCount);
  EXPECT_EQ(FeatureCount(FeatureSet::kFull), kFullCount);
  EXPECT_LT(kPaperCount, kFullCount);
  EXPECT_EQ(FeatureNames(FeatureSet::kFull).size(), size_t(kFullCount));
  EXPECT_EQ(FeatureNames(FeatureSet::kFull)[kGlobalCompletion60s], "global_completion_60s");
  EXPECT_EQ(*ParseFeatureSet("paper"), FeatureSet::kPaper);
  EXPECT_FALSE(ParseFeatureSet("fancy").ok());
  EXPECT_THAT(ParseFeatureSet("fancy").status().message(), testing::HasSubstr("fancy"));
}

TEST(FeatureSchema, ModelWithAnotherSchemaVersionIsRejected) {
  EXPECT_EQ(*CheckModelFeatures("full", kSchemaVersion), FeatureSet::kFull);
  auto old = CheckModelFeatures("full", kSchemaVersion - 1);
  ASSERT_FALSE(old.ok());
  EXPECT_THAT(old.status().message(), testing::HasSubstr("feature schema"));
  EXPECT_THAT(old.status().message(), testing::HasSubstr("retrain"));
  EXPECT_FALSE(CheckModelFeatures("fancy", kSchemaVersion).ok());
}

TEST(Encoder, WritesEveryFeatureOfTheSetAndOnlyForInvites) {
  for (FeatureSet set : {FeatureSet::kPaper, FeatureSet::kFull}) {
    Encoder enc({.set = set});
    Msg inv = Invite(1'000'000, "10.0.0.2", "10.0.0.1", 1);
    std::vector<float> v(kMaxFeatures + 1, -99.0f);
    ASSERT_TRUE(enc.Consume(inv.Event(), v.data()));
    for (int i = 0; i < enc.size(); ++i) EXPECT_NE(v[i], -99.0f) << FeatureNames(set)[i];
    EXPECT_EQ(v[enc.size()], -99.0f);  // writes exactly size() floats
    std::vector<float> w(kMaxFeatures, -99.0f);
    EXPECT_FALSE(enc.Consume(Reply(inv, 1'100'000, 180, "x").Event(), w.data()));
    EXPECT_EQ(w[0], -99.0f);
  }
}

TEST(Encoder, HeaderConsistencyOfASippInvite) {
  Encoder enc({.set = FeatureSet::kFull});
  std::vector<float> v = Encode(enc, Invite(0, "10.0.0.2", "10.0.0.1", 7));
  EXPECT_EQ(v[kFromUserLen],
            float(std::string("SipPhone1_").size()));  // address not counted
  EXPECT_EQ(v[kCallIdLen], float(std::string("7-12345").size()));
  EXPECT_EQ(v[kCallIdHasHost], 1.0f);
  EXPECT_EQ(v[kCallIdHostIsFromHost],
            0.0f);  // Call-ID host is the client, From host the server
  EXPECT_EQ(v[kContactUserIsFromUser], 1.0f);
  EXPECT_EQ(v[kContactHostIsFromHost], 0.0f);
  EXPECT_EQ(v[kFromHostIsSource], 0.0f);
  EXPECT_EQ(v[kContactHostIsSource], 1.0f);
  EXPECT_EQ(v[kViaHostIsSource], 1.0f);
  EXPECT_EQ(v[kSourceSeen], 0.0f);
  EXPECT_FLOAT_EQ(v[kIatLog],
                  std::log1p(10'000.0f));  // first INVITE of the stream
}

TEST(Encoder, InterArrivalAndSameSource) {
  Encoder enc({.set = FeatureSet::kPaper});
  Encode(enc, Invite(1'000'000, "10.0.0.2", "10.0.0.1", 1));
  std::vector<float> v = Encode(enc, Invite(1'250'000, "10.0.0.2", "10.0.0.1", 2));
  EXPECT_FLOAT_EQ(v[kIatLog], std::log1p(250.0f));
  EXPECT_EQ(v[kSameSourceAsPrevious], 1.0f);
  v = Encode(enc, Invite(1'250'000, "10.0.0.3", "10.0.0.1", 3));
  EXPECT_FLOAT_EQ(v[kIatLog], 0.0f);
  EXPECT_EQ(v[kSameSourceAsPrevious], 0.0f);
}

TEST(Encoder, RetransmissionWithinTimerB) {
  Encoder enc({.set = FeatureSet::kPaper});
  Msg inv = Invite(0, "10.0.0.2", "10.0.0.1", 1);
  EXPECT_EQ(Encode(enc, inv)[kCallIdRepeat], 0.0f);
  inv.time = 500'000;
  EXPECT_EQ(Encode(enc, inv)[kCallIdRepeat], 1.0f);
  inv.time = 100'000'000;  // long after: a new INVITE reusing the Call-ID
  EXPECT_EQ(Encode(enc, inv)[kCallIdRepeat], 0.0f);
  inv.time += 1'000'000;
  inv.src = "10.0.0.9";  // same Call-ID from another source is not a retransmission
  EXPECT_EQ(Encode(enc, inv)[kCallIdRepeat], 0.0f);
}

TEST(Encoder, CompletedDialogCountsForTheSource) {
  Encoder enc({.set = FeatureSet::kFull});
  Msg inv = Invite(0, "10.0.0.2", "10.0.0.1", 1);
  Encode(enc, inv);
  float sink[kMaxFeatures];
  EXPECT_FALSE(enc.Consume(Reply(inv, 10'000, 100, "").Event(), sink));
  EXPECT_FALSE(enc.Consume(Reply(inv, 2'000'000, 200, "srv9").Event(), sink));
  EXPECT_FALSE(enc.Consume(Ack(inv, 2'010'000, "srv9").Event(), sink));
  EXPECT_EQ(enc.stats().completed, 1u);
  std::vector<float> v = Encode(enc, Invite(3'000'000, "10.0.0.2", "10.0.0.1", 2));
  EXPECT_EQ(v[kSourceSeen], 1.0f);
  EXPECT_EQ(v[kSourceCompleted], 1.0f);
  EXPECT_FLOAT_EQ(v[kSourceCompletionRatio], 0.5f);
  EXPECT_GT(v[kGlobalCompletion10s], 0.3f);
  EXPECT_FLOAT_EQ(v[kSourceSinceLog], std::log1p(3000.0f));
}

TEST(Encoder, AckWithoutTheAnswersToTagOrFromAnotherSourceDoesNotComplete) {
  Encoder enc({.set = FeatureSet::kFull});
  Msg inv = Invite(0, "10.0.0.2", "10.0.0.1", 1);
  Encode(enc, inv);
  float sink[kMaxFeatures];
  enc.Consume(Reply(inv, 100'000, 200, "srv9").Event(), sink);
  enc.Consume(Ack(inv, 200'000, "guess").Event(),
              sink);  // blind ACK: wrong To tag
  Msg other = Ack(inv, 300'000, "srv9");
  other.src = "10.0.0.66";
  enc.Consume(other.Event(), sink);
  EXPECT_EQ(enc.stats().completed, 0u);
  std::vector<float> v = Encode(enc, Invite(1'000'000, "10.0.0.2", "10.0.0.1", 2));
  EXPECT_EQ(v[kSourceCompleted], 0.0f);
  EXPECT_EQ(v[kGlobalCompletion10s], 0.0f);
  // The right ACK still completes.
  enc.Consume(Ack(inv, 1'100'000, "srv9").Event(), sink);
  EXPECT_EQ(enc.stats().completed, 1u);
}

TEST(Encoder, FailedCallIsNotCompletedByItsAck) {
  Encoder enc({.set = FeatureSet::kFull});
  Msg inv = Invite(0, "10.0.0.2", "10.0.0.1", 1);
  Encode(enc, inv);
  float sink[kMaxFeatures];
  enc.Consume(Reply(inv, 100'000, 486, "busy").Event(), sink);
  enc.Consume(Ack(inv, 110'000, "busy").Event(), sink);
  EXPECT_EQ(enc.stats().completed, 0u);
}

TEST(Encoder, RatesFollowTheOfferedLoad) {
  Encoder enc({.set = FeatureSet::kFull});
  std::vector<float> v;
  for (int i = 0; i < 6000; ++i) v = Encode(enc, Invite(i * 10'000, "10.0.0.2", "10.0.0.1", i));
  // 100 INVITE/s from one source: the EWMAs settle near 100 (+ 1/(2 tau) for
  // the event itself).
  EXPECT_NEAR(std::expm1(v[kSourceRate1sLog]), 100.5, 1.0);
  EXPECT_NEAR(std::expm1(v[kSourceRate10sLog]), 100.0, 2.0);
  EXPECT_NEAR(std::expm1(v[kGlobalRate1sLog]), 100.5, 1.0);
  EXPECT_NEAR(std::expm1(v[kGlobalRate10sLog]), 100.0, 2.0);
  EXPECT_NEAR(v[kNewSourceShare10s], 0.0f, 0.01f);
  EXPECT_FLOAT_EQ(v[kSourceInvitesLog], std::log1p(6000.0f));
  // Then one INVITE 5 s later: the 1 s rate has decayed, the 60 s one much
  // less.
  v = Encode(enc, Invite(65'000'000, "10.0.0.2", "10.0.0.1", 99999));
  EXPECT_LT(std::expm1(v[kSourceRate1sLog]), 2.0);
  EXPECT_GT(std::expm1(v[kGlobalRate60sLog]), 30.0);
}

TEST(Encoder, RandomSpoofingShowsAsNovelty) {
  Encoder enc({.set = FeatureSet::kFull});
  std::vector<float> v;
  for (int i = 0; i < 2000; ++i) {
    std::string src = "172.16." + std::to_string(i / 250) + "." + std::to_string(i % 250);
    v = Encode(enc, Invite(i * 2'000, src, "10.0.0.1", i));
  }
  EXPECT_GT(v[kNewSourceShare10s], 0.95f);
  EXPECT_EQ(v[kSourceSeen], 0.0f);
  EXPECT_GT(std::expm1(v[kGlobalRate1sLog]), 400.0);
}

TEST(Encoder, TablesAreBoundedAndEvictTheLeastRecentlyUsed) {
  Encoder enc({.set = FeatureSet::kFull, .source_capacity = 8, .dialog_capacity = 8});
  for (int i = 0; i < 100; ++i)
    Encode(enc, Invite(i * 1000, "10.1.0." + std::to_string(i), "10.0.0.1", i));
  EXPECT_GT(enc.stats().source_evictions, 80u);
  EXPECT_GT(enc.stats().dialog_evictions, 80u);
  std::vector<float> v = Encode(enc, Invite(200'000, "10.1.0.0", "10.0.0.1", 1000));
  EXPECT_EQ(v[kSourceSeen], 0.0f);  // evicted long ago
  v = Encode(enc, Invite(201'000, "10.1.0.0", "10.0.0.1", 1001));
  EXPECT_EQ(v[kSourceSeen], 1.0f);  // just inserted
}

// A mixed stream: legitimate completed calls from a few clients plus a spoofed
// flood.
std::vector<Msg> MixedStream(const std::string& net, const std::string& server) {
  std::vector<Msg> out;
  for (int i = 0; i < 200; ++i) {
    util::Micros t = i * 50'000;
    Msg inv = Invite(t, net + std::to_string(2 + i % 5), server, i);
    out.push_back(inv);
    out.push_back(Reply(inv, t + 1'000, 200, "t" + std::to_string(i)));
    out.push_back(Ack(inv, t + 2'000, "t" + std::to_string(i)));
    if (i > 100)
      out.push_back(Invite(t + 3'000, "203.0.113." + std::to_string(i % 200), server, 10'000 + i));
  }
  return out;
}

TEST(Encoder, SameTrafficOnAnotherNetworkGivesTheSameVectors) {
  // Dataset 2 must work without retraining: no feature may depend on the
  // address values.
  std::vector<Msg> a = MixedStream("10.0.0.", "10.0.0.1"),
                   b = MixedStream("192.168.7.", "192.168.7.1");
  Encoder ea({.set = FeatureSet::kFull}), eb({.set = FeatureSet::kFull});
  ASSERT_EQ(a.size(), b.size());
  int invites = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    float va[kMaxFeatures], vb[kMaxFeatures];
    bool ia = ea.Consume(a[i].Event(), va), ib = eb.Consume(b[i].Event(), vb);
    ASSERT_EQ(ia, ib);
    if (!ia) continue;
    ++invites;
    for (int f = 0; f < ea.size(); ++f)
      EXPECT_EQ(va[f], vb[f]) << FeatureNames(FeatureSet::kFull)[f];
  }
  EXPECT_EQ(invites, 299);
  EXPECT_EQ(ea.stats().completed, 200u);
}

TEST(Encoder, ResetReplaysIdentically) {
  std::vector<Msg> s = MixedStream("10.0.0.", "10.0.0.1");
  Encoder enc({.set = FeatureSet::kFull});
  std::vector<float> first, second;
  float v[kMaxFeatures];
  for (const Msg& m : s)
    if (enc.Consume(m.Event(), v)) first.insert(first.end(), v, v + enc.size());
  enc.Reset();
  for (const Msg& m : s)
    if (enc.Consume(m.Event(), v)) second.insert(second.end(), v, v + enc.size());
  EXPECT_EQ(first, second);
}

TEST(RecordEvent, CsvRowBecomesAnInviteEvent) {
  dataset::MessageRecord r;
  r.time = 1'700'000'000'123'456;
  r.source = "10.0.0.2";
  r.msg = "INVITE sip:service@10.0.0.1:5060 SIP/2.0";
  r.from = "<sip:1234@10.0.0.1>;tag=1";
  r.call_id = "abc@10.0.0.1";
  SipEvent e;
  ASSERT_TRUE(EventFromRecord(r, &e));
  EXPECT_EQ(e.kind, EventKind::kInvite);
  EXPECT_EQ(e.time, r.time);
  EXPECT_EQ(e.src.ToString(), "10.0.0.2");
  EXPECT_EQ(e.call_id, "abc@10.0.0.1");
  r.source = "not-an-address";
  EXPECT_FALSE(EventFromRecord(r, &e));
}

}  // namespace
}  // namespace features
