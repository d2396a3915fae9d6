#include "mitigate/inline_filter.h"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "capture/packet_builder.h"
#include "detect/rate_model_testing.h"
#include "features/message_event.h"
#include "sip/parser.h"

namespace mitigate {
namespace {

constexpr util::Micros kSecond = 1'000'000;
constexpr util::Micros kT0 = 1'700'000'000 * kSecond;
const char *kServer = "10.0.0.1";
const char *kCaller = "10.0.0.2";

std::string Invite(const std::string &src, const std::string &cid) {
  return "INVITE sip:bob@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP " + src + ":5060;branch=z9hG4bK" +
         cid + "\r\nFrom: <sip:alice@" + src + ">;tag=" + cid + "a\r\nTo: <sip:bob@10.0.0.1>\r\n" +
         "Call-ID: " + cid + "\r\nCSeq: 1 INVITE\r\nContact: <sip:alice@" + src +
         ":5060>\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
}
std::string Ok(const std::string &src, const std::string &cid) {
  return "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP " + src + ":5060;branch=z9hG4bK" + cid +
         "\r\nFrom: <sip:alice@" + src + ">;tag=" + cid + "a\r\nTo: <sip:bob@10.0.0.1>;tag=s" +
         cid + "\r\nCall-ID: " + cid + "\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
}
std::string Ack(const std::string &src, const std::string &cid) {
  return "ACK sip:bob@10.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP " + src + ":5060;branch=z9hG4bKa" + cid +
         "\r\nFrom: <sip:alice@" + src + ">;tag=" + cid + "a\r\nTo: <sip:bob@10.0.0.1>;tag=s" +
         cid + "\r\nCall-ID: " + cid +
         "\r\nCSeq: 1 ACK\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
}

class InlineFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto d = detect::Detector::Create(detect::RateThresholdModel(20), {}, nullptr);
    ASSERT_TRUE(d.ok()) << d.status().message();
    PolicyOptions o;
    o.seed = 7;
    policy_ = std::make_unique<InvitePolicy>(o);
    UseDetector(std::move(*d));
  }
  // The filter keeps a reference to its detector: a test that swaps the detector
  // builds a new filter around it (ASan found the old one read after free).
  void UseDetector(std::unique_ptr<detect::Detector> detector) {
    filter_.reset();
    detector_ = std::move(detector);
    filter_ = std::make_unique<InlineFilter>(
        *detector_, *policy_, [this](const capture::Datagram &d) -> const features::SipEvent * {
          std::string_view bytes(reinterpret_cast<const char *>(d.payload.data()),
                                 d.payload.size());
          if (!sip::Parse(bytes, &message_).ok()) return nullptr;
          features::EventFromMessage(message_, d.ts, d.src, d.sport, d.dst, d.dport, &event_);
          detector_->Consume(event_);
          return &event_;
        });
  }
  Reason Send(const std::string &src, const std::string &dst, const std::string &text,
              util::Micros t) {
    capture::UdpPacket p;
    p.src = *util::IpAddress::Parse(src);
    p.dst = *util::IpAddress::Parse(dst);
    p.sport = p.dport = 5060;
    p.payload = {reinterpret_cast<const uint8_t *>(text.data()), text.size()};
    auto n = capture::BuildIpUdp(p, buffer_);
    EXPECT_TRUE(n.ok());
    return filter_->Judge(std::span<const uint8_t>(buffer_.data(), *n), t);
  }
  // One complete call from the caller: INVITE, the server's 200, the ACK.
  // Returns the INVITE's.
  Reason Call(int i, util::Micros t) {
    std::string cid = "legit" + std::to_string(i);
    Reason r = Send(kCaller, kServer, Invite(kCaller, cid), t);
    EXPECT_EQ(Send(kServer, kCaller, Ok(kCaller, cid), t + 1000), Reason::kNotInvite);
    EXPECT_EQ(Send(kCaller, kServer, Ack(kCaller, cid), t + 2000), Reason::kNotInvite);
    return r;
  }
  static std::string Spoofed(int i) {
    return "198.18." + std::to_string(i / 256 % 256) + "." + std::to_string(i % 256);
  }

  std::unique_ptr<detect::Detector> detector_;
  std::unique_ptr<InvitePolicy> policy_;
  std::unique_ptr<InlineFilter> filter_;
  sip::Message message_;
  features::SipEvent event_;
  std::array<uint8_t, 4096> buffer_{};
};

TEST_F(InlineFilterTest, FloodIsDroppedWhileTheKnownCallerAndNonInvitesPass) {
  for (int i = 0; i < 5; ++i) EXPECT_EQ(Call(i, kT0 + i * kSecond), Reason::kNoAttack);
  EXPECT_FALSE(detector_->AttackActive({*util::IpAddress::Parse(kServer), 5060}));

  // 500 spoofed INVITE/s for 4 s, the caller placing 10 calls/s through it.
  int flood_accepted = 0, legit_accepted = 0;
  const util::Micros start = kT0 + 10 * kSecond;
  for (int i = 0; i < 2000; ++i) {
    util::Micros t = start + i * 2000;
    Reason r = Send(Spoofed(i), kServer, Invite(Spoofed(i), "f" + std::to_string(i)), t);
    flood_accepted += VerdictOf(r) == Verdict::kAccept;
    if (i % 50 == 25) {
      Reason c = Call(100 + i, t + 100);
      legit_accepted += VerdictOf(c) == Verdict::kAccept;
      if (i > 200) {
        EXPECT_EQ(c, Reason::kKnownCaller);
      }
    }
  }
  EXPECT_TRUE(detector_->AttackActive({*util::IpAddress::Parse(kServer), 5060}));
  EXPECT_EQ(legit_accepted, 40);
  // Before detection (a few dozen INVITEs) everything passes; after it the
  // server's new-dialog budget (10 + 5/s) does: well under 5% of 2000.
  EXPECT_LT(flood_accepted, 100);
  EXPECT_GT(policy_->count(Reason::kNewDialogBudget), 1900u);

  // Not SIP, or not even IP: accepted without a decision.
  EXPECT_EQ(Send(Spoofed(1), kServer, "hello, not sip", start + 5 * kSecond), Reason::kNotSip);
  std::array<uint8_t, 8> junk{0x00, 0x01, 0x02};
  EXPECT_EQ(filter_->Judge(junk, start + 5 * kSecond), Reason::kNotSip);
  // An IPv6 INVITE to another server (no attack there) passes.
  EXPECT_EQ(Send("2001:db8::2", "2001:db8::1", Invite("2001:db8::2", "v6"), start + 5 * kSecond),
            Reason::kNoAttack);
}

TEST_F(InlineFilterTest, PaperFeatureModelStillKnowsCallersWithSourceState) {
  // The paper feature set has no per-source features; source_state makes the
  // encoder track them.
  nn::ModelFile f = detect::RateThresholdModel(20);
  const int in = features::FeatureCount(features::FeatureSet::kPaper);
  f.meta.feature_set = "paper";
  f.meta.input_size = in;
  f.meta.norm_mean.assign(in, 0.f);
  f.meta.norm_std.assign(in, 1.f);
  f.tensors["rnn.weight_ih_l0"] = nn::Tensor{{3 * 4, in}, std::vector<float>(3 * 4 * in, 0.f)};
  detect::DetectorOptions o;
  o.source_state = true;
  auto d = detect::Detector::Create(f, o, nullptr);
  ASSERT_TRUE(d.ok()) << d.status().message();
  UseDetector(std::move(*d));
  Call(0, kT0);
  Send(kCaller, kServer, Invite(kCaller, "again"), kT0 + kSecond);
  EXPECT_TRUE(detector_->last_message().source_state);
  EXPECT_TRUE(detector_->last_message().source_known);
  EXPECT_TRUE(detector_->last_message().source_seen);
  Send("192.0.2.9", kServer, Invite("192.0.2.9", "new"), kT0 + kSecond + 1);
  EXPECT_FALSE(detector_->last_message().source_known);
  EXPECT_FALSE(detector_->last_message().source_seen);
}

}  // namespace
}  // namespace mitigate
