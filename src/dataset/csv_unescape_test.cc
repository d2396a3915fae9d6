// Regression (found by fuzz/csv_reader_fuzz): a row with several quoted fields holding doubled
// quotes grew the storage of unescaped fields while earlier fields of the row still pointed into
// it: heap-use-after-free (ASan), garbage cells without it.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "dataset/csv_reader.h"
#include "dataset/record.h"

namespace dataset {
namespace {

TEST(CsvUnescape, ManyDoubledQuoteFieldsInOneRow) {
  std::string path = ::testing::TempDir() + "/unescape.csv";
  std::string csv =
      "Seq,Temps,Source,MSG,Via,From,To,Call-ID,CSeq,Contact,Max-Forwards,Subject,"
      "Content-Type,Content-Length\n"
      "1,1.5,10.0.0.1,\"I\"\"1\",\"V\"\"2\",\"F\"\"3\",\"T\"\"4\",\"C\"\"5\",\"S\"\"6\","
      "\"M\"\"7\",70,\"J\"\"8\",\"Y\"\"9\",0\n";
  FILE* f = std::fopen(path.c_str(), "wb");
  ASSERT_NE(f, nullptr);
  std::fwrite(csv.data(), 1, csv.size(), f);
  std::fclose(f);
  auto rows = ReadMessageCsv(path);
  std::remove(path.c_str());
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  const MessageRecord& r = (*rows)[0];
  EXPECT_EQ(r.msg, "I\"1");
  EXPECT_EQ(r.via, "V\"2");
  EXPECT_EQ(r.from, "F\"3");
  EXPECT_EQ(r.to, "T\"4");
  EXPECT_EQ(r.call_id, "C\"5");
  EXPECT_EQ(r.cseq, "S\"6");
  EXPECT_EQ(r.contact, "M\"7");
  EXPECT_EQ(r.subject, "J\"8");
  EXPECT_EQ(r.content_type, "Y\"9");
}

}  // namespace
}  // namespace dataset
