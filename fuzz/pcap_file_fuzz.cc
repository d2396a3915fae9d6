// libFuzzer target: the input as a capture file (pcap or pcapng) read by capture::OpenFile, every
// datagram pulled through the PacketSource and handed to the SIP parser, as `inspect` and `detect`
// do. The input lives in a memfd, a regular file, so a native-order classic pcap takes OpenFile's
// fast path (capture::BlockPcapReader) up to its first unusual record, then libpcap.
//
// Two differential checks keep that fast path honest against libpcap alone:
// - the records BlockPcapReader hands out are libpcap's (time, lengths, bytes), and it stops
//   exactly where libpcap's next record starts;
// - OpenFile's datagrams, end (clean or error) and counters are those of libpcap's reader fed
//   to a Decoder of its own.
#include <pcap/pcap.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "capture/datagram.h"
#include "capture/decoder.h"
#include "capture/packet_source.h"
#include "capture/block_pcap_reader.h"
#include "fuzz_check.h"
#include "fuzz_file.h"
#include "sip/message.h"
#include "sip/parser.h"

namespace {

// As PcapSource: seconds clamped (capture/packet_source.h).
util::Micros Stamp(const pcap_pkthdr& h) {
  const util::Micros sec =
      std::clamp<util::Micros>(h.ts.tv_sec, -capture::kMaxStampSeconds, capture::kMaxStampSeconds);
  return sec * 1'000'000 + h.ts.tv_usec;
}

pcap_t* OpenPlain(const std::string& path) {
  char err[PCAP_ERRBUF_SIZE] = "";
  return pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_MICRO, err);
}

// BlockPcapReader against libpcap on the same file, record by record.
void CheckBlockReader(const std::string& path, const uint8_t* data, size_t size) {
  pcap_t* p = OpenPlain(path);
  if (!p) return;
  capture::BlockPcapReader block(fileno(pcap_file(p)), uint32_t(pcap_snapshot(p)));
  // Every native-order classic pcap 2.4 (micro- or nanosecond) libpcap opens is read by it.
  uint32_t magic = 0;
  uint16_t version[2] = {0, 0};
  if (size >= 8) {
    std::memcpy(&magic, data, 4);
    std::memcpy(version, data + 4, 4);
  }
  const bool eligible =
      (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) && version[0] == 2 && version[1] == 4;
  FUZZ_CHECK(block.ok() == eligible);
  if (block.ok()) {
    capture::BlockPcapReader::Record r;
    pcap_pkthdr* h;
    const u_char* bytes;
    while (block.Next(&r)) {
      FUZZ_CHECK(pcap_next_ex(p, &h, &bytes) == 1);
      FUZZ_CHECK(Stamp(*h) == r.ts);
      FUZZ_CHECK(h->caplen == r.data.size() && h->len == r.wire_len);
      FUZZ_CHECK(r.data.empty() || std::memcmp(bytes, r.data.data(), r.data.size()) == 0);
    }
    FUZZ_CHECK(std::ftell(pcap_file(p)) == long(block.fallback_offset()));
  }
  pcap_close(p);
}

// libpcap's reader alone with its own Decoder, as PcapSource without the fast path:
// 1 datagram, 0 end, -1 error.
int PlainNext(pcap_t* p, int link, capture::Decoder* dec, capture::Datagram* d) {
  pcap_pkthdr* h;
  const u_char* bytes;
  for (;;) {
    const int rc = pcap_next_ex(p, &h, &bytes);
    if (rc == 1) {
      if (dec->Decode(link, Stamp(*h), {bytes, h->caplen}, d, h->len)) return 1;
      continue;
    }
    dec->Finish();
    if (rc == PCAP_ERROR_BREAK) return 0;
    if (std::strstr(pcap_geterr(p), "truncated dump file")) ++dec->mutable_stats().truncated;
    return -1;
  }
}

bool SameDatagram(const capture::Datagram& a, const capture::Datagram& b) {
  return a.ts == b.ts && a.src == b.src && a.dst == b.dst && a.sport == b.sport &&
         a.dport == b.dport && a.transport == b.transport && a.payload.size() == b.payload.size() &&
         (a.payload.empty() ||
          std::memcmp(a.payload.data(), b.payload.data(), a.payload.size()) == 0);
}

bool SameStats(const capture::Stats& a, const capture::Stats& b) {
  return a.packets == b.packets && a.datagrams == b.datagrams && a.truncated == b.truncated &&
         a.malformed == b.malformed && a.unsupported_link == b.unsupported_link &&
         a.non_ip == b.non_ip && a.non_udp_tcp == b.non_udp_tcp &&
         a.tcp_no_payload == b.tcp_no_payload && a.fragments == b.fragments &&
         a.reassembled == b.reassembled && a.fragment_evictions == b.fragment_evictions &&
         a.fragment_timeouts == b.fragment_timeouts && a.fragment_errors == b.fragment_errors;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  CheckBlockReader(file.path(), data, size);

  capture::ReassemblyLimits limits;
  limits.max_datagrams = 8;
  limits.max_bytes = 128 << 10;
  auto src = capture::OpenFile(file.path(), limits);
  if (!src.ok()) return 0;
  pcap_t* plain = OpenPlain(file.path());
  FUZZ_CHECK(plain != nullptr);  // OpenFile opened it with the same call
  const int link = pcap_datalink(plain);
  FUZZ_CHECK(link == (*src)->link_type());
  capture::Decoder plain_decoder(limits);

  capture::Datagram d, ref;
  sip::Message m;
  for (int i = 0; i < 100000; ++i) {
    auto more = (*src)->Next(&d);
    const int got = !more.ok() ? -1 : *more ? 1 : 0;
    FUZZ_CHECK(got == PlainNext(plain, link, &plain_decoder, &ref));
    if (got != 1) break;
    FUZZ_CHECK(SameDatagram(d, ref));
    std::string_view text(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
    (void)sip::Parse(text, &m);
  }
  FUZZ_CHECK(SameStats((*src)->stats(), plain_decoder.stats()));
  pcap_close(plain);
  return 0;
}
