// One logical header line: the scan HeaderReader::Next (the full parse) and ParseEventFields
// (the detection path) share, so that both see the same lines.
#pragma once

#include <cstddef>
#include <string_view>

#include "sip/chars.h"

namespace sip::internal {

struct HeaderLine {
  size_t end = 0;        // end of the line's text (before its CRLF or LF)
  size_t next = 0;       // where the next line starts (data size at the end of the data)
  size_t colon = 0;      // the first ':' of the first physical line; >= end when none
  bool bare_lf = false;  // one of its line breaks is an LF without CR
};

// The logical line starting at `start` (< data size): physical lines joined while the next
// one starts with SP or HTAB (RFC 3261 folding). Inlined into both walks: it is the hot loop
// of the detection parse.
[[gnu::always_inline]] inline HeaderLine ScanHeaderLine(std::string_view data, size_t start) {
  const char* d = data.data();
  const size_t n = data.size();
  HeaderLine l;
  size_t i = FindLfNotingColon(data, start, &l.colon);
  for (;;) {
    if (i == n) {  // data ends inside this line
      l.end = (n > start && d[n - 1] == '\r') ? n - 1 : n;
      l.next = n;
      return l;
    }
    const bool crlf = i > start && d[i - 1] == '\r';
    l.bare_lf |= !crlf;
    if (i + 1 < n && IsWsp(d[i + 1])) {  // folded: the value goes on
      i = FindLf(data, i + 1);
      continue;
    }
    l.end = crlf ? i - 1 : i;
    l.next = i + 1;
    return l;
  }
}

}  // namespace sip::internal
