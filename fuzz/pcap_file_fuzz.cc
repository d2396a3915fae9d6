// libFuzzer target: the input as a capture file (pcap or pcapng) read by capture::OpenFile, every
// datagram pulled through the PacketSource and handed to the SIP parser, as `inspect` and `detect`
// do.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "capture/packet_source.h"
#include "fuzz_file.h"
#include "sip/message.h"
#include "sip/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  capture::ReassemblyLimits limits;
  limits.max_datagrams = 8;
  limits.max_bytes = 128 << 10;
  auto src = capture::OpenFile(file.path(), limits);
  if (!src.ok()) return 0;
  capture::Datagram d;
  sip::Message m;
  for (int i = 0; i < 100000; ++i) {
    auto more = (*src)->Next(&d);
    if (!more.ok() || !*more) break;
    std::string_view text(reinterpret_cast<const char*>(d.payload.data()), d.payload.size());
    (void)sip::Parse(text, &m);
  }
  (void)(*src)->stats();
  return 0;
}
