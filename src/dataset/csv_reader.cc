#include "dataset/csv_reader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

namespace dataset {
namespace {

bool ParseInt(std::string_view s, int64_t* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string Quote(std::string_view s) {
  std::string q = "\"";
  q.append(s.substr(0, 40));
  if (s.size() > 40) q += "...";
  return q + "\"";
}

}  // namespace

bool ParseSeconds(std::string_view s, util::Micros* out) {
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  size_t dot = s.find('.');
  std::string_view whole = s.substr(0, dot);
  std::string_view frac =
      dot == std::string_view::npos ? "" : s.substr(dot + 1);
  if (whole.empty() || frac.size() > 6 ||
      (dot != std::string_view::npos && frac.empty()))
    return false;
  uint64_t w = 0;
  auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), w);
  if (ec != std::errc() || p != whole.data() + whole.size() ||
      w > 9000000000000ull)
    return false;
  uint64_t f = 0;
  for (size_t i = 0; i < 6; ++i) {
    char c = i < frac.size() ? frac[i] : '0';
    if (c < '0' || c > '9') return false;
    f = f * 10 + uint64_t(c - '0');
  }
  int64_t v = int64_t(w * 1000000 + f);
  *out = neg ? -v : v;
  return true;
}

MessageCsvReader::~MessageCsvReader() {
  if (data_) munmap(const_cast<char*>(data_), size_);
}

util::Status MessageCsvReader::Error(size_t field,
                                     const std::string& what) const {
  std::string m = path_ + ":" + std::to_string(row_line_);
  if (field != size_t(-1)) m += ":" + std::to_string(field + 1);
  return util::Status::Error(m + ": " + what);
}

util::Status MessageCsvReader::Open(const std::string& path) {
  path_ = path;
  int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0)
    return util::Status::Error(path + ": cannot open: " + std::strerror(errno));
  struct stat st;
  if (fstat(fd, &st) != 0) {
    ::close(fd);
    return util::Status::Error(path + ": cannot stat: " + std::strerror(errno));
  }
  size_ = size_t(st.st_size);
  if (size_ == 0) {
    ::close(fd);
    return util::Status::Error(path +
                               ":1: empty file (expected the header line " +
                               std::string(kCsvColumns[0]) + "," +
                               std::string(kCsvColumns[1]) + ",...)");
  }
  void* m = mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (m == MAP_FAILED)
    return util::Status::Error(path + ": cannot map: " + std::strerror(errno));
  data_ = static_cast<const char*>(m);
  madvise(m, size_, MADV_SEQUENTIAL);

  auto header = SplitRow();
  if (!header.ok()) return header.status();
  header_fields_ = nfields_;
  std::fill(std::begin(col_), std::end(col_), -1);
  for (size_t f = 0; f < nfields_; ++f) {
    for (size_t c = 0; c < kCsvColumns.size(); ++c) {
      if (fields_[f] != kCsvColumns[c]) continue;
      if (col_[c] >= 0)
        return Error(f, "duplicate column " + Quote(kCsvColumns[c]));
      col_[c] = int(f);
    }
  }
  for (size_t c = 0; c < 14; ++c) {
    if (col_[c] < 0)
      return Error(size_t(-1),
                   "missing column " + Quote(kCsvColumns[c]) +
                       " in the header (docs/formats.md lists the columns)");
  }
  return util::Status::Ok();
}

util::Result<bool> MessageCsvReader::SplitRow() {
  if (pos_ >= size_) return false;
  row_line_ = line_;
  nfields_ = 0;
  size_t nun = 0;
  while (true) {
    if (fields_.size() <= nfields_) fields_.resize(nfields_ + 1);
    std::string_view field;
    if (pos_ < size_ && data_[pos_] == '"') {
      uint64_t start_line = line_;
      size_t start = ++pos_;
      bool doubled = false;
      while (true) {
        const void* q = std::memchr(data_ + pos_, '"', size_ - pos_);
        size_t qpos = q ? size_t(static_cast<const char*>(q) - data_) : size_;
        line_ += uint64_t(std::count(data_ + pos_, data_ + qpos, '\n'));
        if (qpos >= size_) {
          row_line_ = start_line;
          return Error(nfields_, "unterminated quoted field");
        }
        if (qpos + 1 < size_ && data_[qpos + 1] == '"') {
          doubled = true;
          pos_ = qpos + 2;
          continue;
        }
        field = std::string_view(data_ + start, qpos - start);
        pos_ = qpos + 1;
        break;
      }
      if (doubled) {
        if (unescaped_.size() <= nun) unescaped_.resize(nun + 1);
        std::string& u = unescaped_[nun++];
        u.clear();
        for (size_t i = 0; i < field.size(); ++i) {
          u.push_back(field[i]);
          if (field[i] == '"') ++i;
        }
        field = u;
      }
      if (pos_ < size_ && data_[pos_] != ',' && data_[pos_] != '\n' &&
          !(data_[pos_] == '\r' && pos_ + 1 < size_ && data_[pos_ + 1] == '\n'))
        return Error(nfields_, "unexpected character after a closing quote");
    } else {
      size_t start = pos_;
      while (pos_ < size_ && data_[pos_] != ',' && data_[pos_] != '\n') {
        if (data_[pos_] == '"')
          return Error(nfields_, "quote inside an unquoted field");
        ++pos_;
      }
      size_t end = pos_;
      if (end > start && data_[end - 1] == '\r' &&
          (pos_ >= size_ || data_[pos_] == '\n'))
        --end;
      field = std::string_view(data_ + start, end - start);
    }
    fields_[nfields_++] = field;
    if (pos_ >= size_) return true;
    if (data_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (data_[pos_] == '\r') ++pos_;
    ++pos_;  // '\n'
    ++line_;
    return true;
  }
}

util::Result<bool> MessageCsvReader::Next(MessageRecord* r) {
  auto more = SplitRow();
  if (!more.ok() || !*more) return more;
  if (nfields_ != header_fields_)
    return Error(size_t(-1), "expected " + std::to_string(header_fields_) +
                                 " fields as in the header, found " +
                                 std::to_string(nfields_));
  auto f = [&](int c) { return fields_[size_t(col_[c])]; };
  auto bad = [&](int c, const char* expected) {
    return Error(size_t(col_[c]), std::string(kCsvColumns[size_t(c)]) +
                                      ": expected " + expected + ", got " +
                                      Quote(f(c)));
  };
  int64_t v;
  if (!ParseInt(f(0), &v) || v < 0) return bad(0, "a non-negative integer");
  r->seq = uint64_t(v);
  if (!ParseSeconds(f(1), &r->time))
    return bad(1, "seconds with up to 6 decimals");
  r->source.assign(f(2));
  r->msg.assign(f(3));
  r->via.assign(f(4));
  r->from.assign(f(5));
  r->to.assign(f(6));
  r->call_id.assign(f(7));
  r->cseq.assign(f(8));
  r->contact.assign(f(9));
  if (f(10).empty()) {
    r->max_forwards = -1;
  } else if (!ParseInt(f(10), &r->max_forwards) || r->max_forwards < 0) {
    return bad(10, "a non-negative integer or nothing");
  }
  r->subject.assign(f(11));
  r->content_type.assign(f(12));
  if (f(13).empty()) {
    r->content_length = -1;
  } else if (!ParseInt(f(13), &r->content_length) || r->content_length < 0) {
    return bad(13, "a non-negative integer or nothing");
  }
  r->label = kLabelUnknown;
  if (col_[14] >= 0) {
    std::string_view l = f(14);
    if (l == "0") {
      r->label = kLabelLegitimate;
    } else if (l == "1") {
      r->label = kLabelMalicious;
    } else if (!l.empty()) {
      return bad(14, "0, 1 or nothing");
    }
  }
  if (col_[15] >= 0)
    r->attack.assign(f(15));
  else
    r->attack.clear();
  if (col_[16] >= 0)
    r->intensity.assign(f(16));
  else
    r->intensity.clear();
  return true;
}

util::Result<std::vector<MessageRecord>> ReadMessageCsv(
    const std::string& path) {
  MessageCsvReader reader;
  SIPDDOS_RETURN_IF_ERROR(reader.Open(path));
  std::vector<MessageRecord> rows;
  MessageRecord r;
  while (true) {
    auto more = reader.Next(&r);
    if (!more.ok()) return more.status();
    if (!*more) break;
    rows.push_back(r);
  }
  return rows;
}

util::Result<std::vector<int8_t>> ReadLabels(const std::string& path) {
  MessageCsvReader reader;
  SIPDDOS_RETURN_IF_ERROR(reader.Open(path));
  if (!reader.has_labels())
    return util::Status::Error(
        path + ":1: no Label column: windows need labelled rows");
  std::vector<int8_t> labels;
  MessageRecord r;
  while (true) {
    auto more = reader.Next(&r);
    if (!more.ok()) return more.status();
    if (!*more) break;
    if (r.label == kLabelUnknown)
      return util::Status::Error(
          path + ":" + std::to_string(reader.line()) + ":" +
          std::to_string(reader.label_field() + 1) +
          ": Label: empty, but windows need every row labelled");
    labels.push_back(int8_t(r.label));
  }
  return labels;
}

}  // namespace dataset
