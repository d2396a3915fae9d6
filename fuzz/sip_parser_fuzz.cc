// libFuzzer target: one datagram through the SIP parser, then everything the detection path reads
// from the parsed message (structured fields, header lookups, the message CSV record).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "dataset/from_message.h"
#include "dataset/record.h"
#include "sip/fields.h"
#include "sip/header_reader.h"
#include "sip/message.h"
#include "sip/parser.h"
#include "util/ip_address.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  sip::Message m;
  if (sip::Parse(text, &m).ok()) {
    static dataset::MessageRecord record;  // reused, as the inspect loop does
    dataset::RecordFromMessage(m, 1'700'000'000'000'000, util::IpAddress(), &record);
    std::string_view v;
    sip::FindHeader(m, "Call-ID", &v);
    sip::FindHeader(m, "c", &v);
    sip::CountHeaders(m, "Via");
    (void)sip::FlagsToString(m.flags);
  }

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
