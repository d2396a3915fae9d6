#include "dataset/csv_writer.h"

#include <charconv>

namespace dataset {
namespace {

constexpr size_t kFlushBytes = 1 << 20;

void AppendInt(int64_t v, std::string* out) {
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out->append(buf, p);
}

// "1700000000.123456", like util::FormatSeconds but without a temporary string.
void AppendSeconds(util::Micros t, std::string* out) {
  uint64_t a = t < 0 ? uint64_t(-t) : uint64_t(t);
  if (t < 0) out->push_back('-');
  char buf[24];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, a / 1000000);
  out->append(buf, p);
  uint64_t frac = a % 1000000;
  char f[7] = "000000";
  for (int i = 5; i >= 0; --i, frac /= 10) f[i] = char('0' + frac % 10);
  out->push_back('.');
  out->append(f, 6);
}

}  // namespace

void AppendCsvField(std::string_view v, std::string* out) {
  bool quote = v.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out->append(v);
    return;
  }
  out->push_back('"');
  for (char c : v) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

void AppendCsvHeader(std::string* out) {
  for (size_t i = 0; i < kCsvColumns.size(); ++i) {
    if (i) out->push_back(',');
    out->append(kCsvColumns[i]);
  }
  out->push_back('\n');
}

void AppendCsvRow(const MessageRecord& r, std::string* out) {
  AppendInt(int64_t(r.seq), out);
  out->push_back(',');
  AppendSeconds(r.time, out);
  out->push_back(',');
  for (const std::string* s : {&r.source, &r.msg, &r.via, &r.from, &r.to,
                               &r.call_id, &r.cseq, &r.contact}) {
    AppendCsvField(*s, out);
    out->push_back(',');
  }
  if (r.max_forwards >= 0) AppendInt(r.max_forwards, out);
  out->push_back(',');
  AppendCsvField(r.subject, out);
  out->push_back(',');
  AppendCsvField(r.content_type, out);
  out->push_back(',');
  if (r.content_length >= 0) AppendInt(r.content_length, out);
  out->push_back(',');
  if (r.label != kLabelUnknown) AppendInt(r.label, out);
  out->push_back(',');
  AppendCsvField(r.attack, out);
  out->push_back(',');
  AppendCsvField(r.intensity, out);
  out->push_back('\n');
}

util::Status MessageCsvWriter::Open(const std::string& path) {
  rows_ = 0;
  buf_.clear();
  buf_.reserve(kFlushBytes + 4096);
  SIPDDOS_RETURN_IF_ERROR(file_.Open(path));
  AppendCsvHeader(&buf_);
  return util::Status::Ok();
}

util::Status MessageCsvWriter::Flush() {
  util::Status st = file_.Write(buf_);
  buf_.clear();
  return st;
}

util::Status MessageCsvWriter::Write(const MessageRecord& r) {
  AppendCsvRow(r, &buf_);
  ++rows_;
  if (buf_.size() >= kFlushBytes) return Flush();
  return util::Status::Ok();
}

util::Status MessageCsvWriter::Commit() {
  SIPDDOS_RETURN_IF_ERROR(Flush());
  return file_.Commit();
}

}  // namespace dataset
