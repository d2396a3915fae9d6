// Reads the message CSV (docs/formats.md) written by MessageCsvWriter or by
// hand: RFC 4180 quoting (fields may hold commas, doubled quotes and line
// breaks), "\n" or "\r\n" row ends. Columns are found by header name; the 14
// message columns are required, Label, Attack and Intensity are optional. Every
// error names "file:line:column" (column = 1-based field number).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <deque>
#include <vector>

#include "dataset/record.h"
#include "util/status.h"

namespace dataset {

class MessageCsvReader {
 public:
  MessageCsvReader() = default;
  ~MessageCsvReader();
  MessageCsvReader(const MessageCsvReader&) = delete;
  MessageCsvReader& operator=(const MessageCsvReader&) = delete;

  // Maps the file and checks the header.
  util::Status Open(const std::string& path);
  // Fills *r with the next row; false at the end of the file.
  util::Result<bool> Next(MessageRecord* r);
  bool has_labels() const { return col_[14] >= 0; }
  int label_field() const {
    return col_[14];
  }  // 0-based field index, -1 when absent
  uint64_t line() const {
    return row_line_;
  }  // line where the last row returned starts

 private:
  util::Status Error(size_t field, const std::string& what) const;
  // Splits the row at pos_ into fields_; false at end of input.
  util::Result<bool> SplitRow();

  std::string path_;
  const char* data_ = nullptr;
  size_t size_ = 0, pos_ = 0;
  uint64_t line_ = 1, row_line_ = 0;
  int col_[17];  // field index of each kCsvColumns entry, -1 when absent
  size_t nfields_ = 0, header_fields_ = 0;
  std::vector<std::string_view> fields_;
  // Storage for quoted fields holding doubled quotes. A deque: growing it must not move the
  // strings that fields_ of the same row already point into (a vector did: use after free).
  std::deque<std::string> unescaped_;
};

// Every row of the file.
util::Result<std::vector<MessageRecord>> ReadMessageCsv(
    const std::string& path);
// Only the Label column (0/1), in file order; an error when the column is
// absent or a cell is empty, since windows and training need every label.
util::Result<std::vector<int8_t>> ReadLabels(const std::string& path);

// Parses "1700000000.123456" (up to 6 decimals, optional '-') into
// microseconds.
bool ParseSeconds(std::string_view s, util::Micros* out);

}  // namespace dataset
