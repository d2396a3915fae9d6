// Test helpers (header-only, used by *_test.cc and bench/capture_bench.cc): build frames of every
// link type the decoder reads, and IPv4/IPv6 fragments, from plain bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "capture/packet_builder.h"
#include "util/ip_address.h"

namespace capture::testing {

using Bytes = std::vector<uint8_t>;

inline util::IpAddress Ip(std::string_view text) { return *util::IpAddress::Parse(text); }

inline std::span<const uint8_t> AsBytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// An IPv4 or IPv6 packet carrying one UDP datagram (checksums correct).
inline Bytes IpUdp(std::string_view src, uint16_t sport, std::string_view dst, uint16_t dport,
                   std::string_view payload, uint16_t ip_id = 1) {
  UdpPacket p{Ip(src), Ip(dst), sport, dport, AsBytes(payload), ip_id, 64};
  Bytes out(IpUdpSize(p));
  (void)BuildIpUdp(p, out).value();
  return out;
}

// An IPv4 or IPv6 packet carrying one TCP segment (flags PSH|ACK, or SYN when payload is empty).
inline Bytes IpTcp(std::string_view src, uint16_t sport, std::string_view dst, uint16_t dport,
                   std::string_view payload) {
  util::IpAddress s = Ip(src), d = Ip(dst);
  size_t ip_len = s.is_v4() ? kIpv4HeaderSize : kIpv6HeaderSize;
  size_t tcp_len = 20 + payload.size();
  Bytes out(ip_len + tcp_len);
  uint8_t* ip = out.data();
  uint8_t* tcp = ip + ip_len;
  if (s.is_v4()) {
    ip[0] = 0x45;
    Put16(ip + 2, uint16_t(out.size()));
    ip[8] = 64;
    ip[9] = 6;
    std::memcpy(ip + 12, s.bytes(), 4);
    std::memcpy(ip + 16, d.bytes(), 4);
    Put16(ip + 10, ChecksumFinish(ChecksumAdd(0, {ip, kIpv4HeaderSize})));
  } else {
    ip[0] = 0x60;
    Put16(ip + 4, uint16_t(tcp_len));
    ip[6] = 6;
    ip[7] = 64;
    std::memcpy(ip + 8, s.bytes(), 16);
    std::memcpy(ip + 24, d.bytes(), 16);
  }
  Put16(tcp, sport);
  Put16(tcp + 2, dport);
  Put32(tcp + 4, 1000);  // sequence
  Put32(tcp + 8, payload.empty() ? 0 : 2000);
  tcp[12] = 5 << 4;
  tcp[13] = payload.empty() ? 0x02 : 0x18;
  Put16(tcp + 14, 65535);
  std::memcpy(tcp + 20, payload.data(), payload.size());
  uint32_t sum = ChecksumAdd(0, {s.bytes(), s.size()});
  sum = ChecksumAdd(sum, {d.bytes(), d.size()});
  sum += 6 + uint32_t(tcp_len);
  Put16(tcp + 16, ChecksumFinish(ChecksumAdd(sum, {tcp, tcp_len})));
  return out;
}

inline Bytes Concat(std::initializer_list<std::span<const uint8_t>> parts) {
  Bytes out;
  for (auto p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline uint16_t EtherTypeOf(const Bytes& ip) { return (ip[0] >> 4) == 4 ? 0x0800 : 0x86dd; }

// Ethernet II around `ip`, with 802.1Q/802.1ad tags (outermost first) given as TPIDs.
inline Bytes Ethernet(const Bytes& ip, std::initializer_list<uint16_t> vlan_tpids = {}) {
  Bytes h = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1};
  uint16_t vid = 100;
  for (uint16_t tpid : vlan_tpids) {
    h.push_back(uint8_t(tpid >> 8));
    h.push_back(uint8_t(tpid));
    h.push_back(uint8_t(vid >> 8));
    h.push_back(uint8_t(vid++));
  }
  uint16_t type = EtherTypeOf(ip);
  h.push_back(uint8_t(type >> 8));
  h.push_back(uint8_t(type));
  return Concat({h, ip});
}

// Linux cooked capture v1 (16-byte header).
inline Bytes Sll(const Bytes& ip) {
  Bytes h(16, 0);
  Put16(&h[0], 0);  // packet type: to us
  Put16(&h[2], 1);  // ARPHRD_ETHER
  Put16(&h[4], 6);  // address length
  h[6] = 0x02;
  h[11] = 0x01;
  Put16(&h[14], EtherTypeOf(ip));
  return Concat({h, ip});
}

// Linux cooked capture v2 (20-byte header).
inline Bytes Sll2(const Bytes& ip) {
  Bytes h(20, 0);
  Put16(&h[0], EtherTypeOf(ip));
  Put32(&h[4], 2);  // interface index
  Put16(&h[8], 1);  // ARPHRD_ETHER
  h[10] = 0;        // packet type
  h[11] = 6;        // address length
  h[12] = 0x02;
  return Concat({h, ip});
}

// BSD loopback: DLT_NULL writes the AF_ value in host order (little-endian here when `le`),
// DLT_LOOP in network order.
inline Bytes NullHeader(uint32_t af, bool le, const Bytes& ip) {
  Bytes h(4);
  if (le) {
    h = {uint8_t(af), uint8_t(af >> 8), uint8_t(af >> 16), uint8_t(af >> 24)};
  } else {
    Put32(h.data(), af);
  }
  return Concat({h, ip});
}

// Splits an IPv4 packet (20-byte header) into fragments carrying `chunk` bytes each (a multiple of
// 8), in order.
inline std::vector<Bytes> FragmentV4(const Bytes& ip, size_t chunk) {
  std::vector<Bytes> out;
  size_t payload = ip.size() - kIpv4HeaderSize;
  for (size_t off = 0; off < payload; off += chunk) {
    size_t len = std::min(chunk, payload - off);
    Bytes f(ip.begin(), ip.begin() + kIpv4HeaderSize);
    f.insert(f.end(), ip.begin() + kIpv4HeaderSize + off, ip.begin() + kIpv4HeaderSize + off + len);
    Put16(&f[2], uint16_t(f.size()));
    bool more = off + len < payload;
    Put16(&f[6], uint16_t((more ? 0x2000 : 0) | (off / 8)));
    Put16(&f[10], 0);
    Put16(&f[10], ChecksumFinish(ChecksumAdd(0, {f.data(), kIpv4HeaderSize})));
    out.push_back(std::move(f));
  }
  return out;
}

// Splits an IPv6 packet (no extension headers) into fragments with a fragment header.
inline std::vector<Bytes> FragmentV6(const Bytes& ip, size_t chunk, uint32_t id = 0x1234) {
  std::vector<Bytes> out;
  uint8_t nh = ip[6];
  size_t payload = ip.size() - kIpv6HeaderSize;
  for (size_t off = 0; off < payload; off += chunk) {
    size_t len = std::min(chunk, payload - off);
    Bytes f(ip.begin(), ip.begin() + kIpv6HeaderSize);
    f[6] = 44;
    Bytes fh(8, 0);
    fh[0] = nh;
    bool more = off + len < payload;
    Put16(&fh[2], uint16_t(off | (more ? 1 : 0)));
    Put32(&fh[4], id);
    f.insert(f.end(), fh.begin(), fh.end());
    f.insert(f.end(), ip.begin() + kIpv6HeaderSize + off, ip.begin() + kIpv6HeaderSize + off + len);
    Put16(&f[4], uint16_t(f.size() - kIpv6HeaderSize));
    out.push_back(std::move(f));
  }
  return out;
}

// Inserts an IPv6 extension header (hop-by-hop 0, destination options 60, routing 43) of `len8`
// 8-byte units right after the fixed header.
inline Bytes WithIpv6Extension(const Bytes& ip, uint8_t type, size_t len8 = 1) {
  Bytes ext(len8 * 8, 0);
  ext[0] = ip[6];
  ext[1] = uint8_t(len8 - 1);
  if (type != 43) {
    ext[2] = 1;  // PadN option filling the rest
    ext[3] = uint8_t(ext.size() - 4);
  }
  Bytes out(ip.begin(), ip.begin() + kIpv6HeaderSize);
  out[6] = type;
  out.insert(out.end(), ext.begin(), ext.end());
  out.insert(out.end(), ip.begin() + kIpv6HeaderSize, ip.end());
  Put16(&out[4], uint16_t(out.size() - kIpv6HeaderSize));
  return out;
}

}  // namespace capture::testing
