// The Debian package end to end: cpack builds it from this build directory,
// dpkg-deb shows the files and control data docs/deploy.md promises, dpkg
// installs it, the installed binary runs from the installed config and model,
// man finds the page, and a purge leaves nothing behind. It installs into the
// real file system, so it is registered only for root with dpkg and cpack.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "cli/test_support.h"
#include "util/test_if.h"

namespace cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kModel = "/usr/share/sipddos/models/default-gru.safetensors";
const std::string kConfig = "/etc/sipddos/sipddos.yaml";
// Every file the package must ship (docs/deploy.md's table).
const std::vector<std::string> kPackaged = {
    "/usr/bin/sipddos",
    kModel,
    kConfig,
    "/etc/default/sipddos",
    "/etc/logrotate.d/sipddos",
    "/lib/systemd/system/sipddos.service",
    "/usr/share/man/man1/sipddos.1.gz",
    "/usr/share/sipddos/grafana/sipddos-dashboard.json",
    "/usr/share/sipddos/prometheus/sipddos-rules.yml",
    "/usr/share/doc/sipddos/deploy.md",
    "/usr/share/doc/sipddos/config.md",
};
const std::vector<std::string> kConffiles = {kConfig, "/etc/default/sipddos",
                                             "/etc/logrotate.d/sipddos"};

bool Installed() {
  return RunCommand(
             "dpkg-query -W -f='${Status}' sipddos | grep -q 'install ok "
             "installed'")
             .status == 0;
}

// Paths of the regular files in `dpkg-deb -c` output ("-rw-r--r-- root/root 12
// date ./etc/x").
std::set<std::string> PackageFiles(const std::string& listing) {
  std::set<std::string> files;
  for (const std::string& line : Split(listing, '\n')) {
    if (line.empty() || line[0] != '-') continue;
    size_t dot = line.find(" ./");
    if (dot != std::string::npos) files.insert(line.substr(dot + 2));
  }
  return files;
}

void BuildsInstallsRunsAndPurges() {
  if (Installed()) {  // left by an earlier run or an operator: start from
                      // nothing
    ASSERT_EQ(RunCommand("dpkg --purge sipddos").status, 0);
  }
  TempDir tmp;
  ASSERT_FALSE(tmp.path().empty());

  // Build: the name is sipddos_<version>_<arch>.deb.
  std::string config = std::string(SIPDDOS_BINARY_DIR) + "/CPackConfig.cmake";
  CommandResult cpack =
      RunCommand("cpack -G DEB --config " + ShellQuote(config) + " -B " +
                 ShellQuote(tmp.path() + "/out"));
  ASSERT_EQ(cpack.status, 0) << cpack.output;
  CommandResult version = RunSipddos({"--version"});
  ASSERT_THAT(version.output, StartsWith("sipddos "));
  std::string v = Split(Split(version.output, '\n')[0], ' ').at(1);
  std::string arch = RunCommand("dpkg --print-architecture").output;
  arch = arch.substr(0, arch.find('\n'));
  std::string deb = tmp.path() + "/out/sipddos_" + v + "_" + arch + ".deb";
  ASSERT_TRUE(fs::exists(deb)) << deb << " missing; cpack said:\n"
                               << cpack.output;

  // Contents and control data.
  CommandResult listing = RunCommand("dpkg-deb -c " + ShellQuote(deb));
  ASSERT_EQ(listing.status, 0) << listing.output;
  std::set<std::string> files = PackageFiles(listing.output);
  for (const std::string& want : kPackaged)
    EXPECT_TRUE(files.count(want)) << want << " is not in the package:\n"
                                   << listing.output;
  EXPECT_THAT(listing.output,
              testing::ContainsRegex("-rwxr-xr-x root/root +[0-9]+ [-0-9]+ "
                                     "[0-9:]+ \\./usr/bin/sipddos\n"));
  CommandResult fields = RunCommand("dpkg-deb -f " + ShellQuote(deb));
  ASSERT_EQ(fields.status, 0) << fields.output;
  EXPECT_THAT(fields.output, HasSubstr("Package: sipddos\n"));
  EXPECT_THAT(fields.output, HasSubstr("Version: " + v + "\n"));
  EXPECT_THAT(fields.output, HasSubstr("Section: net\n"));
  EXPECT_THAT(fields.output, HasSubstr("Maintainer: "));
  EXPECT_THAT(fields.output, HasSubstr("Description: SIP INVITE flood"));
  // dpkg-shlibdeps turned the linked libraries into dependencies.
  EXPECT_THAT(fields.output, testing::ContainsRegex("Depends:.*libc6 \\(>= "));
  EXPECT_THAT(fields.output,
              testing::ContainsRegex("Depends:.*libpcap0\\.8 \\(>= "));
  EXPECT_THAT(fields.output, testing::ContainsRegex("Depends:.*procps"))
      << "the unit's ExecReload runs /bin/kill";
  // A build with libtorch links it, so the package must declare it; the
  // operator package is built without (docs/deploy.md).
  bool torch = RunSipddos({"version"}).output.find("training: libtorch") !=
               std::string::npos;
  EXPECT_EQ(fields.output.find("libtorch") != std::string::npos, torch)
      << fields.output;
  std::string control = tmp.path() + "/control";
  ASSERT_EQ(
      RunCommand("dpkg-deb -e " + ShellQuote(deb) + " " + ShellQuote(control))
          .status,
      0);
  std::vector<std::string> listed =
      Split(ReadFile(control + "/conffiles"), '\n');
  std::set<std::string> conffiles(listed.begin(), listed.end());
  for (const std::string& c : kConffiles)
    EXPECT_TRUE(conffiles.count(c)) << c << " is not a conffile";
  for (const char* script : {"postinst", "prerm", "postrm"})
    EXPECT_EQ(access((control + "/" + script).c_str(), X_OK), 0) << script;
  CommandResult unit =
      RunCommand("dpkg-deb --fsys-tarfile " + ShellQuote(deb) +
                 " | tar -xO ./lib/systemd/system/sipddos.service");
  EXPECT_THAT(unit.output, HasSubstr("\nExecStart=/usr/bin/sipddos detect"));

  // Install (the service is never started: no systemd runs here, and postinst
  // never starts it).
  CommandResult install = RunCommand("dpkg -i " + ShellQuote(deb));
  ASSERT_EQ(install.status, 0) << install.output;
  EXPECT_TRUE(Installed());
  EXPECT_TRUE(fs::is_directory("/var/log/sipddos"))
      << "postinst creates the log directory";
  EXPECT_TRUE(fs::is_directory("/var/lib/sipddos"))
      << "postinst creates the state directory";
  CommandResult installed_version = RunCommand("/usr/bin/sipddos --version");
  EXPECT_EQ(installed_version.status, 0);
  EXPECT_EQ(installed_version.output, version.output);
  CommandResult check = RunCommand("/usr/bin/sipddos config check " + kConfig);
  EXPECT_EQ(check.status, 0) << check.output;
  EXPECT_THAT(check.output, HasSubstr(kConfig + ": OK"));
  // The installed config on a capture file instead of its interface (the
  // command line overrides it; no metrics port, so a running service does not
  // matter); the model it names must be the installed one.
  std::string pcap =
      ShellQuote(std::string(SIPDDOS_TESTDATA) + "/real-sip/aaa.pcap");
  std::string alerts = ShellQuote(tmp.path() + "/eve.json");
  CommandResult from_config = RunCommand(
      "/usr/bin/sipddos detect --config " + kConfig + " --pcap " + pcap +
      " --alerts " + alerts + " --metrics '' --quiet=false </dev/null");
  EXPECT_EQ(from_config.status, 0) << from_config.output;
  EXPECT_THAT(from_config.output, HasSubstr("model " + kModel + " ("));
  EXPECT_THAT(from_config.output, HasSubstr("691 packets"));
  // With no --config and no --model, detect finds the installed model next to
  // /usr/bin (not the source tree's).
  CommandResult detect = RunCommand("/usr/bin/sipddos detect --pcap " + pcap +
                                    " --alerts " + alerts + " </dev/null");
  EXPECT_EQ(detect.status, 0) << detect.output;
  EXPECT_THAT(detect.output, HasSubstr("model " + kModel + " ("));
  CommandResult man = RunCommand("man -w sipddos");
  EXPECT_EQ(man.status, 0) << man.output;
  EXPECT_THAT(man.output, HasSubstr("/usr/share/man/man1/sipddos.1.gz"));

  // Reinstalling (as an upgrade does) keeps an operator's edit of a conffile.
  std::string edited =
      ReadFile("/etc/default/sipddos") + "# edited by the operator\n";
  WriteFile("/etc/default/sipddos", edited);
  CommandResult again = RunCommand("dpkg -i " + ShellQuote(deb));
  ASSERT_EQ(again.status, 0) << again.output;
  EXPECT_EQ(ReadFile("/etc/default/sipddos"), edited);

  // What an operator adds is purged too.
  WriteFile("/var/log/sipddos/eve.json", "{}\n");
  WriteFile("/etc/sipddos/calibrated.yaml", "threshold: 0.5\n");
  CommandResult purge = RunCommand("dpkg --purge sipddos");
  ASSERT_EQ(purge.status, 0) << purge.output;
  EXPECT_FALSE(Installed());
  for (const std::string& f : files)
    EXPECT_FALSE(fs::exists(f)) << f << " survived the purge";
  for (const char* dir :
       {"/etc/sipddos", "/var/log/sipddos", "/var/lib/sipddos",
        "/usr/share/sipddos", "/usr/share/doc/sipddos"})
    EXPECT_FALSE(fs::exists(dir)) << dir << " survived the purge";
}

// The man page generated in the build tree (packaging/manpage.cmake) documents
// every subcommand `sipddos --help` lists and every option of each one's
// --help.
TEST(ManPage, ListsEveryCommandAndOption) {
  std::string page =
      ReadFile(std::string(SIPDDOS_BINARY_DIR) + "/packaging/sipddos.1");
  ASSERT_THAT(page, HasSubstr(".TH SIPDDOS 1 "));
  const std::regex kSub(R"(\n  ([a-z]+) {2,})");
  const std::regex kLong(R"(--[a-z0-9][a-z0-9-]*)");
  std::string help = RunSipddos({"--help"}).output;
  std::string subcommands = help.substr(help.find("Subcommands:"));
  int commands = 0;
  for (auto it =
           std::sregex_iterator(subcommands.begin(), subcommands.end(), kSub);
       it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1].str();
    ++commands;
    EXPECT_THAT(page, HasSubstr(".SS \"sipddos " + name + "\"")) << name;
    std::string sub_help = RunSipddos({name, "--help"}).output;
    for (auto o = std::sregex_iterator(sub_help.begin(), sub_help.end(), kLong);
         o != std::sregex_iterator(); ++o) {
      std::string roff = std::regex_replace(o->str(), std::regex("-"), "\\-");
      EXPECT_THAT(page, HasSubstr(roff)) << name << " " << o->str();
    }
    // Nested commands (config check, config show) get a subsection each.
    size_t nested = sub_help.find("Subcommands:");
    if (nested == std::string::npos) continue;
    std::string list = sub_help.substr(nested);
    for (auto n = std::sregex_iterator(list.begin(), list.end(), kSub);
         n != std::sregex_iterator(); ++n)
      EXPECT_THAT(page, HasSubstr(".SS \"sipddos " + name + " " +
                                  (*n)[1].str() + "\""));
  }
  EXPECT_GE(commands, 10) << help;
}

// groff formats the installed page without a warning.
void ManFormatsWithoutWarnings() {
  std::string page =
      std::string(SIPDDOS_BINARY_DIR) + "/packaging/sipddos.1.gz";
  CommandResult r = RunCommand("MANWIDTH=80 man --warnings -l " +
                               ShellQuote(page) + " 2>&1 >/dev/null");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.output, "");
  CommandResult text = RunCommand("MANWIDTH=80 man -l " + ShellQuote(page));
  EXPECT_THAT(text.output, HasSubstr("sipddos detect"));
  EXPECT_THAT(text.output, HasSubstr("EXIT STATUS"));
}

bool CanBuildPackages() {
  if (geteuid() != 0) return false;
  for (const char* tool : {"cpack", "dpkg", "dpkg-deb", "dpkg-shlibdeps", "man", "tar"})
    if (!HaveCommand(tool)) return false;
  return true;
}

TEST_IF(HaveCommand("man"), ManPage, FormatsWithoutWarnings) { ManFormatsWithoutWarnings(); }

TEST_IF(CanBuildPackages(), DebPackage, BuildsInstallsRunsAndPurges) {
  BuildsInstallsRunsAndPurges();
}

}  // namespace
}  // namespace cli
