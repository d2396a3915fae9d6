#include "dataset/from_message.h"

#include <arpa/inet.h>

namespace dataset {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' ||
                        s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

void SetAddress(const util::IpAddress& a, std::string* out) {
  char buf[INET6_ADDRSTRLEN];
  const char* s = nullptr;
  if (a.is_v4()) s = inet_ntop(AF_INET, a.bytes(), buf, sizeof buf);
  if (a.is_v6()) s = inet_ntop(AF_INET6, a.bytes(), buf, sizeof buf);
  out->assign(s ? s : "");
}

}  // namespace

void RecordFromMessage(const sip::Message& m, util::Micros time,
                       const util::IpAddress& source, MessageRecord* out) {
  out->time = time;
  SetAddress(source, &out->source);
  out->msg.assign(Trim(m.request_line));
  out->via.assign(Trim(m.top_via.raw));
  out->from.assign(Trim(m.from.raw));
  out->to.assign(Trim(m.to.raw));
  out->call_id.assign(Trim(m.call_id));
  out->cseq.assign(Trim(m.cseq_raw));
  out->contact.assign(Trim(m.contact_raw));
  out->max_forwards = m.max_forwards;
  out->subject.assign(Trim(m.subject));
  out->content_type.assign(Trim(m.content_type));
  out->content_length = m.content_length;
  out->label = kLabelUnknown;
  out->attack.clear();
  out->intensity.clear();
}

}  // namespace dataset
