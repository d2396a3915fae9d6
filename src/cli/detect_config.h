// `sipddos detect`'s settings: the options struct, the YAML config file that sets every one of
// them (docs/config.md), and the validation the command line and the file share.
//
//   LoadedConfig c = LoadDetectConfig("/etc/sipddos/sipddos.yaml");
//   auto errors = ValidateDetectOptions(c.options, c.Given(), {true, {}});
//   for (const auto& e : c.Locate(errors)) puts(FormatIssue(path, e).c_str());
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "capture/packet_source.h"
#include "mitigate/invite_policy.h"

namespace cli {

struct DetectOptions {
  std::string pcap, interface, bpf = capture::kDefaultBpf, model, alerts = "-", metrics;
  std::vector<std::string> protect;  // ADDR[:PORT]; empty: every destination
  std::vector<std::string> allowed_hosts;  // status page Host names besides addresses, localhost
  float threshold = -1;              // < 0: the model's
  double stats_interval = 0, quiet_period = 3, update_interval = 10;
  double replay_speed = 0;  // --pcap only: 1 = the capture's own pace, 0 = as fast as possible
  int max_servers = 16;
  bool quiet = false;
  // Inline mitigation and block lists.
  int nfqueue = -1;  // < 0: not inline
  bool queue_bypass = false;
  std::string nft_set, nft_set6;
  int ban_time = 60;
  double nft_add_rate = 20;
  std::vector<std::string> allow;
  mitigate::PolicyOptions policy;  // the three rates; bursts are derived (FinishDetectOptions)
  std::string redis, sensor_name;  // scale-out (src/cluster/, docs/scale-out.md)
};

enum class FieldType { kString, kInt, kFloat, kDouble, kBool, kList };

// One setting: its config key, its command-line option and its constraints. The table drives
// loading, `config show`, precedence and range checks, so a new option is one line there.
struct ConfigField {
  const char* key;   // "capture.interface"; no dot: a top-level key
  const char* flag;  // "--interface"
  FieldType type;
  void* (*field)(DetectOptions&);
  // Numbers: the allowed range; lo_open excludes lo itself.
  double lo = 0, hi = 0;
  bool lo_open = false;
  // Written as `~` by `config show` when it holds its default ("" or a negative number).
  bool nullable = false;
  const char* help = "";
};
const std::vector<ConfigField>& ConfigFields();
const ConfigField* FindField(const std::string& key);

// A problem with a position in the config file: line and column are 1-based, 0 when the problem
// has no single place (e.g. no capture source at all).
struct ConfigIssue {
  int line = 0, column = 0;
  std::string message;
};
// "FILE:LINE:COL: error: MESSAGE" (or "FILE: error: MESSAGE" without a position).
std::string FormatIssue(const std::string& path, const ConfigIssue& issue);

// A cross-option or range error; `keys` are the config keys it concerns, first the one to blame.
struct OptionError {
  std::vector<std::string> keys;
  std::string message;
};

struct LoadedConfig {
  DetectOptions options;  // defaults, then every key the file sets
  struct Pos {
    int line = 0, column = 0;
  };
  std::map<std::string, Pos> keys;  // every key the file sets -> where its value is
  std::vector<ConfigIssue> errors;  // syntax, unknown keys, wrong types

  std::set<std::string> Given() const;
  // Positions `errors` at the first of their keys the file sets.
  std::vector<ConfigIssue> Locate(const std::vector<OptionError>& errors) const;
};

// Reads and parses a config file; an unreadable file is one error.
LoadedConfig LoadDetectConfig(const std::string& path);
LoadedConfig ParseDetectConfig(const std::string& yaml_text);

struct ValidateOptions {
  bool check_model = false;  // load the model file (missing, unreadable, not a model)
  // How a key is named in messages: its config key by default; the command line passes flags.
  std::function<std::string(const std::string& key)> name;
};
// The checks `detect` applies however the options were given: ranges, exactly one capture
// source, options that need another (`given`: the keys set by the file or the command line),
// CIDRs, nft set names, protected servers.
std::vector<OptionError> ValidateDetectOptions(const DetectOptions& o,
                                               const std::set<std::string>& given,
                                               const ValidateOptions& v = {});

// Copies field `f` from `from` into `to`.
void CopyField(const ConfigField& f, const DetectOptions& from, DetectOptions* to);
// Derived settings (the policy's bursts), after options are final.
void FinishDetectOptions(DetectOptions* o);

// What `detect` runs with: the config file's settings (when config_path is not empty) overridden
// by the options given on the command line (`on_cli(flag)`: was it given). A capture source given
// on the command line replaces the file's. Errors that involve the file are positioned in it
// (`file_errors`, "FILE:LINE:COL: error: ...", exit 1; a bad model file is one too); errors of
// the command line alone are usage errors (exit 2).
struct ResolvedOptions {
  DetectOptions options;
  std::vector<std::string> file_errors, usage_errors;
};
ResolvedOptions ResolveDetectOptions(const DetectOptions& cli,
                                     const std::function<bool(const std::string& flag)>& on_cli,
                                     const std::string& config_path);

// The effective settings as a YAML document (every key; `config show`).
std::string EffectiveYaml(const DetectOptions& o);
// A few lines saying what detect would do (`config check`).
std::string SettingsSummary(const DetectOptions& o);

}  // namespace cli
