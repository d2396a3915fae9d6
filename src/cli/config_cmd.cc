// `sipddos config check FILE [--quiet]`: the checks `detect --config FILE` runs before starting,
// each error with its line and column. `sipddos config show [FILE]`: the effective settings as
// YAML, defaults merged (docs/config.md).
#include <cstdio>
#include <memory>
#include <string>

#include "cli/command.h"
#include "cli/detect_config.h"

namespace cli {
namespace {

int Check(const std::string& path, bool quiet) {
  LoadedConfig c = LoadDetectConfig(path);
  std::vector<ConfigIssue> issues = c.errors;
  if (issues.empty()) {  // the options' own checks need a file that parsed
    auto more = c.Locate(ValidateDetectOptions(c.options, c.Given(), {true, {}}));
    issues.insert(issues.end(), more.begin(), more.end());
  }
  for (const auto& i : issues) std::fprintf(stderr, "%s\n", FormatIssue(path, i).c_str());
  if (!issues.empty()) {
    std::fprintf(stderr, "%s: %zu error(s)\n", path.c_str(), issues.size());
    return kExitFailure;
  }
  if (!quiet) {
    FinishDetectOptions(&c.options);
    std::printf("%s: OK\n%s", path.c_str(), SettingsSummary(c.options).c_str());
  }
  return kExitOk;
}

int Show(const std::string& path) {
  DetectOptions o;
  if (!path.empty()) {
    LoadedConfig c = LoadDetectConfig(path);
    for (const auto& i : c.errors) std::fprintf(stderr, "%s\n", FormatIssue(path, i).c_str());
    if (!c.errors.empty()) return kExitFailure;
    o = c.options;
  }
  std::printf("%s", EffectiveYaml(o).c_str());
  return kExitOk;
}

void RegisterConfig(CLI::App& root, RunFn& selected) {
  auto* sub = root.add_subcommand("config", "Check or show a `detect --config` YAML file");
  sub->require_subcommand(1);
  auto path = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  auto* check = sub->add_subcommand(
      "check",
      "Validate FILE as `detect --config` would: exit 0 and a summary when valid, 1 and "
      "each error with its line and column otherwise");
  check->add_option("file", *path, "Config file (YAML)")->required();
  check->add_flag("-q,--quiet", *quiet, "Print nothing when the file is valid");
  check->callback([&selected, path, quiet] { selected = [=] { return Check(*path, *quiet); }; });
  auto* show = sub->add_subcommand(
      "show", "Print the effective settings of FILE (or the defaults) as YAML, every key");
  show->add_option("file", *path, "Config file (YAML)");
  show->callback([&selected, path] { selected = [=] { return Show(*path); }; });
}

static const CommandRegistration kConfigRegistration(47, RegisterConfig);

}  // namespace
}  // namespace cli
