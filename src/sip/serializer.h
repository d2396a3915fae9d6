// Builds SIP messages as bytes (for the traffic simulator and tests). Nothing is validated:
// the simulator must be able to write malformed messages too.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sip {

struct OutMessage {
  std::string start_line;  // "INVITE sip:a@b SIP/2.0", without line end
  std::vector<std::pair<std::string, std::string>> headers;  // written in order, as given
  std::string body;
  bool lf_only = false;            // end lines with LF instead of CRLF (as Mr.SIP does)
  bool add_content_length = true;  // append "Content-Length: <body size>" when none is given
};

// Appends the message to *out (existing capacity is reused; nothing else is allocated when it
// suffices).
void Serialize(const OutMessage& msg, std::string* out);

// The same, header by header, for callers that keep no OutMessage: appends to *out.
class MessageWriter {
 public:
  MessageWriter(std::string* out, bool lf_only) : out_(out), eol_(lf_only ? "\n" : "\r\n") {}
  void StartLine(std::string_view line);
  void Header(std::string_view name, std::string_view value);
  // Writes "Content-Length: <body.size()>" first when add_content_length, then the empty line
  // and the body.
  void Finish(std::string_view body, bool add_content_length);

 private:
  std::string* out_;
  std::string_view eol_;
};

// Whether a header name is Content-Length in its full or compact ("l") form, any case.
bool IsContentLengthName(std::string_view name);

}  // namespace sip
