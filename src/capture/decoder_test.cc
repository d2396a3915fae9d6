#include "capture/decoder.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "capture/frame_testing.h"
#include "capture/link_type.h"

namespace capture {
namespace {

using namespace capture::testing;  // NOLINT

constexpr char kInvite[] = "INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: a@b\r\n\r\n";

std::string PayloadOf(const Datagram& d) {
  return std::string(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
}

void ExpectAddresses(const Datagram& d, const char* src, const char* dst) {
  EXPECT_EQ(d.src.ToString(), src);
  EXPECT_EQ(d.dst.ToString(), dst);
  EXPECT_EQ(d.sport, 5062);
  EXPECT_EQ(d.dport, 5060);
  EXPECT_EQ(d.transport, Transport::kUdp);
}

void ExpectInvite(const Datagram& d, const char* src, const char* dst) {
  ExpectAddresses(d, src, dst);
  EXPECT_EQ(PayloadOf(d), kInvite);
}

TEST(DecoderTest, EthernetIpv4Udp) {
  Decoder dec;
  Datagram d;
  Bytes f = Ethernet(IpUdp("10.0.0.1", 5062, "10.0.0.2", 5060, kInvite));
  ASSERT_TRUE(dec.Decode(kLinkEthernet, 1234567, f, &d));
  ExpectInvite(d, "10.0.0.1", "10.0.0.2");
  EXPECT_EQ(d.ts, 1234567);
  EXPECT_EQ(dec.stats().packets, 1u);
  EXPECT_EQ(dec.stats().datagrams, 1u);
}

TEST(DecoderTest, EthernetPaddingIsNotPayload) {
  Decoder dec;
  Datagram d;
  Bytes f = Ethernet(IpUdp("10.0.0.1", 5062, "10.0.0.2", 5060, "ab"));
  ASSERT_LT(f.size(), 60u);
  f.resize(60, 0xee);  // minimum Ethernet frame
  ASSERT_TRUE(dec.Decode(kLinkEthernet, 0, f, &d));
  EXPECT_EQ(PayloadOf(d), "ab");
}

TEST(DecoderTest, VlanAndQinQ) {
  for (auto tags :
       {std::initializer_list<uint16_t>{0x8100}, std::initializer_list<uint16_t>{0x88a8, 0x8100},
        std::initializer_list<uint16_t>{0x9100, 0x8100}}) {
    Decoder dec;
    Datagram d;
    Bytes f = Ethernet(IpUdp("10.0.0.1", 5062, "10.0.0.2", 5060, kInvite), tags);
    ASSERT_TRUE(dec.Decode(kLinkEthernet, 0, f, &d)) << tags.size() << " tags";
    ExpectInvite(d, "10.0.0.1", "10.0.0.2");
  }
  Decoder dec;
  Datagram d;
  Bytes f = Ethernet(IpUdp("10.0.0.1", 5062, "10.0.0.2", 5060, kInvite),
                     {0x8100, 0x8100, 0x8100, 0x8100, 0x8100});
  EXPECT_FALSE(dec.Decode(kLinkEthernet, 0, f, &d));
  EXPECT_EQ(dec.stats().malformed, 1u);
}

// Replaces the EtherType of an Ethernet frame around `ip` and puts `shim` before the IP header.
Bytes EthernetWithShim(const Bytes& ip, uint16_t type, const Bytes& shim) {
  Bytes f = Ethernet(ip);
  Put16(&f[12], type);
  f.insert(f.begin() + 14, shim.begin(), shim.end());
  return f;
}

TEST(DecoderTest, PppoeSessionAndMpls) {
  Bytes v4 = IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite);
  Bytes v6 = IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, kInvite);
  Bytes pppoe = {0x11, 0x00, 0x12, 0x34, 0, 0, 0x00, 0x21};
  Put16(&pppoe[4], uint16_t(v4.size() + 2));
  Bytes pppoe6 = pppoe;
  Put16(&pppoe6[6], 0x0057);
  Bytes two_labels = {0x00, 0x01, 0x00, 0x40, 0x00, 0x02, 0x01, 0x40};  // second: bottom of stack
  Decoder dec;
  Datagram d;
  Bytes f1 = EthernetWithShim(v4, 0x8864, pppoe);
  ASSERT_TRUE(dec.Decode(kLinkEthernet, 0, f1, &d));
  ExpectInvite(d, "192.0.2.1", "192.0.2.2");
  Bytes f2 = EthernetWithShim(v6, 0x8864, pppoe6);
  ASSERT_TRUE(dec.Decode(kLinkEthernet, 0, f2, &d));
  ExpectInvite(d, "2001:db8::1", "2001:db8::2");
  Bytes f3 = EthernetWithShim(v6, 0x8847, two_labels);
  ASSERT_TRUE(dec.Decode(kLinkEthernet, 0, f3, &d));
  ExpectInvite(d, "2001:db8::1", "2001:db8::2");
  Bytes lcp = pppoe;
  Put16(&lcp[6], 0xc021);  // PPP LCP: not IP
  EXPECT_FALSE(dec.Decode(kLinkEthernet, 0, EthernetWithShim(v4, 0x8864, lcp), &d));
  Bytes no_bottom(4 * 9, 0);  // nine labels, none at the bottom of the stack
  EXPECT_FALSE(dec.Decode(kLinkEthernet, 0, EthernetWithShim(v4, 0x8847, no_bottom), &d));
  EXPECT_EQ(dec.stats().datagrams, 3u);
  EXPECT_EQ(dec.stats().non_ip, 1u);
  EXPECT_EQ(dec.stats().malformed, 1u);
}

TEST(DecoderTest, EveryLinkType) {
  Bytes v4 = IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite);
  Bytes v6 = IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, kInvite);
  struct Case {
    const char* name;
    int link;
    Bytes frame;
    bool is_v6;
  } cases[] = {
      {"ethernet v6", kLinkEthernet, Ethernet(v6), true},
      {"sll v4", kLinkLinuxSll, Sll(v4), false},
      {"sll v6", kLinkLinuxSll, Sll(v6), true},
      {"sll2 v4", kLinkLinuxSll2, Sll2(v4), false},
      {"sll2 v6", kLinkLinuxSll2, Sll2(v6), true},
      {"raw v4", kLinkRaw, v4, false},
      {"raw v6", kLinkRaw, v6, true},
      {"raw 101", kLinkTypeRaw, v4, false},
      {"ipv4", kLinkIpv4, v4, false},
      {"ipv6", kLinkIpv6, v6, true},
      {"null le v4", kLinkNull, NullHeader(2, true, v4), false},
      {"null be v4", kLinkNull, NullHeader(2, false, v4), false},
      {"null le v6 linux", kLinkNull, NullHeader(10, true, v6), true},
      {"null le v6 bsd", kLinkNull, NullHeader(24, true, v6), true},
      {"null be v6 macos", kLinkNull, NullHeader(30, false, v6), true},
      {"loop v4", kLinkLoop, NullHeader(2, false, v4), false},
      {"loop v6", kLinkLoop, NullHeader(28, false, v6), true},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_TRUE(Decoder::SupportsLinkType(c.link));
    Decoder dec;
    Datagram d;
    ASSERT_TRUE(dec.Decode(c.link, 0, c.frame, &d));
    if (c.is_v6)
      ExpectInvite(d, "2001:db8::1", "2001:db8::2");
    else
      ExpectInvite(d, "192.0.2.1", "192.0.2.2");
  }
}

TEST(DecoderTest, NonIpAndUnsupportedLinkAreCounted) {
  Decoder dec;
  Datagram d;
  Bytes arp = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 1, 0x08, 0x06};
  arp.resize(42, 0);
  EXPECT_FALSE(dec.Decode(kLinkEthernet, 0, arp, &d));
  Bytes v4 = IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite);
  EXPECT_FALSE(dec.Decode(kLinkNull, 0, NullHeader(7, true, v4), &d));
  EXPECT_FALSE(Decoder::SupportsLinkType(105));  // 802.11
  EXPECT_FALSE(dec.Decode(105, 0, v4, &d));
  EXPECT_EQ(dec.stats().non_ip, 2u);
  EXPECT_EQ(dec.stats().unsupported_link, 1u);
  EXPECT_EQ(dec.stats().datagrams, 0u);
}

TEST(DecoderTest, Ipv6ExtensionHeadersAreSkipped) {
  Bytes v6 = IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, kInvite);
  Bytes f = WithIpv6Extension(WithIpv6Extension(WithIpv6Extension(v6, 60, 2), 43), 0);
  ASSERT_EQ(f[6], 0);  // hop-by-hop first
  Decoder dec;
  Datagram d;
  ASSERT_TRUE(dec.Decode(kLinkIpv6, 0, f, &d));
  ExpectInvite(d, "2001:db8::1", "2001:db8::2");
}

TEST(DecoderTest, NonUdpTcpIsCounted) {
  Bytes v6 = IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, kInvite);
  v6[6] = 58;  // ICMPv6
  Bytes v4 = IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite);
  v4[9] = 1;  // ICMP
  Decoder dec;
  Datagram d;
  EXPECT_FALSE(dec.Decode(kLinkIpv6, 0, v6, &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 0, v4, &d));
  EXPECT_EQ(dec.stats().non_udp_tcp, 2u);
}

TEST(DecoderTest, TcpSegmentWithSip) {
  for (const char* src : {"192.0.2.1", "2001:db8::1"}) {
    const char* dst = src[0] == '1' ? "192.0.2.2" : "2001:db8::2";
    Decoder dec;
    Datagram d;
    Bytes frame = Ethernet(IpTcp(src, 40000, dst, 5060, kInvite));  // d.payload points into it
    ASSERT_TRUE(dec.Decode(kLinkEthernet, 7, frame, &d));
    EXPECT_EQ(d.transport, Transport::kTcp);
    EXPECT_EQ(d.src.ToString(), src);
    EXPECT_EQ(d.sport, 40000);
    EXPECT_EQ(d.dport, 5060);
    EXPECT_EQ(PayloadOf(d), kInvite);
    EXPECT_FALSE(dec.Decode(kLinkEthernet, 8, Ethernet(IpTcp(src, 40000, dst, 5060, "")), &d));
    EXPECT_EQ(dec.stats().tcp_no_payload, 1u);
    EXPECT_EQ(dec.stats().datagrams, 1u);
  }
}

TEST(DecoderTest, SnappedFramesAreTruncatedShortOnesMalformed) {
  Bytes full = Ethernet(IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, kInvite));
  for (size_t len = 0; len < full.size(); ++len) {
    SCOPED_TRACE(len);
    std::span<const uint8_t> cut(full.data(), len);
    Decoder dec;
    Datagram d;
    EXPECT_FALSE(dec.Decode(kLinkEthernet, 0, cut, &d, uint32_t(full.size())));
    EXPECT_EQ(dec.stats().truncated, 1u);
    EXPECT_FALSE(dec.Decode(kLinkEthernet, 0, cut,
                            &d));  // no wire length: a lying header
    EXPECT_EQ(dec.stats().malformed, 1u);
  }
}

TEST(DecoderTest, InconsistentHeadersAreMalformed) {
  Bytes good = IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite);
  auto with = [&](size_t at, uint8_t v) {
    Bytes b = good;
    b[at] = v;
    return b;
  };
  Bytes bad_udp_len = good;
  Put16(&bad_udp_len[24],
        uint16_t(good.size()));  // UDP length past the IP payload
  Bytes short_udp_len = good;
  Put16(&short_udp_len[24], 7);
  Bytes total_below_ihl = good;
  Put16(&total_below_ihl[2], 19);
  for (const Bytes& b :
       {with(0, 0x44), with(0, 0x55), bad_udp_len, short_udp_len, total_below_ihl}) {
    Decoder dec;
    Datagram d;
    EXPECT_FALSE(dec.Decode(kLinkIpv4, 0, b, &d));
    EXPECT_EQ(dec.stats().malformed, 1u);
  }
  Decoder dec;
  Datagram d;
  EXPECT_FALSE(dec.Decode(kLinkRaw, 0, with(0, 0x35), &d));  // IP version 3
  EXPECT_EQ(dec.stats().malformed, 1u);
}

TEST(DecoderTest, Ipv4OptionsAreSkipped) {
  Bytes ip = IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite);
  Bytes opt = {1, 1, 1, 0};  // NOP NOP NOP EOL
  Bytes f(ip.begin(), ip.begin() + 20);
  f.insert(f.end(), opt.begin(), opt.end());
  f.insert(f.end(), ip.begin() + 20, ip.end());
  f[0] = 0x46;
  Put16(&f[2], uint16_t(f.size()));
  Decoder dec;
  Datagram d;
  ASSERT_TRUE(dec.Decode(kLinkIpv4, 0, f, &d));
  ExpectInvite(d, "192.0.2.1", "192.0.2.2");
}

std::string BigInvite() {
  std::string s = "INVITE sip:bob@example.com SIP/2.0\r\nSubject: ";
  for (int i = 0; s.size() < 3000; ++i) s += char('a' + i % 26);
  return s + "\r\n\r\n";
}

TEST(DecoderTest, Ipv4FragmentsInOrderAndOutOfOrder) {
  std::string big = BigInvite();
  auto frags = FragmentV4(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, big, 77), 1480);
  ASSERT_EQ(frags.size(), 3u);
  for (std::vector<int> order : {std::vector<int>{0, 1, 2}, {2, 1, 0}, {1, 2, 0}, {2, 0, 1}}) {
    Decoder dec;
    Datagram d;
    for (size_t i = 0; i + 1 < order.size(); ++i)
      EXPECT_FALSE(dec.Decode(kLinkIpv4, 100 + i, frags[order[i]], &d));
    ASSERT_TRUE(dec.Decode(kLinkIpv4, 999, frags[order.back()], &d));
    EXPECT_TRUE(PayloadOf(d) == big);
    EXPECT_EQ(d.ts, 999);
    EXPECT_EQ(d.src.ToString(), "192.0.2.1");
    EXPECT_EQ(d.dport, 5060);
    EXPECT_EQ(dec.stats().fragments, 3u);
    EXPECT_EQ(dec.stats().reassembled, 1u);
    EXPECT_EQ(dec.stats().datagrams, 1u);
  }
}

TEST(DecoderTest, Ipv4FragmentsOfDifferentDatagramsInterleaved) {
  std::string big = BigInvite();
  std::string other = big;
  other[60] = '#';
  auto a = FragmentV4(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, big, 1), 1480);
  auto b = FragmentV4(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, other, 2), 1480);
  Decoder dec;
  Datagram d;
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 1, a[0], &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 2, b[1], &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 3, b[0], &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 4, a[2], &d));
  ASSERT_TRUE(dec.Decode(kLinkIpv4, 5, b[2], &d));
  EXPECT_TRUE(PayloadOf(d) == other);
  ASSERT_TRUE(dec.Decode(kLinkIpv4, 6, a[1], &d));
  EXPECT_TRUE(PayloadOf(d) == big);
}

TEST(DecoderTest, MissingFragmentTimesOut) {
  auto frags = FragmentV4(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, BigInvite()), 1480);
  Decoder dec;  // default timeout: 30 s of capture time
  Datagram d;
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 1'000'000, frags[0], &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 2'000'000, frags[1], &d));
  Bytes other = IpUdp("192.0.2.9", 5062, "192.0.2.2", 5060, "x");
  EXPECT_TRUE(dec.Decode(kLinkIpv4, 30'999'999, other, &d));
  EXPECT_EQ(dec.stats().fragment_timeouts, 0u);
  EXPECT_TRUE(dec.Decode(kLinkIpv4, 31'000'000, other, &d));
  EXPECT_EQ(dec.stats().fragment_timeouts, 1u);
  // The last piece arriving late starts a new datagram that never completes.
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 31'000'001, frags[2], &d));
  EXPECT_EQ(dec.stats().reassembled, 0u);
  dec.Finish();
  EXPECT_EQ(dec.stats().fragment_timeouts, 2u);
}

TEST(DecoderTest, DuplicateFragmentIgnoredOverlapDropsDatagram) {
  std::string big = BigInvite();
  auto frags = FragmentV4(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, big), 1480);
  Decoder dec;
  Datagram d;
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 1, frags[0], &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 2, frags[0], &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 3, frags[1], &d));
  ASSERT_TRUE(dec.Decode(kLinkIpv4, 4, frags[2], &d));
  EXPECT_TRUE(PayloadOf(d) == big);

  // Same offset, different bytes: an overlap attack, the whole datagram goes.
  Bytes evil = frags[1];
  evil[40] ^= 0xff;
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 5, frags[0], &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 6, frags[1], &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 7, evil, &d));
  EXPECT_EQ(dec.stats().fragment_errors, 1u);
  EXPECT_FALSE(dec.Decode(kLinkIpv4, 8, frags[2], &d));  // starts afresh, incomplete
  EXPECT_EQ(dec.stats().reassembled, 1u);
}

TEST(DecoderTest, Ipv6Fragments) {
  std::string big = BigInvite();
  Bytes v6 = IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, big);
  auto frags = FragmentV6(v6, 1232);
  ASSERT_EQ(frags.size(), 3u);
  for (std::vector<int> order : {std::vector<int>{0, 1, 2}, {2, 0, 1}}) {
    Decoder dec;
    Datagram d;
    EXPECT_FALSE(dec.Decode(kLinkEthernet, 1, Ethernet(frags[order[0]]), &d));
    EXPECT_FALSE(dec.Decode(kLinkEthernet, 2, Ethernet(frags[order[1]]), &d));
    ASSERT_TRUE(dec.Decode(kLinkEthernet, 3, Ethernet(frags[order[2]]), &d));
    ExpectAddresses(d, "2001:db8::1", "2001:db8::2");
    EXPECT_TRUE(PayloadOf(d) == big);
  }
  // A fragment header after a hop-by-hop header (the unfragmentable part).
  Decoder dec;
  Datagram d;
  EXPECT_FALSE(dec.Decode(kLinkIpv6, 1, WithIpv6Extension(frags[0], 0), &d));
  EXPECT_FALSE(dec.Decode(kLinkIpv6, 1, WithIpv6Extension(frags[1], 0), &d));
  ASSERT_TRUE(dec.Decode(kLinkIpv6, 1, WithIpv6Extension(frags[2], 0), &d));
  EXPECT_EQ(PayloadOf(d).size(), big.size());
}

TEST(DecoderTest, Ipv6AtomicFragmentIsJustAHeader) {
  Bytes v6 = IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, kInvite);
  auto frags = FragmentV6(v6, 4096);
  ASSERT_EQ(frags.size(), 1u);  // offset 0, M clear
  Decoder dec;
  Datagram d;
  ASSERT_TRUE(dec.Decode(kLinkIpv6, 1, frags[0], &d));
  ExpectInvite(d, "2001:db8::1", "2001:db8::2");
  EXPECT_EQ(dec.stats().fragments, 0u);
}

TEST(DecoderTest, RandomlyDamagedFramesNeverCrashOrOverread) {
  // A cheap fuzz pass (run it under -DSIPDDOS_SANITIZE=address,undefined to see overreads): flip
  // bytes, cut frames, and check every frame is accounted for.
  std::string big = BigInvite();
  std::vector<std::pair<int, Bytes>> seeds = {
      {kLinkEthernet, Ethernet(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite), {0x8100})},
      {kLinkLinuxSll, Sll(IpTcp("2001:db8::1", 5062, "2001:db8::2", 5060, kInvite))},
      {kLinkLinuxSll2, Sll2(WithIpv6Extension(IpUdp("2001:db8::1", 1, "2001:db8::2", 2, "x"), 0))},
      {kLinkNull, NullHeader(2, true, IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite))},
  };
  Bytes pppoe = {0x11, 0, 0, 1, 0, 0, 0x00, 0x21}, labels = {0, 1, 1, 64};
  seeds.push_back({kLinkEthernet,
                   EthernetWithShim(IpUdp("192.0.2.1", 1, "192.0.2.2", 2, "ab"), 0x8864, pppoe)});
  seeds.push_back({kLinkEthernet, EthernetWithShim(IpUdp("2001:db8::1", 1, "2001:db8::2", 2, "ab"),
                                                   0x8847, labels)});
  for (const Bytes& f : FragmentV4(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, big), 1480))
    seeds.push_back({kLinkRaw, f});
  for (const Bytes& f : FragmentV6(IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, big), 1448))
    seeds.push_back({kLinkIpv6, f});
  std::mt19937 rng(7);
  Decoder dec({.max_datagrams = 8, .max_bytes = 128 * 1024, .timeout = 1000});
  Datagram d;
  uint64_t delivered = 0;
  for (int i = 0; i < 200000; ++i) {
    auto& [link, seed] = seeds[rng() % seeds.size()];
    Bytes f = seed;
    for (int flips = rng() % 4; flips > 0; --flips) f[rng() % f.size()] = uint8_t(rng());
    if (rng() % 4 == 0) f.resize(rng() % f.size());
    // A vector of exactly the frame's size, so ASan catches any read past the end.
    Bytes exact(f.begin(), f.end());
    if (dec.Decode(link, i, exact, &d)) {
      ++delivered;
      ASSERT_LE(d.payload.size(), 65535u);
    }
  }
  const Stats& s = dec.stats();
  EXPECT_EQ(s.packets, 200000u);
  EXPECT_EQ(s.datagrams, delivered);
  EXPECT_GT(s.datagrams, 0u);
  EXPECT_GT(s.malformed, 0u);
  EXPECT_GT(s.reassembled, 0u);
  // Every frame not taken as a fragment ends in exactly one counter; each completed reassembly ends
  // in one more.
  EXPECT_EQ(s.packets - s.fragments + s.reassembled, s.datagrams + s.truncated + s.malformed +
                                                         s.unsupported_link + s.non_ip +
                                                         s.non_udp_tcp + s.tcp_no_payload);
}

}  // namespace
}  // namespace capture
