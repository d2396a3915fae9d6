#include "sip/serializer.h"

#include <charconv>

#include "sip/header_reader.h"

namespace sip {

bool IsContentLengthName(std::string_view name) {
  return ClassifyHeaderName(name) == HeaderId::kContentLength;
}

void MessageWriter::StartLine(std::string_view line) {
  out_->append(line);
  out_->append(eol_);
}

void MessageWriter::Header(std::string_view name, std::string_view value) {
  out_->append(name);
  out_->append(": ");
  out_->append(value);
  out_->append(eol_);
}

void MessageWriter::Finish(std::string_view body, bool add_content_length) {
  if (add_content_length) {
    char digits[24];
    const auto r = std::to_chars(digits, digits + sizeof(digits), body.size());
    Header("Content-Length", std::string_view(digits, static_cast<size_t>(r.ptr - digits)));
  }
  out_->append(eol_);
  out_->append(body);
}

void Serialize(const OutMessage& msg, std::string* out) {
  const size_t eol = msg.lf_only ? 1 : 2;
  size_t size = msg.start_line.size() + eol + eol + msg.body.size() + 40;
  bool has_length = false;
  for (const auto& [name, value] : msg.headers) {
    size += name.size() + 2 + value.size() + eol;
    has_length |= IsContentLengthName(name);
  }
  out->reserve(out->size() + size);
  MessageWriter w(out, msg.lf_only);
  w.StartLine(msg.start_line);
  for (const auto& [name, value] : msg.headers) w.Header(name, value);
  w.Finish(msg.body, msg.add_content_length && !has_length);
}

}  // namespace sip
