// libFuzzer target: the input as a message CSV file read row by row by dataset::MessageCsvReader
// (which maps the file), then the Label-only reader on the same bytes.
#include <cstddef>
#include <cstdint>

#include "dataset/csv_reader.h"
#include "dataset/record.h"
#include "fuzz_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::MemFile file(data, size);
  if (!file.ok()) return 0;
  {
    dataset::MessageCsvReader reader;
    if (reader.Open(file.path()).ok()) {
      dataset::MessageRecord r;
      for (;;) {
        auto more = reader.Next(&r);
        if (!more.ok() || !*more) break;
      }
    }
  }
  (void)dataset::ReadLabels(file.path());
  return 0;
}
