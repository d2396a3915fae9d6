#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "util/atomic_file.h"
#include "util/ip_address.h"
#include "util/status.h"
#include "util/time_format.h"

namespace util {
namespace {

TEST(Status, OkAndErrorWithContext) {
  EXPECT_TRUE(Status::Ok().ok());
  Status e = Status::Error("bad byte").WithContext("x.pcap");
  EXPECT_FALSE(e.ok());
  EXPECT_EQ(e.message(), "x.pcap: bad byte");
  Result<int> r = 5;
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(*r, 5);
  Result<int> f = Status::Error("no");
  EXPECT_FALSE(f.ok());
  EXPECT_EQ(f.status().message(), "no");
}

TEST(IpAddress, ParsesAndPrintsBothFamilies) {
  auto a = IpAddress::Parse("192.168.56.101");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->is_v4());
  EXPECT_EQ(a->v4(), 0xC0A83865u);
  EXPECT_EQ(a->ToString(), "192.168.56.101");
  auto b = IpAddress::Parse("[2001:db8::1]");
  ASSERT_TRUE(b);
  EXPECT_TRUE(b->is_v6());
  EXPECT_EQ(b->ToString(), "2001:db8::1");
  EXPECT_FALSE(IpAddress::Parse("300.1.1.1"));
  EXPECT_FALSE(IpAddress::Parse(""));
  EXPECT_TRUE(IpAddress::Parse("127.3.4.5")->is_loopback());
  EXPECT_TRUE(IpAddress::Parse("::1")->is_loopback());
}

TEST(Cidr, Contains) {
  auto c = Cidr::Parse("10.1.0.0/16");
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->Contains(*IpAddress::Parse("10.1.200.3")));
  EXPECT_FALSE(c->Contains(*IpAddress::Parse("10.2.0.1")));
  EXPECT_FALSE(c->Contains(*IpAddress::Parse("::1")));
  EXPECT_TRUE(Cidr::Parse("10.0.0.0/9")->Contains(*IpAddress::Parse("10.127.0.1")));
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/9")->Contains(*IpAddress::Parse("10.128.0.1")));
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/33"));
  EXPECT_EQ(Cidr::Parse("10.0.0.1")->length, 32);
}

TEST(TimeFormat, SecondsAndIso) {
  EXPECT_EQ(FormatSeconds(1700000000123456), "1700000000.123456");
  EXPECT_EQ(FormatSeconds(5), "0.000005");
  EXPECT_EQ(FormatIso8601(1700000000123456), "2023-11-14T22:13:20.123456+0000");
}

TEST(AtomicFile, CommitRenamesAbortLeavesNothing) {
  auto dir = std::filesystem::temp_directory_path() / ("atomic_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "out.txt").string();
  {
    AtomicFile f;
    ASSERT_TRUE(f.Open(path).ok());
    ASSERT_TRUE(f.Write("partial").ok());
    EXPECT_FALSE(std::filesystem::exists(path));
  }  // destroyed without Commit
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  {
    AtomicFile f;
    ASSERT_TRUE(f.Open(path).ok());
    ASSERT_TRUE(f.Write("whole").ok());
    ASSERT_TRUE(f.Commit().ok());
  }
  std::ifstream in(path);
  std::string s;
  in >> s;
  EXPECT_EQ(s, "whole");
  AtomicFile bad;
  EXPECT_FALSE(bad.Open((dir / "missing" / "x").string()).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace util
