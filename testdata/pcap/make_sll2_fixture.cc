// Writes the frames of testdata/pcap/sll2-v4-v6-frag.pcapng as classic pcap; then
//   g++ -std=c++20 -Isrc testdata/pcap/make_sll2_fixture.cc build-capture/src/capture/libsipddos_capture.a \
//       build-capture/src/util/libsipddos_util.a -lpcap -o /tmp/mk && /tmp/mk /tmp/f.pcap &&
//   editcap -F pcapng /tmp/f.pcap testdata/pcap/sll2-v4-v6-frag.pcapng
#include <string>
#include "capture/frame_testing.h"
#include "capture/link_type.h"
#include "capture/pcap_writer.h"
using namespace capture;
using namespace capture::testing;
int main(int argc, char** argv) {
  const char kInvite[] = "INVITE sip:bob@example.com SIP/2.0\r\nCall-ID: a@b\r\n\r\n";
  auto w = PcapWriter::Create(argv[1], kLinkLinuxSll2);
  util::Micros ts = 1'700'000'000'000'000;
  w->WriteFrame(ts += 1000, Sll2(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, kInvite)));
  w->WriteFrame(ts += 1000, Sll2(IpUdp("2001:db8::1", 5062, "2001:db8::2", 5060, kInvite)));
  std::string big(3000, 'q');
  auto frags = FragmentV4(IpUdp("192.0.2.1", 5062, "192.0.2.2", 5060, big, 9), 1480);
  for (int i = int(frags.size()) - 1; i >= 0; --i) w->WriteFrame(ts += 1000, Sll2(frags[i]));
  return w->Close().ok() ? 0 : 1;
}
