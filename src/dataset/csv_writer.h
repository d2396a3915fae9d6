// Writes the message CSV (docs/formats.md): RFC 4180 quoting, CRLF-free "\n"
// row ends, the columns of kCsvColumns in order. Rows are formatted into a
// reused buffer (no iostreams, no allocation per row once the buffer has grown)
// and land on disk through util::AtomicFile.
#pragma once

#include <string>
#include <string_view>

#include "dataset/record.h"
#include "util/atomic_file.h"
#include "util/status.h"

namespace dataset {

// Appends one field, quoted only when it holds ',', '"', CR or LF (quotes
// doubled).
void AppendCsvField(std::string_view value, std::string* out);
// Appends the header line "Seq,Temps,...,Intensity\n".
void AppendCsvHeader(std::string* out);
// Appends one row ending in '\n'. Unknown values (-1, kLabelUnknown) become
// empty cells.
void AppendCsvRow(const MessageRecord& r, std::string* out);

class MessageCsvWriter {
 public:
  // Opens path through AtomicFile and writes the header; nothing is visible
  // until Commit().
  util::Status Open(const std::string& path);
  util::Status Write(const MessageRecord& r);
  // Flushes and renames into place. Without it the destructor removes the
  // temporary.
  util::Status Commit();
  uint64_t rows() const { return rows_; }

 private:
  util::Status Flush();
  util::AtomicFile file_;
  std::string buf_;
  uint64_t rows_ = 0;
};

}  // namespace dataset
