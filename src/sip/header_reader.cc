#include "sip/header_reader.h"

#include <cstring>

#include "sip/chars.h"

namespace sip {
namespace {

using internal::IsToken;
using internal::IsWsp;
using internal::ToLowerAscii;

struct KnownHeader {
  std::string_view lower_name;
  std::string_view name;
  HeaderId id;
  char compact;  // 0 when none
};

constexpr KnownHeader kKnown[] = {
    {"via", "Via", HeaderId::kVia, 'v'},
    {"from", "From", HeaderId::kFrom, 'f'},
    {"to", "To", HeaderId::kTo, 't'},
    {"call-id", "Call-ID", HeaderId::kCallId, 'i'},
    {"cseq", "CSeq", HeaderId::kCSeq, 0},
    {"contact", "Contact", HeaderId::kContact, 'm'},
    {"max-forwards", "Max-Forwards", HeaderId::kMaxForwards, 0},
    {"subject", "Subject", HeaderId::kSubject, 's'},
    {"content-type", "Content-Type", HeaderId::kContentType, 'c'},
    {"content-length", "Content-Length", HeaderId::kContentLength, 'l'},
    {"user-agent", "User-Agent", HeaderId::kUserAgent, 0},
    {"date", "Date", HeaderId::kDate, 0},
    {"accept-contact", "Accept-Contact", HeaderId::kAcceptContact, 'a'},
    {"referred-by", "Referred-By", HeaderId::kReferredBy, 'b'},
    {"request-disposition", "Request-Disposition", HeaderId::kRequestDisposition, 'd'},
    {"content-encoding", "Content-Encoding", HeaderId::kContentEncoding, 'e'},
    {"reject-contact", "Reject-Contact", HeaderId::kRejectContact, 'j'},
    {"supported", "Supported", HeaderId::kSupported, 'k'},
    {"identity-info", "Identity-Info", HeaderId::kIdentityInfo, 'n'},
    {"event", "Event", HeaderId::kEvent, 'o'},
    {"refer-to", "Refer-To", HeaderId::kReferTo, 'r'},
    {"allow-events", "Allow-Events", HeaderId::kAllowEvents, 'u'},
    {"session-expires", "Session-Expires", HeaderId::kSessionExpires, 'x'},
    {"identity", "Identity", HeaderId::kIdentity, 'y'},
};

struct CompactTable {
  HeaderId ids[26] = {};
  constexpr CompactTable() {
    for (const KnownHeader& k : kKnown) {
      if (k.compact) ids[k.compact - 'a'] = k.id;
    }
  }
};
constexpr CompactTable kCompact{};

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (ToLowerAscii(s[i]) != lower[i]) return false;
  }
  return true;
}

}  // namespace

HeaderId ClassifyHeaderName(std::string_view name) {
  if (name.size() == 1) {
    const char c = ToLowerAscii(name[0]);
    return (c >= 'a' && c <= 'z') ? kCompact.ids[c - 'a'] : HeaderId::kUnknown;
  }
  for (const KnownHeader& k : kKnown) {
    if (k.lower_name.size() == name.size() && EqualsLower(name, k.lower_name)) return k.id;
  }
  return HeaderId::kUnknown;
}

std::string_view HeaderName(HeaderId id) {
  for (const KnownHeader& k : kKnown) {
    if (k.id == id) return k.name;
  }
  return {};
}

bool HeaderReader::Next(HeaderField* f) {
  const size_t n = data_.size();
  const char* d = data_.data();
  if (pos_ >= n) return false;
  if (d[pos_] == '\n' || (d[pos_] == '\r' && pos_ + 1 < n && d[pos_ + 1] == '\n')) {
    terminator_bare_lf_ = d[pos_] == '\n';
    pos_ += terminator_bare_lf_ ? 1 : 2;
    terminated_ = true;
    return false;
  }
  if (d[pos_] == '\r' && pos_ + 1 == n) {  // a lone CR at the very end: truncated
    pos_ = n;
    return false;
  }

  const size_t start = pos_;
  size_t line_end = n;
  bool bare_lf = false;
  size_t p = start;
  for (;;) {
    const void* lf = std::memchr(d + p, '\n', n - p);
    if (lf == nullptr) {  // data ends inside this line
      line_end = (n > start && d[n - 1] == '\r') ? n - 1 : n;
      pos_ = n;
      break;
    }
    const size_t i = static_cast<size_t>(static_cast<const char*>(lf) - d);
    const bool crlf = i > start && d[i - 1] == '\r';
    bare_lf |= !crlf;
    p = i + 1;
    if (p < n && IsWsp(d[p])) continue;  // folded: the value goes on
    line_end = crlf ? i - 1 : i;
    pos_ = p;
    break;
  }

  const std::string_view line(d + start, line_end - start);
  f->line = line;
  f->offset = start;
  f->bare_lf = bare_lf;
  f->has_nul = std::memchr(line.data(), '\0', line.size()) != nullptr;

  size_t i = 0;
  while (i < line.size() && IsToken(line[i])) ++i;
  const size_t name_end = i;
  while (i < line.size() && IsWsp(line[i])) ++i;
  if (name_end == 0 || i >= line.size() || line[i] != ':') {
    f->id = HeaderId::kMalformed;
    f->name = {};
    f->value = line;
    return true;
  }
  f->name = line.substr(0, name_end);
  f->value = internal::TrimLws(line.substr(i + 1));
  f->id = ClassifyHeaderName(f->name);
  return true;
}

namespace {

bool Matches(const HeaderField& f, HeaderId target, std::string_view name) {
  if (target != HeaderId::kUnknown) return f.id == target;
  return f.id == HeaderId::kUnknown && internal::EqualsIgnoreCase(f.name, name);
}

}  // namespace

bool FindHeader(const Message& msg, std::string_view name, std::string_view* value) {
  const HeaderId target = ClassifyHeaderName(name);
  HeaderReader reader(msg.headers);
  HeaderField f;
  while (reader.Next(&f)) {
    if (Matches(f, target, name)) {
      *value = f.value;
      return true;
    }
  }
  return false;
}

int CountHeaders(const Message& msg, std::string_view name) {
  const HeaderId target = ClassifyHeaderName(name);
  HeaderReader reader(msg.headers);
  HeaderField f;
  int count = 0;
  while (reader.Next(&f)) count += Matches(f, target, name) ? 1 : 0;
  return count;
}

}  // namespace sip
