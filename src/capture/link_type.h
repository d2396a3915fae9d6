// Link-layer header types the decoder understands, as libpcap's pcap_datalink() reports them (DLT_*
// values on Linux), plus the file-format LINKTYPE_* values where those differ.
#pragma once

namespace capture {

inline constexpr int kLinkNull = 0;         // DLT_NULL: 4-byte AF_ value in the writer's byte order
inline constexpr int kLinkEthernet = 1;     // DLT_EN10MB
inline constexpr int kLinkRaw = 12;         // DLT_RAW on Linux (what LINKTYPE_RAW reads back as)
inline constexpr int kLinkRawOpenBsd = 14;  // DLT_RAW on OpenBSD
inline constexpr int kLinkTypeRaw = 101;    // LINKTYPE_RAW in files
inline constexpr int kLinkLoop = 108;       // DLT_LOOP: 4-byte AF_ value, network byte order
inline constexpr int kLinkLinuxSll = 113;   // DLT_LINUX_SLL: Linux cooked capture v1
inline constexpr int kLinkIpv4 = 228;       // DLT_IPV4 / LINKTYPE_IPV4
inline constexpr int kLinkIpv6 = 229;       // DLT_IPV6 / LINKTYPE_IPV6
inline constexpr int kLinkLinuxSll2 = 276;  // DLT_LINUX_SLL2: Linux cooked capture v2

}  // namespace capture
