#include "sim/caller_kind.h"

#include "sim/rng.h"

namespace sim {
namespace {

struct KindInfo {
  std::string_view name;
  CallerClass cls;
  bool random_port;  // binds an ephemeral port rather than 5060
};

constexpr KindInfo kInfo[kCallerKindCount] = {
    {"sipp", CallerClass::kSoftphone, false},
    {"linphone", CallerClass::kSoftphone, true},
    {"zoiper", CallerClass::kSoftphone, true},
    {"microsip", CallerClass::kSoftphone, false},
    {"yealink", CallerClass::kDeskPhone, false},
    {"polycom", CallerClass::kDeskPhone, false},
    {"cisco", CallerClass::kDeskPhone, false},
    {"nec-dect", CallerClass::kGateway, false},
    {"nero-sipps", CallerClass::kSoftphone, false},
    {"neufbox", CallerClass::kGateway, false},
    {"lf-gateway", CallerClass::kGateway, false},
    {"sipp-uac", CallerClass::kTrunk, false},
    {"asterisk", CallerClass::kTrunk, false},
    {"freeswitch", CallerClass::kTrunk, false},
    {"kamailio", CallerClass::kTrunk, false},
};

}  // namespace

std::string_view Name(CallerKind k) { return kInfo[size_t(k)].name; }

std::optional<CallerKind> ParseCallerKind(std::string_view s) {
  for (CallerKind k : kAllCallerKinds)
    if (Name(k) == s) return k;
  return std::nullopt;
}

CallerClass ClassOf(CallerKind k) { return kInfo[size_t(k)].cls; }

std::string_view Name(CallerClass c) {
  switch (c) {
    case CallerClass::kSoftphone:
      return "softphone";
    case CallerClass::kDeskPhone:
      return "desk";
    case CallerClass::kGateway:
      return "gateway";
    case CallerClass::kTrunk:
      return "trunk";
  }
  return "";
}

uint16_t SourcePortOf(CallerKind k, uint64_t salt) {
  if (k == CallerKind::kFreeSwitch) return 5080;  // its external profile
  if (!kInfo[size_t(k)].random_port) return 5060;
  return uint16_t(20000 + Mix(salt, uint64_t(k) + 0x706f7274ull) % 40000);
}

}  // namespace sim
