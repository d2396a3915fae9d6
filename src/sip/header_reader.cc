#include "sip/header_reader.h"

#include <cstdint>
#include <cstring>
#include <iterator>

#include "sip/chars.h"
#include "sip/header_line.h"

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

// kKnown index by (name length, second letter's low 5 bits): no two known names share both,
// so one comparison classifies a name (checked when the table is built).
constexpr size_t kMaxNameLength = 19;
struct NameTable {
  int8_t index[kMaxNameLength + 1][32] = {};
  constexpr NameTable() {
    for (auto& row : index) {
      for (int8_t& v : row) v = -1;
    }
    for (size_t k = 0; k < std::size(kKnown); ++k) {
      const std::string_view name = kKnown[k].lower_name;
      int8_t& slot = index[name.size()][name[1] & 0x1f];
      if (slot >= 0) throw "two known header names share a slot";  // fails constexpr
      slot = static_cast<int8_t>(k);
    }
  }
};
constexpr NameTable kByShape{};

// Per known name, 0x20 where it has a letter and 0 where it has '-': (byte | mask) == lower
// holds exactly for the letter in either case, and only for '-' itself.
struct CaseMasks {
  char mask[std::size(kKnown)][kMaxNameLength] = {};
  constexpr CaseMasks() {
    for (size_t k = 0; k < std::size(kKnown); ++k) {
      for (size_t i = 0; i < kKnown[k].lower_name.size(); ++i) {
        mask[k][i] = kKnown[k].lower_name[i] == '-' ? 0 : 0x20;
      }
    }
  }
};
constexpr CaseMasks kMasks{};

template <typename Word>
Word Load(const char* p) {
  Word v;
  std::memcpy(&v, p, sizeof(v));
  return v;
}

// Compares in (possibly overlapping) words of W bytes that stay inside [0, n), n >= W.
template <typename Word>
bool EqualsMaskedWords(const char* s, const char* mask, const char* lower, size_t n) {
  constexpr size_t w = sizeof(Word);
  Word diff = 0;
  for (size_t i = 0; i + w < n; i += w) {
    diff |= (Load<Word>(s + i) | Load<Word>(mask + i)) ^ Load<Word>(lower + i);
  }
  const size_t last = n - w;
  diff |= (Load<Word>(s + last) | Load<Word>(mask + last)) ^ Load<Word>(lower + last);
  return diff == 0;
}

// Whether name equals kKnown[k]'s, ignoring case; the caller checked the lengths are equal.
bool EqualsKnown(std::string_view name, size_t k) {
  const char* lower = kKnown[k].lower_name.data();
  const char* mask = kMasks.mask[k];
  const size_t n = name.size();
  if (n >= 8) return EqualsMaskedWords<uint64_t>(name.data(), mask, lower, n);
  if (n >= 4) return EqualsMaskedWords<uint32_t>(name.data(), mask, lower, n);
  return EqualsMaskedWords<uint16_t>(name.data(), mask, lower, n);
}

}  // namespace

HeaderId ClassifyHeaderName(std::string_view name) {
  if (name.size() == 1) {
    const char c = ToLowerAscii(name[0]);
    return (c >= 'a' && c <= 'z') ? kCompact.ids[c - 'a'] : HeaderId::kUnknown;
  }
  if (name.size() > kMaxNameLength || name.empty()) return HeaderId::kUnknown;
  const int8_t k = kByShape.index[name.size()][name[1] & 0x1f];
  if (k >= 0 && EqualsKnown(name, static_cast<size_t>(k))) return kKnown[k].id;
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
  const internal::HeaderLine l = internal::ScanHeaderLine(data_, start);
  const size_t line_end = l.end, colon_at = l.colon;
  pos_ = l.next;

  const std::string_view line(d + start, line_end - start);
  f->line = line;
  f->offset = start;
  f->bare_lf = l.bare_lf;

  // name *(SP / HTAB) ":" value. A known name is a token by construction, so only unknown
  // names need the per-byte token check.
  const size_t colon = colon_at < line_end ? colon_at - start : 0;
  size_t name_end = colon;
  while (name_end > 0 && IsWsp(line[name_end - 1])) --name_end;
  const std::string_view name = line.substr(0, name_end);
  HeaderId id = name.empty() ? HeaderId::kMalformed : ClassifyHeaderName(name);
  if (id == HeaderId::kUnknown && !internal::AllOf(name, internal::kToken)) {
    id = HeaderId::kMalformed;
  }
  f->id = id;
  if (id == HeaderId::kMalformed) {
    f->name = {};
    f->value = line;
    return true;
  }
  f->name = name;
  f->value = internal::TrimLws(line.substr(colon + 1));
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
