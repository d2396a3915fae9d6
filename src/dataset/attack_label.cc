#include "dataset/attack_label.h"

namespace dataset {
namespace {

constexpr std::array<std::string_view, 2> kToolNames = {"mrsip", "mimic"};
constexpr std::array<std::string_view, 4> kBehaviourNames = {
    "abrupt", "very-high", "stealthy", "low-rate"};
constexpr std::array<std::string_view, 3> kSpoofingNames = {"random", "subnet",
                                                            "list"};
constexpr std::array<std::string_view, 6> kIntensityNames = {
    "VL", "L", "M", "H", "VH", "VH++"};
constexpr std::array<double, 6> kIntensityRates = {10, 25, 50, 100, 500, 1000};

template <typename E, size_t N>
std::optional<E> Find(const std::array<std::string_view, N>& names,
                      std::string_view s) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == s) return static_cast<E>(i);
  return std::nullopt;
}

}  // namespace

std::string_view Name(Tool t) { return kToolNames[size_t(t)]; }
std::string_view Name(Behaviour b) { return kBehaviourNames[size_t(b)]; }
std::string_view Name(Spoofing s) { return kSpoofingNames[size_t(s)]; }
std::string_view Name(Intensity i) { return kIntensityNames[size_t(i)]; }
double RatePerSecond(Intensity i) { return kIntensityRates[size_t(i)]; }

std::optional<Tool> ParseTool(std::string_view s) {
  return Find<Tool>(kToolNames, s);
}
std::optional<Behaviour> ParseBehaviour(std::string_view s) {
  return Find<Behaviour>(kBehaviourNames, s);
}
std::optional<Spoofing> ParseSpoofing(std::string_view s) {
  return Find<Spoofing>(kSpoofingNames, s);
}
std::optional<Intensity> ParseIntensity(std::string_view s) {
  return Find<Intensity>(kIntensityNames, s);
}

std::string AttackLabel(const AttackKind& k) {
  std::string s(Name(k.tool));
  s += ':';
  s += Name(k.behaviour);
  s += ':';
  s += Name(k.spoofing);
  return s;
}

std::optional<AttackKind> ParseAttackLabel(std::string_view s) {
  size_t a = s.find(':');
  if (a == std::string_view::npos) return std::nullopt;
  size_t b = s.find(':', a + 1);
  if (b == std::string_view::npos) return std::nullopt;
  auto tool = ParseTool(s.substr(0, a));
  auto beh = ParseBehaviour(s.substr(a + 1, b - a - 1));
  auto spoof = ParseSpoofing(s.substr(b + 1));
  if (!tool || !beh || !spoof) return std::nullopt;
  return AttackKind{*tool, *beh, *spoof};
}

}  // namespace dataset
