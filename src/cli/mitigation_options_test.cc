// `sipddos detect`'s mitigation options as a user meets them: bad combinations and specs are
// usage errors (exit 2) before anything is opened; a set that does not exist is a runtime error
// naming it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/test_support.h"

namespace cli {
namespace {

TEST(MitigationOptions, BadCombinationsAndSpecsAreUsageErrors) {
  const std::string pcap = std::string(SIPDDOS_TESTDATA) + "/real-sip/aaa.pcap";
  const std::vector<std::vector<std::string>> bad = {
      {"detect", "--nfqueue", "5", "--pcap", pcap},
      {"detect", "--nfqueue", "5", "--interface", "lo"},
      {"detect", "--nfqueue", "70000"},
      {"detect", "--pcap", pcap, "--queue-bypass"},
      {"detect", "--nfqueue", "5", "--nft-set", "inet:t"},
      {"detect", "--nfqueue", "5", "--nft-set", "inet:t:s;flush ruleset"},
      {"detect", "--nfqueue", "5", "--nft-set", "inet:t:s", "--nft-set6", "x"},
      {"detect", "--nfqueue", "5", "--allow", "10.0.0.0/8,not-an-address"},
      {"detect", "--pcap", pcap, "--allow", "10.0.0.0/8"},
      {"detect", "--pcap", pcap, "--nft-set", "inet:t:s"},
      {"detect", "--nfqueue", "5", "--ban-time", "60"},
  };
  for (const auto& args : bad) {
    std::string line;
    for (const auto& a : args) line += a + " ";
    auto r = RunSipddos(args);
    EXPECT_EQ(r.status, 2) << line << "\n" << r.output;
  }
}

TEST(MitigationOptions, MissingSetIsNamedBeforeCaptureStarts) {
  auto r = RunSipddos({"detect", "--interface", "lo", "--nft-set",
                       "inet:sipddos_no_such_table:banned4", "--quiet"});
  EXPECT_EQ(r.status, 1) << r.output;
  EXPECT_NE(r.output.find("nft set inet:sipddos_no_such_table:banned4"), std::string::npos)
      << r.output;
}

TEST(MitigationOptions, HelpListsTheInlineOptions) {
  auto r = RunSipddos({"detect", "--help"});
  EXPECT_EQ(r.status, 0);
  for (const char* opt : {"--nfqueue", "--queue-bypass", "--nft-set", "--nft-set6", "--ban-time",
                          "--allow", "--new-dialog-rate", "--known-rate", "--source-rate"})
    EXPECT_NE(r.output.find(opt), std::string::npos) << opt;
}

}  // namespace
}  // namespace cli
