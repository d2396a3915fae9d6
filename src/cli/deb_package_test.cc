// The Debian package end to end: cpack builds it from this build directory,
// dpkg-deb shows the files and control data docs/deploy.md promises, dpkg
// installs it, the installed binary runs from the installed config and model,
// man finds the page, and a purge leaves nothing behind. It installs into the
// real file system, so it is registered only for root with dpkg and cpack.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "cli/test_support.h"

namespace cli {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::StartsWith;

const std::string kModel = "/usr/share/sipddos/models/default-gru.safetensors";
// Every file the package must ship (docs/deploy.md's table).
const std::vector<std::string> kPackaged = {
    "/usr/bin/sipddos",
    kModel,
    "/etc/default/sipddos",
    "/etc/logrotate.d/sipddos",
    "/lib/systemd/system/sipddos.service",
    "/usr/share/man/man1/sipddos.1.gz",
    "/usr/share/sipddos/grafana/sipddos-dashboard.json",
    "/usr/share/sipddos/prometheus/sipddos-rules.yml",
    "/usr/share/doc/sipddos/deploy.md",
};
const std::vector<std::string> kConffiles = {"/etc/default/sipddos",
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
  if (Installed()) {  // left by an earlier run or an operator: start from nothing
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
  EXPECT_THAT(fields.output, testing::Not(HasSubstr("libtorch")))
      << "package a build configured with -DSIPDDOS_WITH_TORCH=OFF "
         "(docs/deploy.md)";
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
  // With no --model, detect finds the installed model next to /usr/bin (not the
  // source tree's).
  std::string pcap =
      ShellQuote(std::string(SIPDDOS_TESTDATA) + "/real-sip/aaa.pcap");
  CommandResult detect =
      RunCommand("/usr/bin/sipddos detect --pcap " + pcap + " --alerts " +
                 ShellQuote(tmp.path() + "/eve.json") + " </dev/null");
  EXPECT_EQ(detect.status, 0) << detect.output;
  EXPECT_THAT(detect.output, HasSubstr("model " + kModel + " ("));
  CommandResult man = RunCommand("man -w sipddos");
  EXPECT_EQ(man.status, 0) << man.output;
  EXPECT_THAT(man.output, HasSubstr("/usr/share/man/man1/sipddos.1.gz"));

  // What an operator adds is purged too.
  WriteFile("/var/log/sipddos/eve.json", "{}\n");
  fs::create_directories("/etc/sipddos");
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

const bool kRegistered = [] {
  if (geteuid() != 0) return false;
  for (const char* tool :
       {"cpack", "dpkg", "dpkg-deb", "dpkg-shlibdeps", "man", "tar"})
    if (!HaveCommand(tool)) return false;
  testing::RegisterTest("DebPackage", "BuildsInstallsRunsAndPurges", nullptr,
                        nullptr, __FILE__, __LINE__, []() -> testing::Test* {
                          struct T : testing::Test {
                            void TestBody() override {
                              BuildsInstallsRunsAndPurges();
                            }
                          };
                          return new T;
                        });
  return true;
}();

}  // namespace
}  // namespace cli
