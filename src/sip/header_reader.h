// Walks the header section of a SIP message line by line: folded (LWS continuation) lines
// are joined into one value, CRLF and bare LF both end a line, and the walk stops at the empty
// line that ends the headers. Used by the parser and for looking up any header afterwards.
#pragma once

#include <cstddef>
#include <string_view>

#include "sip/message.h"

namespace sip {

struct HeaderField {
  HeaderId id = HeaderId::kUnknown;
  std::string_view name;   // as written (compact or full); empty when kMalformed
  std::string_view value;  // LWS-trimmed; folded line breaks stay inside (zero copy)
  std::string_view line;   // the whole logical line, continuations included, without CRLF
  size_t offset = 0;       // offset of the line from the start of the reader's input
  bool bare_lf = false;    // a line of it ended in LF without CR
};

class HeaderReader {
 public:
  // `data` starts at the first header line; it may run on past the headers (into the body).
  explicit HeaderReader(std::string_view data) : data_(data) {}

  // The next header line; false at the empty line that ends the headers or at end of data.
  bool Next(HeaderField* field);

  // Offset just past the empty line once Next returned false because of it, else data size.
  size_t end() const { return pos_; }
  // Whether the walk ended at an empty line (rather than at the end of the data).
  bool terminated() const { return terminated_; }
  // Whether the empty line itself was a bare LF.
  bool terminator_bare_lf() const { return terminator_bare_lf_; }

 private:
  std::string_view data_;
  size_t pos_ = 0;
  bool terminated_ = false;
  bool terminator_bare_lf_ = false;
};

// Id of a header name, compact forms included, ignoring case; kUnknown when not known.
HeaderId ClassifyHeaderName(std::string_view name);
// Canonical full name of an id ("Call-ID"); "" for kUnknown / kMalformed.
std::string_view HeaderName(HeaderId id);

// Value of the first header called `name` (case-insensitive; "Content-Type", "c" and "C" are
// the same header) in msg.headers; false when absent.
bool FindHeader(const Message& msg, std::string_view name, std::string_view* value);
// How many header lines called `name` the message has.
int CountHeaders(const Message& msg, std::string_view name);

}  // namespace sip
