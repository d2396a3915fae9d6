#include "cli/detect_config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "cli/default_model.h"
#include "cli/protected_servers.h"
#include "cluster/redis_url.h"
#include "mitigate/nft_set.h"
#include "nn/model_file.h"
#include "util/ip_address.h"

namespace cli {
namespace {

template <typename T, T DetectOptions::*M>
void* Member(DetectOptions& o) {
  return &(o.*M);
}
template <double mitigate::PolicyOptions::*M>
void* Policy(DetectOptions& o) {
  return &(o.policy.*M);
}

using F = FieldType;
using O = DetectOptions;
constexpr double kMaxDouble = 1e12;

const std::vector<ConfigField> kFields = {
    {"capture.pcap", "--pcap", F::kString, Member<std::string, &O::pcap>, 0, 0, false, true,
     "capture file to read (pcap/pcapng; - for stdin)"},
    {"capture.interface", "--interface", F::kString, Member<std::string, &O::interface>, 0, 0,
     false, true, "live interface to capture on (needs CAP_NET_RAW)"},
    {"capture.bpf", "--bpf", F::kString, Member<std::string, &O::bpf>, 0, 0, false, false,
     "BPF filter for live capture (\"\": everything)"},
    {"capture.replay_speed", "--replay-speed", F::kDouble, Member<double, &O::replay_speed>, 0,
     kMaxDouble, false, false, "with a pcap: follow its timestamps X times faster (0: no pacing)"},
    {"servers", "--protect", F::kList, Member<std::vector<std::string>, &O::protect>, 0, 0, false,
     false, "protected servers ADDR[:PORT]; empty: every destination"},
    {"detection.model", "--model", F::kString, Member<std::string, &O::model>, 0, 0, false, true,
     "model file (.safetensors); ~: the shipped GRU"},
    {"detection.threshold", "--threshold", F::kFloat, Member<float, &O::threshold>, 0, 1, false,
     true, "window score at or above which a window is malicious; ~: the model's"},
    {"detection.quiet_period", "--quiet-period", F::kDouble, Member<double, &O::quiet_period>, 0,
     kMaxDouble, true, false, "seconds without a malicious window that end an attack"},
    {"detection.update_interval", "--update-interval", F::kDouble,
     Member<double, &O::update_interval>, 0, kMaxDouble, true, false,
     "seconds between update events while an attack lasts"},
    {"detection.max_servers", "--max-servers", F::kInt, Member<int, &O::max_servers>, 1, 4096,
     false, false, "servers tracked at once (memory bound)"},
    {"output.alerts", "--alerts", F::kString, Member<std::string, &O::alerts>, 0, 0, false, false,
     "EVE JSON alert log, appended to; - for stdout"},
    {"output.metrics", "--metrics", F::kString, Member<std::string, &O::metrics>, 0, 0, false, true,
     "serve Prometheus metrics on ADDR:PORT; ~: no metrics"},
    {"output.allowed_hosts", "--allowed-host", F::kList,
     Member<std::vector<std::string>, &O::allowed_hosts>, 0, 0, false, false,
     "Host names the status page answers besides IP addresses and localhost"},
    {"output.stats_interval", "--stats-interval", F::kDouble, Member<double, &O::stats_interval>, 0,
     kMaxDouble, false, false, "seconds between EVE stats events (0: never)"},
    {"output.quiet", "--quiet", F::kBool, Member<bool, &O::quiet>, 0, 0, false, false,
     "no summary on stderr"},
    {"mitigation.nfqueue", "--nfqueue", F::kInt, Member<int, &O::nfqueue>, 0, 65535, false, true,
     "inline mode: judge the packets of this NFQUEUE queue; ~: off"},
    {"mitigation.queue_bypass", "--queue-bypass", F::kBool, Member<bool, &O::queue_bypass>, 0, 0,
     false, false, "refuse to start unless every rule to the queue has 'bypass'"},
    {"mitigation.nft_set", "--nft-set", F::kString, Member<std::string, &O::nft_set>, 0, 0, false,
     true, "ban IPv4 sources into nftables set FAMILY:TABLE:SET; ~: no bans"},
    {"mitigation.nft_set6", "--nft-set6", F::kString, Member<std::string, &O::nft_set6>, 0, 0,
     false, true, "same for IPv6 sources"},
    {"mitigation.ban_time", "--ban-time", F::kInt, Member<int, &O::ban_time>, 1, 86400 * 7, false,
     false, "seconds a banned source stays in the set (and in Redis)"},
    {"mitigation.nft_add_rate", "--nft-add-rate", F::kDouble, Member<double, &O::nft_add_rate>, 0,
     kMaxDouble, true, false, "most set additions per second"},
    {"mitigation.allow", "--allow", F::kList, Member<std::vector<std::string>, &O::allow>, 0, 0,
     false, false, "sources (CIDR) never dropped and never banned"},
    {"mitigation.new_dialog_rate", "--new-dialog-rate", F::kDouble,
     Policy<&mitigate::PolicyOptions::new_dialog_rate>, 0, kMaxDouble, false, false,
     "during an attack: dialog-opening INVITE/s per server from unproven sources"},
    {"mitigation.source_rate", "--source-rate", F::kDouble,
     Policy<&mitigate::PolicyOptions::source_rate>, 0, kMaxDouble, false, false,
     "during an attack: INVITE/s per source without a completed dialog"},
    {"mitigation.known_rate", "--known-rate", F::kDouble,
     Policy<&mitigate::PolicyOptions::known_rate>, 0, kMaxDouble, false, false,
     "during an attack: INVITE/s per source with a completed dialog"},
    {"cluster.redis", "--redis", F::kString, Member<std::string, &O::redis>, 0, 0, false, true,
     "share bans and attack events through Redis at redis://HOST:PORT[/DB]; ~: alone"},
    {"cluster.sensor_name", "--sensor-name", F::kString, Member<std::string, &O::sensor_name>, 0,
     0, false, true, "this sensor's name in Redis and EVE's host field; ~: the host name"},
};

const char* TypeName(FieldType t) {
  switch (t) {
    case F::kString:
      return "a string";
    case F::kInt:
      return "an integer";
    case F::kFloat:
    case F::kDouble:
      return "a number";
    case F::kBool:
      return "true or false";
    case F::kList:
      return "a list";
  }
  return "?";
}

std::string Section(const std::string& key) {
  size_t dot = key.find('.');
  return dot == std::string::npos ? "" : key.substr(0, dot);
}

bool IsSection(const std::string& name) {
  for (const auto& f : kFields)
    if (Section(f.key) == name) return true;
  return false;
}

LoadedConfig::Pos PosOf(const YAML::Node& n, LoadedConfig::Pos fallback) {
  YAML::Mark m = n.Mark();
  if (m.line < 0) return fallback;
  return {m.line + 1, m.column + 1};
}

std::string Describe(const YAML::Node& n) {
  if (n.IsMap()) return "a mapping";
  if (n.IsSequence()) return "a list";
  return "\"" + n.Scalar() + "\"";
}

std::optional<double> ParseNumber(const std::string& s) {
  const char* b = s.data();
  double v = 0;
  auto [end, ec] = std::from_chars(b, b + s.size(), v);
  if (ec != std::errc() || end != b + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<bool> ParseBool(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  if (s == "true" || s == "yes" || s == "on") return true;
  if (s == "false" || s == "no" || s == "off") return false;
  return std::nullopt;
}

std::vector<std::string> SplitCommas(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, ','))
    if (!cur.empty()) out.push_back(cur);
  return out;
}

// Sets field f from node n; false (and an error) when n has the wrong type.
void SetField(const ConfigField& f, const YAML::Node& n, LoadedConfig::Pos at, LoadedConfig* c) {
  auto error = [&](const std::string& msg) {
    c->errors.push_back({at.line, at.column, std::string(f.key) + ": " + msg});
  };
  DetectOptions defaults;
  if (n.IsNull()) {  // `key:` or `key: ~`: the default
    CopyField(f, defaults, &c->options);
    return;
  }
  void* p = f.field(c->options);
  if (f.type == F::kList) {
    auto& list = *static_cast<std::vector<std::string>*>(p);
    list.clear();
    if (n.IsScalar()) {
      list = SplitCommas(n.Scalar());
      return;
    }
    if (!n.IsSequence()) return error("expected a list, got " + Describe(n));
    for (const auto& item : n) {
      if (!item.IsScalar())
        return c->errors.push_back({PosOf(item, at).line, PosOf(item, at).column,
                                    std::string(f.key) + ": expected a list of strings, got " +
                                        Describe(item) + " in it"});
      list.push_back(item.Scalar());
    }
    return;
  }
  if (!n.IsScalar())
    return error("expected " + std::string(TypeName(f.type)) + ", got " + Describe(n));
  const std::string& s = n.Scalar();
  switch (f.type) {
    case F::kString:
      *static_cast<std::string*>(p) = s;
      return;
    case F::kBool: {
      auto b = ParseBool(s);
      if (!b) return error("expected true or false, got \"" + s + "\"");
      *static_cast<bool*>(p) = *b;
      return;
    }
    case F::kInt: {
      auto v = ParseNumber(s);
      if (!v || *v != std::floor(*v) || std::fabs(*v) > 1e9)
        return error("expected an integer, got \"" + s + "\"");
      *static_cast<int*>(p) = int(*v);
      return;
    }
    case F::kFloat:
    case F::kDouble: {
      auto v = ParseNumber(s);
      if (!v) return error("expected a number, got \"" + s + "\"");
      if (f.type == F::kFloat)
        *static_cast<float*>(p) = float(*v);
      else
        *static_cast<double*>(p) = *v;
      return;
    }
    case F::kList:
      return;
  }
}

// Edit distance, for "did you mean".
size_t Distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t prev = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cur = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] != b[j - 1])});
      prev = cur;
    }
  }
  return row[b.size()];
}

std::string Suggest(const std::string& key) {
  std::string best;
  size_t best_d = 3;  // a typo or two, not any short key
  for (const auto& f : kFields) {
    size_t d = Distance(key, f.key);
    if (d < best_d) best_d = d, best = f.key;
    std::string s = Section(f.key);
    if (!s.empty() && (d = Distance(key, s)) < best_d) best_d = d, best = s;
  }
  return best.empty() ? "" : " (did you mean '" + best + "'?)";
}

// Walks one mapping (the document, or a section), setting fields and reporting unknown and
// duplicate keys.
void WalkMap(const YAML::Node& map, const std::string& section, LoadedConfig* c) {
  std::set<std::string> seen;
  for (auto it = map.begin(); it != map.end(); ++it) {
    // Copies: `it->` yields a temporary pair, references to its members dangle
    // (ASan: stack-use-after-scope). A Node copy shares the same node.
    const YAML::Node k = it->first;
    const YAML::Node v = it->second;
    LoadedConfig::Pos kpos = PosOf(k, {});
    if (!k.IsScalar()) {
      c->errors.push_back({kpos.line, kpos.column, "keys are plain names, got " + Describe(k)});
      continue;
    }
    const std::string name = section.empty() ? k.Scalar() : section + "." + k.Scalar();
    if (!seen.insert(k.Scalar()).second) {
      c->errors.push_back({kpos.line, kpos.column, "duplicate key '" + name + "'"});
      continue;
    }
    if (section.empty() && IsSection(name)) {
      if (v.IsNull()) continue;
      if (!v.IsMap()) {
        LoadedConfig::Pos p = PosOf(v, kpos);
        c->errors.push_back(
            {p.line, p.column, name + ": expected a mapping of settings, got " + Describe(v)});
        continue;
      }
      WalkMap(v, name, c);
      continue;
    }
    const ConfigField* f = FindField(name);
    if (!f) {
      c->errors.push_back({kpos.line, kpos.column, "unknown key '" + name + "'" + Suggest(name)});
      continue;
    }
    LoadedConfig::Pos vpos = PosOf(v, kpos);
    if (v.IsNull()) vpos = kpos;
    size_t before = c->errors.size();
    SetField(*f, v, vpos, c);
    if (c->errors.size() == before) c->keys[name] = vpos;
  }
}

std::string RangeText(const ConfigField& f) {
  auto num = [](double d) {
    std::ostringstream s;
    s << d;
    return s.str();
  };
  if (f.hi >= kMaxDouble) return f.lo_open ? "> " + num(f.lo) : ">= " + num(f.lo);
  return (f.lo_open ? "in (" : "in [") + num(f.lo) + ", " + num(f.hi) + "]";
}

std::optional<double> NumericValue(const ConfigField& f, DetectOptions& o) {
  void* p = f.field(o);
  switch (f.type) {
    case F::kInt:
      return double(*static_cast<int*>(p));
    case F::kFloat:
      return double(*static_cast<float*>(p));
    case F::kDouble:
      return *static_cast<double*>(p);
    default:
      return std::nullopt;
  }
}

}  // namespace

const std::vector<ConfigField>& ConfigFields() { return kFields; }

const ConfigField* FindField(const std::string& key) {
  for (const auto& f : kFields)
    if (key == f.key) return &f;
  return nullptr;
}

std::string FormatIssue(const std::string& path, const ConfigIssue& i) {
  if (i.line <= 0) return path + ": error: " + i.message;
  return path + ":" + std::to_string(i.line) + ":" + std::to_string(i.column) +
         ": error: " + i.message;
}

std::set<std::string> LoadedConfig::Given() const {
  std::set<std::string> g;
  for (const auto& [k, pos] : keys) g.insert(k);
  return g;
}

std::vector<ConfigIssue> LoadedConfig::Locate(const std::vector<OptionError>& errors) const {
  std::vector<ConfigIssue> out;
  for (const auto& e : errors) {
    ConfigIssue i{0, 0, e.message};
    for (const auto& k : e.keys) {
      auto it = keys.find(k);
      if (it == keys.end()) continue;
      i.line = it->second.line;
      i.column = it->second.column;
      break;
    }
    out.push_back(i);
  }
  return out;
}

LoadedConfig ParseDetectConfig(const std::string& text) {
  LoadedConfig c;
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    c.errors.push_back({e.mark.line + 1, e.mark.column + 1, "YAML syntax: " + e.msg});
    return c;
  }
  try {
    if (root.IsNull()) return c;  // empty file: every default
    if (!root.IsMap()) {
      LoadedConfig::Pos p = PosOf(root, {1, 1});
      c.errors.push_back(
          {p.line, p.column, "expected a mapping of settings at the top, got " + Describe(root)});
      return c;
    }
    WalkMap(root, "", &c);
  } catch (const YAML::Exception& e) {  // yaml-cpp throws on odd nodes; keep it inside
    c.errors.push_back({e.mark.line + 1, e.mark.column + 1, e.msg});
  }
  return c;
}

LoadedConfig LoadDetectConfig(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadedConfig c;
    c.errors.push_back({0, 0, "cannot read the config file"});
    return c;
  }
  std::ostringstream s;
  s << in.rdbuf();
  return ParseDetectConfig(s.str());
}

void CopyField(const ConfigField& f, const DetectOptions& from, DetectOptions* to) {
  void* src = f.field(const_cast<DetectOptions&>(from));
  void* dst = f.field(*to);
  switch (f.type) {
    case F::kString:
      *static_cast<std::string*>(dst) = *static_cast<std::string*>(src);
      break;
    case F::kInt:
      *static_cast<int*>(dst) = *static_cast<int*>(src);
      break;
    case F::kFloat:
      *static_cast<float*>(dst) = *static_cast<float*>(src);
      break;
    case F::kDouble:
      *static_cast<double*>(dst) = *static_cast<double*>(src);
      break;
    case F::kBool:
      *static_cast<bool*>(dst) = *static_cast<bool*>(src);
      break;
    case F::kList:
      *static_cast<std::vector<std::string>*>(dst) = *static_cast<std::vector<std::string>*>(src);
      break;
  }
}

void FinishDetectOptions(DetectOptions* o) {
  o->policy.new_dialog_burst = 2 * o->policy.new_dialog_rate;
  o->policy.known_burst = 2 * o->policy.known_rate;
}

std::vector<OptionError> ValidateDetectOptions(const DetectOptions& o_in,
                                               const std::set<std::string>& given,
                                               const ValidateOptions& v) {
  DetectOptions o = o_in;  // the accessors take a mutable struct
  auto name = [&](const std::string& key) { return v.name ? v.name(key) : key; };
  auto has = [&](const std::string& key) { return given.count(key) > 0; };
  std::vector<OptionError> errors;
  auto add = [&](std::vector<std::string> keys, std::string msg) {
    errors.push_back({std::move(keys), std::move(msg)});
  };

  for (const auto& f : kFields) {
    auto value = NumericValue(f, o);
    if (!value) continue;
    if (f.nullable && *value < 0) continue;  // unset: the default behaviour
    bool ok = (f.lo_open ? *value > f.lo : *value >= f.lo) && *value <= f.hi;
    if (!ok) {
      std::ostringstream s;
      s << name(f.key) << ": " << *value << " is out of range (must be " << RangeText(f) << ")";
      add({f.key}, s.str());
    }
  }

  // Exactly one source of packets.
  std::vector<std::string> sources;
  if (!o.pcap.empty()) sources.push_back("capture.pcap");
  if (!o.interface.empty()) sources.push_back("capture.interface");
  if (o.nfqueue >= 0) sources.push_back("mitigation.nfqueue");
  if (sources.empty())
    add({"capture.pcap", "capture.interface", "mitigation.nfqueue"},
        "no packet source: set one of " + name("capture.pcap") + ", " + name("capture.interface") +
            " or " + name("mitigation.nfqueue"));
  if (sources.size() > 1) {
    std::string list;
    for (const auto& s : sources) list += (list.empty() ? "" : " and ") + name(s);
    add({sources[1], sources[0]}, list + " exclude each other: give one packet source");
  }

  auto needs = [&](const std::string& key, bool set, const std::string& what, bool other_set) {
    if (set && !other_set) add({key}, name(key) + " needs " + what);
  };
  needs("capture.replay_speed", o.replay_speed > 0, name("capture.pcap"), !o.pcap.empty());
  needs("output.allowed_hosts", !o.allowed_hosts.empty(), name("output.metrics"),
        !o.metrics.empty());
  needs("mitigation.queue_bypass", o.queue_bypass, name("mitigation.nfqueue"), o.nfqueue >= 0);
  needs("mitigation.nft_set6", !o.nft_set6.empty(), name("mitigation.nft_set"), !o.nft_set.empty());
  needs("mitigation.ban_time", has("mitigation.ban_time"),
        name("mitigation.nft_set") + " or " + name("cluster.redis"),
        !o.nft_set.empty() || !o.redis.empty());
  needs("mitigation.nft_add_rate", has("mitigation.nft_add_rate"), name("mitigation.nft_set"),
        !o.nft_set.empty());
  needs("mitigation.allow", !o.allow.empty(),
        name("mitigation.nfqueue") + ", " + name("mitigation.nft_set") + " or " +
            name("cluster.redis"),
        o.nfqueue >= 0 || !o.nft_set.empty() || !o.redis.empty());
  if (!o.nft_set.empty() && !o.pcap.empty())
    add({"mitigation.nft_set", "capture.pcap"}, name("mitigation.nft_set") +
                                                    " bans live sources: it cannot be used with " +
                                                    name("capture.pcap"));

  for (const char* key : {"mitigation.nft_set", "mitigation.nft_set6"}) {
    const std::string& spec = key == std::string("mitigation.nft_set") ? o.nft_set : o.nft_set6;
    if (spec.empty()) continue;
    auto r = mitigate::NftSetRef::Parse(spec);
    if (!r.ok()) add({key}, name(key) + ": " + r.status().message());
  }
  for (const auto& a : o.allow)
    if (!util::Cidr::Parse(a))
      add({"mitigation.allow"},
          name("mitigation.allow") + ": \"" + a + "\" is not an address or CIDR");
  if (!o.redis.empty())
    if (auto r = cluster::ParseRedisEndpoint(o.redis); !r.ok())
      add({"cluster.redis"}, name("cluster.redis") + ": " + r.status().message());
  if (cluster::IsRedisUrl(o.alerts))
    if (auto r = cluster::ParseRedisAlertTarget(o.alerts); !r.ok())
      add({"output.alerts"}, name("output.alerts") + ": " + r.status().message());
  if (auto p = ProtectedServers::Parse(o.protect); !p.ok())
    add({"servers"}, name("servers") + ": " + p.status().message());
  if (o.alerts.empty())
    add({"output.alerts"}, name("output.alerts") + ": empty path (- for stdout)");

  if (v.check_model) {
    if (o.model.empty()) {
      if (DefaultModelPath().empty())
        add({"detection.model"},
            "no model given and no shipped default model found (" + name("detection.model") + ")");
    } else {
      auto m = nn::ModelFile::Load(o.model);
      if (!m.ok()) add({"detection.model"}, name("detection.model") + ": " + m.status().message());
    }
  }
  return errors;
}

ResolvedOptions ResolveDetectOptions(const DetectOptions& cli,
                                     const std::function<bool(const std::string&)>& on_cli,
                                     const std::string& config_path) {
  ResolvedOptions r;
  std::set<std::string> from_cli;
  for (const auto& f : kFields)
    if (on_cli(f.flag)) from_cli.insert(f.key);
  auto flag_name = [](const std::string& key) {
    const ConfigField* f = FindField(key);
    return f ? std::string(f->flag) : key;
  };
  if (config_path.empty()) {
    r.options = cli;
    for (const auto& e : ValidateDetectOptions(cli, from_cli, {false, flag_name}))
      r.usage_errors.push_back(e.message);
    FinishDetectOptions(&r.options);
    return r;
  }
  LoadedConfig file = LoadDetectConfig(config_path);
  for (const auto& i : file.errors) r.file_errors.push_back(FormatIssue(config_path, i));
  if (!r.file_errors.empty()) return r;
  r.options = file.options;
  const char* kSources[] = {"capture.pcap", "capture.interface", "mitigation.nfqueue"};
  bool cli_source = false;
  for (const char* k : kSources) cli_source = cli_source || from_cli.count(k);
  DetectOptions defaults;
  for (const char* k : kSources) {
    if (!cli_source || from_cli.count(k)) continue;
    CopyField(*FindField(k), defaults, &r.options);  // the command line chose the source
    file.keys.erase(k);
  }
  for (const auto& k : from_cli) {
    CopyField(*FindField(k), cli, &r.options);
    file.keys.erase(k);
  }
  std::set<std::string> given = file.Given();
  given.insert(from_cli.begin(), from_cli.end());
  auto name = [&](const std::string& key) { return from_cli.count(key) ? flag_name(key) : key; };
  auto errors = ValidateDetectOptions(r.options, given, {true, name});
  for (const auto& e : errors) {
    bool in_file = std::any_of(e.keys.begin(), e.keys.end(),
                               [&](const std::string& k) { return file.keys.count(k) > 0; });
    bool runtime = !e.keys.empty() && e.keys[0] == "detection.model";
    bool none_given = std::none_of(e.keys.begin(), e.keys.end(),
                                   [&](const std::string& k) { return given.count(k) > 0; });
    if (in_file || runtime || none_given)
      r.file_errors.push_back(FormatIssue(config_path, file.Locate({e})[0]));
    else
      r.usage_errors.push_back(e.message);
  }
  FinishDetectOptions(&r.options);
  return r;
}

std::string EffectiveYaml(const DetectOptions& o_in) {
  DetectOptions o = o_in;
  YAML::Emitter out;
  out << YAML::BeginMap;
  std::string open;  // the section being written
  for (const auto& f : kFields) {
    std::string section = Section(f.key);
    std::string leaf = section.empty() ? f.key : std::string(f.key).substr(section.size() + 1);
    if (section != open) {
      if (!open.empty()) out << YAML::EndMap;
      if (!section.empty()) out << YAML::Key << section << YAML::Value << YAML::BeginMap;
      open = section;
    }
    out << YAML::Key << leaf << YAML::Value;
    void* p = f.field(o);
    auto value = NumericValue(f, o);
    if (f.nullable && ((value && *value < 0) ||
                       (f.type == F::kString && static_cast<std::string*>(p)->empty()))) {
      out << YAML::Null;
    } else {
      switch (f.type) {
        case F::kString:
          out << YAML::DoubleQuoted << *static_cast<std::string*>(p);
          break;
        case F::kInt:
          out << *static_cast<int*>(p);
          break;
        case F::kFloat:
          out << *static_cast<float*>(p);
          break;
        case F::kDouble:
          out << *static_cast<double*>(p);
          break;
        case F::kBool:
          out << *static_cast<bool*>(p);
          break;
        case F::kList:
          out << YAML::Flow << YAML::BeginSeq;
          for (const auto& s : *static_cast<std::vector<std::string>*>(p)) out << s;
          out << YAML::EndSeq;
          break;
      }
    }
    out << YAML::Comment(std::string(f.flag));
  }
  if (!open.empty()) out << YAML::EndMap;
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

std::string SettingsSummary(const DetectOptions& o) {
  std::ostringstream s;
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : ", ") + x;
    return out;
  };
  s << "  source: ";
  if (o.nfqueue >= 0)
    s << "inline on NFQUEUE " << o.nfqueue << (o.queue_bypass ? " (bypass required)" : "");
  else if (!o.interface.empty())
    s << "interface " << o.interface << ", filter \"" << o.bpf << "\"";
  else
    s << "capture file " << o.pcap;
  s << "\n  servers: " << (o.protect.empty() ? "every destination" : list(o.protect)) << "\n";
  std::string model = o.model.empty() ? DefaultModelPath() + " (shipped default)" : o.model;
  s << "  model: " << model << ", threshold ";
  if (o.threshold < 0)
    s << "from the model";
  else
    s << o.threshold;
  s << "\n  alerts: " << (o.alerts == "-" ? "stdout" : o.alerts)
    << "; metrics: " << (o.metrics.empty() ? "off" : o.metrics) << "; stats every "
    << o.stats_interval << " s\n";
  s << "  attacks: end after " << o.quiet_period << " s quiet, updates every " << o.update_interval
    << " s, " << o.max_servers << " servers tracked\n";
  s << "  mitigation: ";
  if (o.nfqueue < 0 && o.nft_set.empty()) {
    s << "off\n";
  } else {
    if (o.nfqueue >= 0)
      s << "inline drops (new dialogs " << o.policy.new_dialog_rate << "/s per server, unproven "
        << o.policy.source_rate << "/s, known " << o.policy.known_rate << "/s per source)";
    if (!o.nft_set.empty())
      s << (o.nfqueue >= 0 ? "; " : "") << "bans into " << o.nft_set
        << (o.nft_set6.empty() ? "" : " and " + o.nft_set6) << " for " << o.ban_time
        << " s (at most " << o.nft_add_rate << " adds/s)";
    if (!o.allow.empty()) s << "; allowed: " << list(o.allow);
    s << "\n";
  }
  return s.str();
}

}  // namespace cli
