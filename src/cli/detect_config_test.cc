// The config loader and the shared validation, without running the binary: values land in the
// right options, every error class is reported at its line and column, and the command line
// overrides only what it gives.
#include "cli/detect_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "cli/protected_servers.h"
#include "cli/test_support.h"

namespace cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const std::string kModel = std::string(SIPDDOS_SOURCE_DIR) + "/models/default-gru.safetensors";

// The errors of loading and validating `yaml`, as "LINE:COL message".
std::vector<std::string> Errors(const std::string& yaml, bool check_model = false) {
  LoadedConfig c = ParseDetectConfig(yaml);
  std::vector<ConfigIssue> issues = c.errors;
  if (issues.empty()) {
    auto more = c.Locate(ValidateDetectOptions(c.options, c.Given(), {check_model, {}}));
    issues.insert(issues.end(), more.begin(), more.end());
  }
  std::vector<std::string> out;
  for (const auto& i : issues)
    out.push_back(std::to_string(i.line) + ":" + std::to_string(i.column) + " " + i.message);
  return out;
}

TEST(DetectConfig, EveryKeyLandsInItsOption) {
  LoadedConfig c = ParseDetectConfig(R"(
capture:
  interface: eth1
  bpf: ""
servers: [192.0.2.10:5060, "[2001:db8::1]:5070", 192.0.2.11]
detection:
  model: /m.safetensors
  threshold: 0.25
  quiet_period: 4.5
  update_interval: 7
  max_servers: 32
output:
  alerts: /var/log/x.json
  metrics: 127.0.0.1:9999
  stats_interval: 30
  quiet: yes
mitigation:
  nft_set: inet:sipddos:banned4
  nft_set6: inet:sipddos:banned6
  ban_time: 120
  nft_add_rate: 50
  allow:
    - 10.0.0.0/8
    - 192.0.2.1
  new_dialog_rate: 6
  source_rate: 2
  known_rate: 40
)");
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].message;
  const DetectOptions& o = c.options;
  EXPECT_EQ(o.interface, "eth1");
  EXPECT_EQ(o.bpf, "");
  EXPECT_THAT(o.protect, ElementsAre("192.0.2.10:5060", "[2001:db8::1]:5070", "192.0.2.11"));
  EXPECT_EQ(o.model, "/m.safetensors");
  EXPECT_FLOAT_EQ(o.threshold, 0.25f);
  EXPECT_DOUBLE_EQ(o.quiet_period, 4.5);
  EXPECT_DOUBLE_EQ(o.update_interval, 7);
  EXPECT_EQ(o.max_servers, 32);
  EXPECT_EQ(o.alerts, "/var/log/x.json");
  EXPECT_EQ(o.metrics, "127.0.0.1:9999");
  EXPECT_DOUBLE_EQ(o.stats_interval, 30);
  EXPECT_TRUE(o.quiet);
  EXPECT_EQ(o.nft_set, "inet:sipddos:banned4");
  EXPECT_EQ(o.nft_set6, "inet:sipddos:banned6");
  EXPECT_EQ(o.ban_time, 120);
  EXPECT_DOUBLE_EQ(o.nft_add_rate, 50);
  EXPECT_THAT(o.allow, ElementsAre("10.0.0.0/8", "192.0.2.1"));
  EXPECT_DOUBLE_EQ(o.policy.new_dialog_rate, 6);
  EXPECT_DOUBLE_EQ(o.policy.source_rate, 2);
  EXPECT_DOUBLE_EQ(o.policy.known_rate, 40);
  EXPECT_EQ(c.Given().size(), 20u);  // every key but pcap, nfqueue, queue_bypass
  EXPECT_TRUE(ValidateDetectOptions(o, c.Given()).empty());
  // Value positions are 1-based (line 3 is "  interface: eth1" after the leading newline).
  EXPECT_EQ(c.keys.at("capture.interface").line, 3);
  EXPECT_EQ(c.keys.at("capture.interface").column, 14);
}

TEST(DetectConfig, NullAndMissingKeysKeepDefaults) {
  LoadedConfig c =
      ParseDetectConfig("capture:\n  pcap: x.pcap\n  bpf: ~\ndetection:\n  threshold:\n");
  ASSERT_TRUE(c.errors.empty());
  DetectOptions d;
  EXPECT_EQ(c.options.pcap, "x.pcap");
  EXPECT_EQ(c.options.bpf, d.bpf);
  EXPECT_EQ(c.options.threshold, d.threshold);
  EXPECT_EQ(c.options.alerts, "-");
  EXPECT_TRUE(ParseDetectConfig("").errors.empty());
  EXPECT_TRUE(ParseDetectConfig("# only a comment\n").errors.empty());
}

TEST(DetectConfig, ErrorsNameLineAndColumn) {
  // Wrong types.
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\ndetection:\n  max_servers: lots\n"),
              ElementsAre("4:16 detection.max_servers: expected an integer, got \"lots\""));
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\ndetection:\n  max_servers: 2.5\n"),
              ElementsAre("4:16 detection.max_servers: expected an integer, got \"2.5\""));
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\noutput:\n  quiet: maybe\n"),
              ElementsAre("4:10 output.quiet: expected true or false, got \"maybe\""));
  EXPECT_THAT(Errors("capture:\n  pcap: [a, b]\n"),
              ElementsAre("2:9 capture.pcap: expected a string, got a list"));
  EXPECT_THAT(Errors("capture: eth0\n"),
              ElementsAre("1:10 capture: expected a mapping of settings, got \"eth0\""));
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\ndetection:\n  threshold: .nan\n"),
              ElementsAre("4:14 detection.threshold: expected a number, got \".nan\""));
  // Unknown keys, with a suggestion when one is close.
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\n  intreface: eth0\n"),
              ElementsAre("3:3 unknown key 'capture.intreface' (did you mean "
                          "'capture.interface'?)"));
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\nfrobnicate: 1\n"),
              ElementsAre("3:1 unknown key 'frobnicate'"));
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\n  pcap: b.pcap\n"),
              ElementsAre("3:3 duplicate key 'capture.pcap'"));
  // Out of range.
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\ndetection:\n  threshold: 1.5\n"),
              ElementsAre("4:14 detection.threshold: 1.5 is out of range (must be in [0, 1])"));
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\ndetection:\n  quiet_period: 0\n"),
              ElementsAre("4:17 detection.quiet_period: 0 is out of range (must be > 0)"));
  EXPECT_THAT(
      Errors("mitigation:\n  nfqueue: 70000\n"),
      ElementsAre("2:12 mitigation.nfqueue: 70000 is out of range (must be in [0, 65535])"));
  // Invalid CIDR, set name, server.
  EXPECT_THAT(Errors("mitigation:\n  nfqueue: 3\n  allow: [10.0.0.0/8, 10.0.0.0/33]\n"),
              ElementsAre("3:10 mitigation.allow: \"10.0.0.0/33\" is not an address or CIDR"));
  auto set = Errors("mitigation:\n  nfqueue: 3\n  nft_set: \"inet:t:s;flush ruleset\"\n");
  ASSERT_EQ(set.size(), 1u);
  EXPECT_THAT(set[0], HasSubstr("3:12 mitigation.nft_set: nft set \"inet:t:s;flush ruleset\""));
  auto server = Errors("capture:\n  pcap: a.pcap\nservers:\n  - 192.0.2.1:99999\n");
  ASSERT_EQ(server.size(), 1u);
  EXPECT_THAT(server[0], HasSubstr("4:3 servers: server \"192.0.2.1:99999\": port must be"));
  // Conflicting and dependent options: blamed on the second source / the dependent key.
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\n  interface: eth0\n"),
              ElementsAre("3:14 capture.pcap and capture.interface exclude each other: give one "
                          "packet source"));
  EXPECT_THAT(Errors("capture:\n  interface: eth0\nmitigation:\n  ban_time: 30\n"),
              ElementsAre("4:13 mitigation.ban_time needs mitigation.nft_set or cluster.redis"));
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\nmitigation:\n  nft_set: inet:t:s\n"),
              ElementsAre("4:12 mitigation.nft_set bans live sources: it cannot be used with "
                          "capture.pcap"));
  EXPECT_THAT(Errors("output:\n  alerts: x.json\n"),
              ElementsAre("0:0 no packet source: set one of capture.pcap, capture.interface or "
                          "mitigation.nfqueue"));
  // YAML syntax.
  auto syntax = Errors("capture:\n  pcap: [a.pcap\n");
  ASSERT_EQ(syntax.size(), 1u);
  EXPECT_THAT(syntax[0], HasSubstr("YAML syntax: "));
  EXPECT_EQ(syntax[0].substr(0, 2), "3:") << syntax[0];
  // Several errors at once, each at its place.
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\n  foo: 1\ndetection:\n  max_servers: x\n"),
              ElementsAre("3:3 unknown key 'capture.foo'",
                          "5:16 detection.max_servers: expected "
                          "an integer, got \"x\""));
}

TEST(DetectConfig, MissingModelIsAnError) {
  EXPECT_THAT(Errors("capture:\n  pcap: a.pcap\ndetection:\n  model: /nonexistent/m.safetensors\n",
                     true)[0],
              HasSubstr("4:10 detection.model: /nonexistent/m.safetensors"));
  EXPECT_TRUE(
      Errors("capture:\n  pcap: a.pcap\ndetection:\n  model: " + kModel + "\n", true).empty());
}

TEST(DetectConfig, CommandLineOverridesOnlyWhatItGives) {
  TempDir dir;
  const std::string path = dir.path() + "/c.yaml";
  WriteFile(path, "capture:\n  interface: eth0\ndetection:\n  model: " + kModel +
                      "\n  max_servers: 8\n  quiet_period: 5\noutput:\n  alerts: a.json\n");
  DetectOptions cli;
  cli.quiet_period = 9;
  cli.pcap = "x.pcap";
  std::set<std::string> given = {"--quiet-period", "--pcap"};
  ResolvedOptions r = ResolveDetectOptions(
      cli, [&](const std::string& f) { return given.count(f) > 0; }, path);
  ASSERT_TRUE(r.file_errors.empty()) << r.file_errors[0];
  ASSERT_TRUE(r.usage_errors.empty()) << r.usage_errors[0];
  EXPECT_DOUBLE_EQ(r.options.quiet_period, 9);  // the command line's
  EXPECT_EQ(r.options.max_servers, 8);          // the file's
  EXPECT_EQ(r.options.alerts, "a.json");
  EXPECT_EQ(r.options.pcap, "x.pcap");  // a source on the command line replaces the file's
  EXPECT_EQ(r.options.interface, "");
  EXPECT_DOUBLE_EQ(r.options.policy.known_burst, 2 * r.options.policy.known_rate);

  // An error the file causes is positioned in it; the command line's own are usage errors.
  given = {"--ban-time"};
  r = ResolveDetectOptions(
      cli, [&](const std::string& f) { return given.count(f) > 0; }, path);
  EXPECT_TRUE(r.file_errors.empty());
  EXPECT_THAT(r.usage_errors, ElementsAre("--ban-time needs mitigation.nft_set or cluster.redis"));
  WriteFile(path, "capture:\n  interface: eth0\nmitigation:\n  ban_time: 30\n");
  r = ResolveDetectOptions(
      cli, [](const std::string&) { return false; }, path);
  EXPECT_THAT(r.file_errors, ElementsAre(path + ":4:13: error: mitigation.ban_time needs "
                                                "mitigation.nft_set or cluster.redis"));
  // Without a file: flags in messages.
  r = ResolveDetectOptions(
      cli, [](const std::string& f) { return f == "--allow"; }, "");
  DetectOptions with_allow;
  with_allow.pcap = "x.pcap";
  with_allow.allow = {"10.0.0.0/8"};
  r = ResolveDetectOptions(
      with_allow, [](const std::string& f) { return f == "--allow" || f == "--pcap"; }, "");
  EXPECT_THAT(r.usage_errors, ElementsAre("--allow needs --nfqueue, --nft-set or --redis"));
}

TEST(DetectConfig, EffectiveYamlRoundTrips) {
  DetectOptions o;
  o.interface = "eth3";
  o.protect = {"192.0.2.1:5060"};
  o.threshold = 0.4f;
  o.nft_set = "inet:a:b";
  o.ban_time = 90;
  std::string yaml = EffectiveYaml(o);
  EXPECT_THAT(yaml, HasSubstr("pcap: ~  # --pcap"));
  EXPECT_THAT(yaml, HasSubstr("interface: \"eth3\"  # --interface"));
  LoadedConfig c = ParseDetectConfig(yaml);
  ASSERT_TRUE(c.errors.empty()) << c.errors[0].message << "\n" << yaml;
  EXPECT_EQ(c.options.interface, "eth3");
  EXPECT_EQ(c.options.pcap, "");
  EXPECT_THAT(c.options.protect, ElementsAre("192.0.2.1:5060"));
  EXPECT_FLOAT_EQ(c.options.threshold, 0.4f);
  EXPECT_EQ(c.options.nfqueue, -1);
  EXPECT_EQ(c.options.nft_set, "inet:a:b");
  EXPECT_EQ(c.options.ban_time, 90);
  EXPECT_EQ(c.options.bpf, o.bpf);
  EXPECT_EQ(c.Given().size(), ConfigFields().size());  // every key is written
}

TEST(ProtectedServers, ParsesAndMatchesBothDirections) {
  auto p = ProtectedServers::Parse({"192.0.2.10:5060", "[2001:db8::1]:5070", "192.0.2.11"});
  ASSERT_TRUE(p.ok()) << p.status().message();
  capture::Datagram d;
  d.src = *util::IpAddress::Parse("198.51.100.1");
  d.sport = 40000;
  d.dst = *util::IpAddress::Parse("192.0.2.10");
  d.dport = 5060;
  EXPECT_TRUE(p->Covers(d));
  d.dport = 5061;  // another port of the same address
  EXPECT_FALSE(p->Covers(d));
  std::swap(d.src, d.dst);  // the server's response
  d.sport = 5060;
  d.dport = 40000;
  EXPECT_TRUE(p->Covers(d));
  d.src = *util::IpAddress::Parse("192.0.2.11");  // any port
  d.sport = 1234;
  EXPECT_TRUE(p->Covers(d));
  d.src = *util::IpAddress::Parse("2001:db8::1");
  d.sport = 5070;
  EXPECT_TRUE(p->Covers(d));
  d.src = *util::IpAddress::Parse("2001:db8::2");
  EXPECT_FALSE(p->Covers(d));
  EXPECT_TRUE(ProtectedServers::Parse({}).value().Covers(d));  // empty: everything
  for (const char* bad : {"", "host.example", "192.0.2.1:", "192.0.2.1:0", "[2001:db8::1",
                          "[2001:db8::1]5060", "300.1.1.1"})
    EXPECT_FALSE(ParseServerAddr(bad).ok()) << bad;
  EXPECT_EQ(ParseServerAddr("[2001:db8::1]:5070").value().ToString(), "[2001:db8::1]:5070");
  std::vector<std::string> many(kMaxProtectedServers + 1, "192.0.2.1");
  EXPECT_FALSE(ProtectedServers::Parse(many).ok());
}

}  // namespace
}  // namespace cli
