// libFuzzer target: one datagram through the SIP parser, then everything the detection path reads
// from the parsed message (structured fields, header lookups, the message CSV record); then the
// detection path's own parse (sip::ParseEventFields, with and without features::DetectionHeaders)
// checked against the full parse, and the feature encoder fed both, which must agree bit for bit.
//
// For the encoder the input is also split at kSeparator into up to kMaxMessages messages, fed in
// order (twice: retransmissions and known dialogs) to encoders with tiny tables (evictions), so
// one input can hold a whole call or a flood. An input without the separator is one message.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "dataset/from_message.h"
#include "dataset/record.h"
#include "features/encoder.h"
#include "features/message_event.h"
#include "fuzz_check.h"
#include "sip/fields.h"
#include "sip/header_reader.h"
#include "sip/message.h"
#include "sip/parser.h"
#include "util/ip_address.h"

namespace {

constexpr std::string_view kSeparator("\0\0\0\0", 4);  // also in sip.dict
constexpr int kMaxMessages = 64;

// Same bytes of the same buffer (ParseEventFields promises Parse's views, not copies).
bool SameView(std::string_view a, std::string_view b) {
  return a.data() == b.data() ? a.size() == b.size() : a.empty() && b.empty();
}

// sip/parser.h: ParseEventFields gives the start line and the wanted headers exactly as Parse
// does; a header that is not wanted stays empty.
void CheckEventFields(const sip::Message& full, const sip::Message& light, uint32_t want) {
  FUZZ_CHECK(full.is_request == light.is_request);
  FUZZ_CHECK(full.status_code == light.status_code);
  FUZZ_CHECK(SameView(full.method, light.method));
  FUZZ_CHECK(SameView(full.request_line, light.request_line));
  FUZZ_CHECK(SameView(full.request_uri.raw, light.request_uri.raw));
  FUZZ_CHECK(SameView(full.reason, light.reason));
  auto check = [want](sip::HeaderId id, std::string_view f, std::string_view l) {
    FUZZ_CHECK((want & sip::HeaderBit(id)) ? SameView(f, l) : l.empty());
  };
  check(sip::HeaderId::kVia, full.top_via.raw, light.top_via.raw);
  check(sip::HeaderId::kFrom, full.from.raw, light.from.raw);
  check(sip::HeaderId::kTo, full.to.raw, light.to.raw);
  check(sip::HeaderId::kCallId, full.call_id, light.call_id);
  check(sip::HeaderId::kCSeq, full.cseq_raw, light.cseq_raw);
  check(sip::HeaderId::kContact, full.contact_raw, light.contact_raw);
  check(sip::HeaderId::kUserAgent, full.user_agent, light.user_agent);
}

features::Encoder::Options TinyTables() {
  features::Encoder::Options o;
  o.source_capacity = 4;
  o.dialog_capacity = 4;
  return o;
}

// The full parse and the detection parse of each message, through EventFromMessage into two
// encoders: the same events kinds and bit-identical features (message_event.h's contract).
void EncodeStream(std::string_view text) {
  static features::Encoder full_enc(TinyTables()), light_enc(TinyTables());
  full_enc.Reset();
  light_enc.Reset();
  float a[features::kMaxFeatures], b[features::kMaxFeatures];
  FUZZ_CHECK(full_enc.size() <= features::kMaxFeatures);
  std::string_view parts[kMaxMessages];
  int n = 0;
  for (std::string_view rest = text; n < kMaxMessages;) {
    const size_t cut = rest.find(kSeparator);
    parts[n++] = rest.substr(0, cut);
    if (cut == std::string_view::npos) break;
    rest.remove_prefix(cut + kSeparator.size());
  }
  sip::Message full, light;
  features::SipEvent ea, eb;
  util::Micros t = 1'700'000'000'000'000;
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < n; ++i) {
      const util::Status sa = sip::Parse(parts[i], &full);
      const util::Status sb = sip::ParseEventFields(parts[i], &light, features::DetectionHeaders);
      FUZZ_CHECK(sa.ok() == sb.ok());
      if (!sa.ok()) continue;
      // Byte 0 of each message varies the source (of 8) and the time step, so rates, the
      // per-source tables and their eviction all move.
      const uint8_t k = static_cast<uint8_t>(parts[i].empty() ? 0 : parts[i][0]) + i;
      t += (k & 0x0f) * 97'003;
      const util::IpAddress src = util::IpAddress::V4(0x0a000001u + (k >> 5));
      const util::IpAddress dst = util::IpAddress::V4(0x0a0000feu);
      features::EventFromMessage(full, t, src, 5060, dst, 5060, &ea);
      features::EventFromMessage(light, t, src, 5060, dst, 5060, &eb);
      FUZZ_CHECK(ea.kind == eb.kind && ea.status_code == eb.status_code);
      std::memset(a, 0xa5, sizeof(a));
      std::memset(b, 0xa5, sizeof(b));
      const bool ra = full_enc.Consume(ea, a);
      const bool rb = light_enc.Consume(eb, b);
      FUZZ_CHECK(ra == rb);
      FUZZ_CHECK(std::memcmp(a, b, sizeof(a)) == 0);
    }
  }
  const auto sa = full_enc.stats(), sb = light_enc.stats();
  FUZZ_CHECK(sa.events == sb.events && sa.invites == sb.invites && sa.completed == sb.completed);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  sip::Message m;
  const util::Status full_status = sip::Parse(text, &m);
  if (full_status.ok()) {
    static dataset::MessageRecord record;  // reused, as the inspect loop does
    dataset::RecordFromMessage(m, 1'700'000'000'000'000, util::IpAddress(), &record);
    std::string_view v;
    sip::FindHeader(m, "Call-ID", &v);
    sip::FindHeader(m, "c", &v);
    sip::CountHeaders(m, "Via");
    (void)sip::FlagsToString(m.flags);
  }

  // The detection path's parse: all seven event headers, then only those DetectionHeaders
  // wants for this start line; same status and same error message as the full parse.
  sip::Message light;
  for (bool masked : {false, true}) {
    const util::Status s = masked ? sip::ParseEventFields(text, &light, features::DetectionHeaders)
                                  : sip::ParseEventFields(text, &light);
    FUZZ_CHECK(s.ok() == full_status.ok());
    FUZZ_CHECK(s.message() == full_status.message());
    if (s.ok())
      CheckEventFields(m, light, masked ? features::DetectionHeaders(light) : sip::kEventHeaders);
  }

  EncodeStream(text);

  // The raw header walk and the field parsers on every header value, whatever the start line.
  sip::HeaderReader reader(text);
  sip::HeaderField f;
  for (int i = 0; i < 2 * sip::kMaxHeaders && reader.Next(&f); ++i) {
    sip::NameAddr na;
    sip::Via via;
    sip::Uri uri;
    sip::ParseNameAddr(f.value, &na);
    sip::ParseVia(sip::FirstElement(f.value), &via);
    sip::ParseUri(f.value, &uri);
    sip::CountElements(f.value);
    sip::ClassifyHeaderName(f.name);
  }
  return 0;
}
