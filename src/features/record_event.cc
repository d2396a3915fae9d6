#include "features/record_event.h"

namespace features {

bool EventFromRecord(const dataset::MessageRecord& r, SipEvent* e) {
  auto src = util::IpAddress::Parse(r.source);
  if (!src) return false;
  *e = SipEvent();
  e->time = r.time;
  std::string_view msg = r.msg;
  e->kind = KindFromMethod(msg.substr(0, msg.find(' ')));
  e->src = *src;
  e->from = r.from;
  e->to = r.to;
  e->contact = r.contact;
  e->call_id = r.call_id;
  e->via = r.via;
  e->cseq = r.cseq;
  return true;
}

}  // namespace features
