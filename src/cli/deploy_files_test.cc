// Checks of the operator files in deploy/: the Grafana dashboard and the
// Prometheus rules only use metrics the exporter writes, the systemd unit keeps
// its hardening, and - where the tools exist - promtool accepts the rules and a
// live scrape of `sipddos detect`, systemd-analyze accepts the unit.
// Tool-dependent tests are registered only where the tool (and root) exists.
#include <arpa/inet.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli/test_support.h"
#include "detect/detector.h"
#include "output/prometheus.h"
#include "output/telemetry.h"
#include "util/test_if.h"

namespace cli {
namespace {

using ::testing::HasSubstr;

const std::string kDeploy = std::string(SIPDDOS_SOURCE_DIR) + "/deploy/";
const std::string kRules = kDeploy + "prometheus/sipddos-rules.yml";
const std::string kDashboard = kDeploy + "grafana/sipddos-dashboard.json";
const std::string kUnit = kDeploy + "systemd/sipddos.service";

// Sample names (without labels) in Prometheus text output, e.g.
// sipddos_windows_total.
std::set<std::string> SampleNames(const std::string& exposition) {
  std::set<std::string> names;
  std::istringstream in(exposition);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    names.insert(line.substr(0, line.find_first_of("{ ")));
  }
  return names;
}

// Names sipddos_* (raw metrics) and sipddos:* (recording rules) used in a
// PromQL text.
std::set<std::string> UsedNames(const std::string& text) {
  static const std::regex kName(R"(\bsipddos[_:][a-z0-9_:]*)");
  std::set<std::string> names;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kName);
       it != std::sregex_iterator(); ++it)
    names.insert(it->str());
  return names;
}

// Recording rule name -> its expression (the line after `- record:`, or a `|` block).
std::map<std::string, std::string> RecordingRules() {
  static const std::regex kRecord(
      R"(- record:\s*(\S+)\n\s*expr:\s*(\|[^\n]*\n(?:\s{10,}[^\n]*\n)+|[^\n]+))");
  std::string rules = ReadFile(kRules);
  std::map<std::string, std::string> out;
  for (auto it = std::sregex_iterator(rules.begin(), rules.end(), kRecord);
       it != std::sregex_iterator(); ++it)
    out[(*it)[1].str()] = (*it)[2].str();
  return out;
}

std::set<std::string> RecordedNames() {
  std::set<std::string> names;
  for (const auto& [name, expr] : RecordingRules()) names.insert(name);
  return names;
}

// Every PromQL text in the dashboard: panel targets, annotations, variable
// queries.
std::vector<std::string> DashboardExprs(const nlohmann::json& d) {
  std::vector<std::string> out;
  for (const auto& p : d.at("panels"))
    for (const auto& t : p.at("targets")) out.push_back(t.at("expr").get<std::string>());
  for (const auto& a : d.at("annotations").at("list"))
    if (a.contains("expr")) out.push_back(a["expr"].get<std::string>());
  for (const auto& v : d.at("templating").at("list"))
    if (v.contains("definition")) out.push_back(v["definition"].get<std::string>());
  return out;
}

// Every sipddos name in `exprs` is a sample the exporter writes or a recording
// rule of ours.
void ExpectKnownNames(const std::vector<std::string>& exprs, const std::set<std::string>& exported,
                      const std::string& where) {
  std::set<std::string> recorded = RecordedNames();
  for (const std::string& e : exprs)
    for (const std::string& n : UsedNames(e))
      EXPECT_TRUE(exported.count(n) || recorded.count(n))
          << where << ": " << n << " is neither exported nor recorded, in: " << e;
}

std::vector<std::string> RuleExprs() {
  static const std::regex kExpr(R"(expr:\s*(\|[^\n]*\n(?:\s{10,}[^\n]*\n)+|[^\n]+))");
  std::string rules = ReadFile(kRules);
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(rules.begin(), rules.end(), kExpr);
       it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

std::set<std::string> ExporterNames() {
  output::Telemetry t;
  detect::Counters c;
  return SampleNames(output::RenderPrometheus(t, c));
}

TEST(DeployFiles, DashboardIsImportableAndUsesOnlyExportedMetrics) {
  nlohmann::json d = nlohmann::json::parse(ReadFile(kDashboard));  // throws (fails) if broken
  EXPECT_GE(d.at("schemaVersion").get<int>(), 37);
  std::set<std::string> vars;
  for (const auto& v : d.at("templating").at("list")) vars.insert(v.at("name").get<std::string>());
  EXPECT_TRUE(vars.count("DS_PROMETHEUS"));
  EXPECT_TRUE(vars.count("instance"));
  std::set<std::string> titles, ids;
  for (const auto& p : d.at("panels")) {
    titles.insert(p.at("title").get<std::string>());
    EXPECT_TRUE(ids.insert(p.at("id").dump()).second) << "duplicate panel id " << p.at("id");
    EXPECT_EQ(p.at("datasource").at("uid"), "${DS_PROMETHEUS}") << p.at("title");
    ASSERT_FALSE(p.at("targets").empty()) << p.at("title");
    for (const auto& t : p.at("targets"))
      EXPECT_THAT(t.at("expr").get<std::string>(), HasSubstr("instance=~\"$instance\""))
          << p.at("title");
  }
  for (const char* want :
       {"Packets/s", "SIP messages/s by method", "INVITE/s (scored)", "Windows/s by verdict",
        "Malicious window share", "Active attacks", "Alerts (attack starts)", "Dropped packets/s",
        "Inference time per window (p50 / p99)", "Tracked servers", "Server states evicted"})
    EXPECT_TRUE(titles.count(want)) << "missing panel " << want;
  std::vector<std::string> exprs = DashboardExprs(d);
  ExpectKnownNames(exprs, ExporterNames(), "dashboard");
  // The dashboard shows every family the exporter writes.
  std::string all;
  for (const auto& e : exprs) all += e + "\n";
  for (const std::string& n : ExporterNames()) {
    std::string family = std::regex_replace(n, std::regex("_(bucket|sum|count)$"), "");
    bool shown = all.find(family) != std::string::npos;
    for (const auto& [name, expr] : RecordingRules())  // shown through a recording rule
      if (all.find(name) != std::string::npos && expr.find(family) != std::string::npos)
        shown = true;
    EXPECT_TRUE(shown) << family << " is on no panel";
  }
}

TEST(DeployFiles, RulesUseOnlyExportedMetricsAndCoverTheOperatorAlerts) {
  std::vector<std::string> exprs = RuleExprs();
  ASSERT_EQ(exprs.size(), 16u);
  EXPECT_EQ(RecordingRules().size(), 9u);
  ExpectKnownNames(exprs, ExporterNames(), "rules");
  std::string rules = ReadFile(kRules);
  for (const char* alert :
       {"SipddosAttackActive", "SipddosMaliciousShareHigh", "SipddosPacketDrops",
        "SipddosSensorDown", "SipddosInferenceSlow", "SipddosServersEvicted"})
    EXPECT_THAT(rules, HasSubstr("- alert: " + std::string(alert)));
  EXPECT_THAT(rules, HasSubstr("up{job=\"sipddos\"} == 0"));
  EXPECT_THAT(rules, HasSubstr("histogram_quantile(0.99"));
}

// key -> values of the [Service] section (keys may repeat).
std::multimap<std::string, std::string> ServiceSection(const std::string& unit) {
  std::multimap<std::string, std::string> out;
  std::istringstream in(unit);
  std::string line, section;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (line[0] == '[') {
      section = line;
      continue;
    }
    size_t eq = line.find('=');
    if (section == "[Service]" && eq != std::string::npos)
      out.emplace(line.substr(0, eq), line.substr(eq + 1));
  }
  return out;
}

TEST(DeployFiles, UnitKeepsItsHardening) {
  auto s = ServiceSection(ReadFile(kUnit));
  auto value = [&](const std::string& k) {
    EXPECT_EQ(s.count(k), 1u) << k;
    auto it = s.find(k);
    return it == s.end() ? std::string() : it->second;
  };
  EXPECT_EQ(value("CapabilityBoundingSet"), "CAP_NET_RAW CAP_NET_ADMIN");
  EXPECT_EQ(value("AmbientCapabilities"), "CAP_NET_RAW CAP_NET_ADMIN");
  EXPECT_EQ(value("NoNewPrivileges"), "yes");
  EXPECT_EQ(value("ProtectSystem"), "strict");
  EXPECT_EQ(value("ProtectHome"), "yes");
  EXPECT_EQ(value("PrivateTmp"), "yes");
  EXPECT_EQ(value("LogsDirectory"), "sipddos");
  EXPECT_EQ(value("StateDirectory"), "sipddos");
  EXPECT_EQ(value("RestrictAddressFamilies"), "AF_INET AF_INET6 AF_NETLINK AF_PACKET AF_UNIX");
  EXPECT_EQ(value("SystemCallFilter"), "@system-service");
  EXPECT_EQ(value("Restart"), "on-failure");
  EXPECT_EQ(value("EnvironmentFile"), "-/etc/default/sipddos");
  EXPECT_EQ(value("ExecStart"),
            "/usr/bin/sipddos detect --config /etc/sipddos/sipddos.yaml $SIPDDOS_ARGS");
  EXPECT_EQ(value("ExecReload"), "/bin/kill -HUP $MAINPID");
  EXPECT_EQ(s.count("ReadWritePaths"), 0u) << "only LogsDirectory/StateDirectory are writable";
  // The shipped config writes alerts where LogsDirectory= points; the environment file only
  // adds options.
  std::string config = ReadFile(kDeploy + "sipddos.yaml");
  EXPECT_THAT(config, HasSubstr("alerts: /var/log/sipddos/eve.json"));
  EXPECT_THAT(config, HasSubstr("metrics: 127.0.0.1:9590"));
  EXPECT_THAT(ReadFile(kDeploy + "default/sipddos"), HasSubstr("SIPDDOS_ARGS=\"\""));
  // Rotation renames and sends SIGHUP (detect reopens its log) instead of copytruncate.
  std::string rotate = ReadFile(kDeploy + "logrotate/sipddos");
  EXPECT_THAT(rotate, HasSubstr("systemctl kill -s HUP sipddos.service"));
  EXPECT_THAT(rotate, ::testing::Not(HasSubstr("copytruncate")));
}

// --- tests registered only where their tools exist ---

void PromtoolAcceptsRules() {
  CommandResult r = RunCommand("promtool check rules " + ShellQuote(kRules));
  EXPECT_EQ(r.status, 0) << r.output;
  EXPECT_THAT(r.output, HasSubstr("SUCCESS: 16 rules found")) << r.output;
}

// The unit with ExecStart pointing at the built binary (verify checks that it
// is executable).
void SystemdAnalyzeAcceptsUnit() {
  TempDir dir;
  std::string unit =
      std::regex_replace(ReadFile(kUnit), std::regex("/usr/bin/sipddos"), SipddosPath());
  std::string path = dir.path() + "/sipddos.service";
  WriteFile(path, unit);
  CommandResult v = RunCommand("systemd-analyze verify " + ShellQuote(path));
  EXPECT_EQ(v.status, 0) << v.output;
  EXPECT_EQ(v.output, "") << "warnings from systemd-analyze verify";
  // Exposure 2.8 ("OK") when written; fail if a change pushes it past 3.0.
  CommandResult s =
      RunCommand("systemd-analyze security --offline=yes --threshold=30 " + ShellQuote(path));
  EXPECT_EQ(s.status, 0) << s.output;
  EXPECT_THAT(s.output, HasSubstr("Overall exposure level for sipddos.service"));
  // The check does bite: without the hardening the same unit is over the
  // threshold.
  std::string bare = "[Service]\nExecStart=" + SipddosPath() + " detect\n";
  WriteFile(path, bare);
  s = RunCommand("systemd-analyze security --offline=yes --threshold=30 " + ShellQuote(path));
  EXPECT_NE(s.status, 0) << s.output;
}

int FreeTcpPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = -1;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  close(fd);
  return port;
}

// `sipddos detect --interface lo --metrics` live; the scrape passes `promtool
// check metrics` and holds every name the dashboard and the rules use.
void LiveScrapePassesPromtool() {
  TempDir dir;
  int port = FreeTcpPort();
  ASSERT_GT(port, 0);
  const std::string d = dir.path(), url = "http://127.0.0.1:" + std::to_string(port) + "/metrics";
  // `timeout` bounds the sensor whatever happens; it takes seconds to start on
  // a busy machine.
  std::string script = "timeout 60 " + ShellQuote(SipddosPath()) +
                       " detect --interface lo --metrics 127.0.0.1:" + std::to_string(port) +
                       " --alerts " + ShellQuote(d + "/eve.json") + " -q & pid=$!; " +
                       "for i in $(seq 300); do curl -sf " + url + " -o " +
                       ShellQuote(d + "/m.txt") +
                       " && break; sleep 0.1; done; kill $pid; wait $pid; echo \"detect exit "
                       "$?\"";
  CommandResult run = RunCommand(script);
  EXPECT_THAT(run.output, HasSubstr("detect exit 0")) << run.output;  // SIGTERM: clean exit
  std::string scrape = ReadFile(d + "/m.txt");
  ASSERT_THAT(scrape, HasSubstr("# TYPE sipddos_packets_total counter")) << run.output;
  CommandResult check = RunCommand("promtool check metrics < " + ShellQuote(d + "/m.txt"));
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_EQ(check.output, "") << "promtool check metrics reported problems";
  std::set<std::string> live = SampleNames(scrape);
  EXPECT_EQ(live, ExporterNames());
  ExpectKnownNames(DashboardExprs(nlohmann::json::parse(ReadFile(kDashboard))), live,
                   "dashboard vs live scrape");
  ExpectKnownNames(RuleExprs(), live, "rules vs live scrape");
}

TEST_IF(HaveCommand("promtool"), DeployTools, PromtoolAcceptsRules) { PromtoolAcceptsRules(); }

TEST_IF(HaveCommand("systemd-analyze"), DeployTools, SystemdAnalyzeAcceptsUnit) {
  SystemdAnalyzeAcceptsUnit();
}

TEST_IF(HaveCommand("promtool") && geteuid() == 0 && HaveCommand("curl") &&
            HaveCommand("timeout"),
        DeployTools, LiveScrapePassesPromtool) {
  LiveScrapePassesPromtool();
}

}  // namespace
}  // namespace cli
