#include "capture/decoder.h"

#include <new>
#include <type_traits>

#include "capture/link_type.h"
#include "capture/packet_builder.h"

namespace capture {
namespace {

constexpr uint16_t kEtherIpv4 = 0x0800;
constexpr uint16_t kEtherIpv6 = 0x86dd;
constexpr int kMaxVlanTags = 4;
constexpr uint16_t kEtherPppoeSession = 0x8864;
constexpr uint16_t kPppIpv4 = 0x0021;
constexpr uint16_t kPppIpv6 = 0x0057;
constexpr uint16_t kEtherMplsUnicast = 0x8847;
constexpr uint16_t kEtherMplsMulticast = 0x8848;
constexpr int kMaxMplsLabels = 8;
constexpr int kMaxIpv6Headers = 16;  // extension headers walked before giving up

bool IsVlanTag(uint16_t type) { return type == 0x8100 || type == 0x88a8 || type == 0x9100; }

// BSD AF_INET6 differs per system (Linux 10, NetBSD/OpenBSD 24, FreeBSD 28, macOS 30).
bool IsAfInet6(uint32_t af) { return af == 10 || af == 24 || af == 28 || af == 30; }

uint32_t Swap32(uint32_t v) { return v >> 24 | (v >> 8 & 0xff00) | (v << 8 & 0xff0000) | v << 24; }

// *a = V4Bytes(b) / V6Bytes(b), built in place: assigning the returned temporary read it back
// right after the callee's narrower stores (a store-forwarding stall, ~4% of reading + parsing).
// IpAddress is trivially destructible, so constructing over the old value is well defined.
static_assert(std::is_trivially_destructible_v<util::IpAddress>);
void SetV4(util::IpAddress* a, const uint8_t* b) {
  new (a) util::IpAddress(util::IpAddress::V4Bytes(b));
}
void SetV6(util::IpAddress* a, const uint8_t* b) {
  new (a) util::IpAddress(util::IpAddress::V6Bytes(b));
}

}  // namespace

Decoder::Decoder(const ReassemblyLimits& limits) : reassembler_(limits, &stats_) {}

bool Decoder::SupportsLinkType(int linktype) {
  switch (linktype) {
    case kLinkNull:
    case kLinkEthernet:
    case kLinkRaw:
    case kLinkRawOpenBsd:
    case kLinkTypeRaw:
    case kLinkLoop:
    case kLinkLinuxSll:
    case kLinkIpv4:
    case kLinkIpv6:
    case kLinkLinuxSll2:
      return true;
    default:
      return false;
  }
}

bool Decoder::Short() {
  if (snapped_)
    ++stats_.truncated;
  else
    ++stats_.malformed;
  return false;
}

bool Decoder::Decode(int linktype, util::Micros ts, std::span<const uint8_t> frame, Datagram* d,
                     uint32_t wire_len) {
  ++stats_.packets;
  ts_ = ts;
  snapped_ = wire_len > frame.size();
  reassembler_.Expire(ts);
  const uint8_t* p = frame.data();
  size_t n = frame.size();
  switch (linktype) {
    case kLinkEthernet:
      if (n < 14) return Short();
      return Ethertype(Load16(p + 12), p + 14, n - 14, d);
    case kLinkLinuxSll:  // type, ARPHRD, address length, address[8], protocol
      if (n < 16) return Short();
      return Ethertype(Load16(p + 14), p + 16, n - 16, d);
    case kLinkLinuxSll2:  // protocol, reserved, ifindex, ARPHRD, packet type, addr len, addr[8]
      if (n < 20) return Short();
      return Ethertype(Load16(p), p + 20, n - 20, d);
    case kLinkRaw:
    case kLinkRawOpenBsd:
    case kLinkTypeRaw:
      if (n < 1) return Short();
      if (p[0] >> 4 == 4) return Ipv4(p, n, d);
      if (p[0] >> 4 == 6) return Ipv6(p, n, d);
      ++stats_.malformed;
      return false;
    case kLinkIpv4:
      return Ipv4(p, n, d);
    case kLinkIpv6:
      return Ipv6(p, n, d);
    case kLinkNull:
    case kLinkLoop: {
      if (n < 4) return Short();
      // DLT_NULL is in the capturing host's byte order, which the file does not record.
      uint32_t af = Load32(p);
      if (linktype == kLinkNull && (af & 0xffff) == 0) af = Swap32(af);
      if (af == 2) return Ipv4(p + 4, n - 4, d);
      if (IsAfInet6(af)) return Ipv6(p + 4, n - 4, d);
      ++stats_.non_ip;
      return false;
    }
    default:
      ++stats_.unsupported_link;
      return false;
  }
}

bool Decoder::Ethertype(uint16_t type, const uint8_t* p, size_t n, Datagram* d) {
  for (int tags = 0; IsVlanTag(type); ++tags) {
    if (tags == kMaxVlanTags) {
      ++stats_.malformed;
      return false;
    }
    if (n < 4) return Short();
    type = Load16(p + 2);
    p += 4;
    n -= 4;
  }
  if (type == kEtherIpv4) return Ipv4(p, n, d);
  if (type == kEtherIpv6) return Ipv6(p, n, d);
  if (type == kEtherPppoeSession) {
    // Version/type, code, session id, length, then the PPP protocol (ISP access captures).
    if (n < 8) return Short();
    uint16_t ppp = Load16(p + 6);
    if (ppp == kPppIpv4) return Ipv4(p + 8, n - 8, d);
    if (ppp == kPppIpv6) return Ipv6(p + 8, n - 8, d);
  } else if (type == kEtherMplsUnicast || type == kEtherMplsMulticast) {
    // Label stack entries until the bottom-of-stack bit; the payload's version nibble tells
    // IPv4 from IPv6 (anything else, e.g. a pseudowire, is not IP).
    for (int labels = 0;; ++labels) {
      if (labels == kMaxMplsLabels) {
        ++stats_.malformed;
        return false;
      }
      if (n < 4) return Short();
      bool bottom = p[2] & 1;
      p += 4;
      n -= 4;
      if (bottom) break;
    }
    if (n >= 1 && p[0] >> 4 == 4) return Ipv4(p, n, d);
    if (n >= 1 && p[0] >> 4 == 6) return Ipv6(p, n, d);
  }
  ++stats_.non_ip;
  return false;
}

bool Decoder::Ipv4(const uint8_t* p, size_t n, Datagram* d) {
  if (n < kIpv4HeaderSize) return Short();
  size_t ihl = size_t(p[0] & 0x0f) * 4;
  size_t total = Load16(p + 2);
  if (p[0] >> 4 != 4 || ihl < kIpv4HeaderSize || total < ihl) {
    ++stats_.malformed;
    return false;
  }
  if (total > n) return Short();  // bytes past `total` are link padding: ignored
  uint16_t frag = Load16(p + 6);
  uint8_t proto = p[9];
  SetV4(&d->src, p + 12);
  SetV4(&d->dst, p + 16);
  const uint8_t* payload = p + ihl;
  size_t len = total - ihl;
  if (frag & 0x3fff) {                // MF set or offset non-zero
    if (proto != 17 && proto != 6) {  // only reassemble what we would deliver
      ++stats_.non_udp_tcp;
      return false;
    }
    ++stats_.fragments;
    FragmentKey key{d->src, d->dst, Load16(p + 4), proto};
    Reassembler::Completed done;
    if (!reassembler_.Add(ts_, key, uint32_t(frag & 0x1fff) * 8, (frag & 0x2000) != 0, proto,
                          {payload, len}, &done))
      return false;
    ++stats_.reassembled;
    return Transport(proto, done.payload.data(), done.payload.size(), d);
  }
  return Transport(proto, payload, len, d);
}

bool Decoder::Ipv6(const uint8_t* p, size_t n, Datagram* d) {
  if (n < kIpv6HeaderSize) return Short();
  if (p[0] >> 4 != 6) {
    ++stats_.malformed;
    return false;
  }
  size_t plen = Load16(p + 4);
  if (kIpv6HeaderSize + plen > n) return Short();
  uint8_t nh = p[6];
  SetV6(&d->src, p + 8);
  SetV6(&d->dst, p + 24);
  p += kIpv6HeaderSize;
  n = plen;  // a zero payload length (jumbogram) leaves nothing to decode
  bool reassembled = false;
  for (int i = 0; i < kMaxIpv6Headers; ++i) {
    size_t hlen;
    switch (nh) {
      case 17:
      case 6:
        return Transport(nh, p, n, d);
      case 0:    // hop-by-hop options
      case 43:   // routing
      case 60:   // destination options
      case 135:  // mobility
      case 139:  // HIP
      case 140:  // shim6
        if (n < 2) return Short();
        hlen = (size_t(p[1]) + 1) * 8;
        break;
      case 51:  // authentication header
        if (n < 2) return Short();
        hlen = (size_t(p[1]) + 2) * 4;
        break;
      case 44: {  // fragment
        if (n < 8) return Short();
        uint16_t off = Load16(p + 2) & 0xfff8;
        bool more = p[3] & 1;
        if (off == 0 && !more) {  // atomic fragment (RFC 6946): just a header to skip
          hlen = 8;
          break;
        }
        if (reassembled) {  // a fragment header inside a reassembled datagram
          ++stats_.malformed;
          return false;
        }
        ++stats_.fragments;
        FragmentKey key{d->src, d->dst, Load32(p + 4), 0};
        Reassembler::Completed done;
        if (!reassembler_.Add(ts_, key, off, more, p[0], {p + 8, n - 8}, &done)) return false;
        ++stats_.reassembled;
        reassembled = true;
        nh = done.proto;
        p = done.payload.data();
        n = done.payload.size();
        continue;
      }
      default:  // ICMPv6, ESP, no next header, ...
        ++stats_.non_udp_tcp;
        return false;
    }
    if (n < hlen) return Short();
    nh = p[0];
    p += hlen;
    n -= hlen;
  }
  ++stats_.malformed;  // absurdly long header chain
  return false;
}

bool Decoder::Transport(uint8_t proto, const uint8_t* p, size_t n, Datagram* d) {
  // The IP layer checked that its whole payload was captured: anything short here is malformed.
  if (proto == 17) {
    if (n < kUdpHeaderSize) {
      ++stats_.malformed;
      return false;
    }
    size_t ulen = Load16(p + 4);
    if (ulen < kUdpHeaderSize || ulen > n) {
      ++stats_.malformed;
      return false;
    }
    d->transport = capture::Transport::kUdp;
    d->payload = {p + kUdpHeaderSize, ulen - kUdpHeaderSize};
  } else if (proto == 6) {
    if (n < 20) {
      ++stats_.malformed;
      return false;
    }
    size_t off = size_t(p[12] >> 4) * 4;
    if (off < 20 || off > n) {
      ++stats_.malformed;
      return false;
    }
    if (off == n) {
      ++stats_.tcp_no_payload;
      return false;
    }
    d->transport = capture::Transport::kTcp;
    d->payload = {p + off, n - off};
  } else {
    ++stats_.non_udp_tcp;
    return false;
  }
  d->ts = ts_;
  d->sport = Load16(p);
  d->dport = Load16(p + 2);
  ++stats_.datagrams;
  return true;
}

}  // namespace capture
