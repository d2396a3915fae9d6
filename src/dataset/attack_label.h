// The label vocabulary of the message CSV's Attack and Intensity columns
// (docs/formats.md). Attack is "none" for legitimate rows, otherwise
// "<tool>:<behaviour>:<spoofing>", so that an evaluation can hold out one tool
// or one spoofing mode by splitting on ':'.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace dataset {

enum class Tool { kMrSip, kMimic };
enum class Behaviour { kAbrupt, kVeryHigh, kStealthy, kLowRate };
enum class Spoofing { kRandom, kSubnet, kList };
// Paper §3.3: VL 10, L 25, M 50, H 100, VH 500, VH++ 1000 INVITE/s.
enum class Intensity { kVL, kL, kM, kH, kVH, kVHpp };

inline constexpr std::array<Tool, 2> kAllTools = {Tool::kMrSip, Tool::kMimic};
inline constexpr std::array<Behaviour, 4> kAllBehaviours = {
    Behaviour::kAbrupt, Behaviour::kVeryHigh, Behaviour::kStealthy,
    Behaviour::kLowRate};
inline constexpr std::array<Spoofing, 3> kAllSpoofings = {
    Spoofing::kRandom, Spoofing::kSubnet, Spoofing::kList};
inline constexpr std::array<Intensity, 6> kAllIntensities = {
    Intensity::kVL, Intensity::kL,  Intensity::kM,
    Intensity::kH,  Intensity::kVH, Intensity::kVHpp};

inline constexpr std::string_view kNone = "none";

std::string_view Name(Tool t);  // "mrsip", "mimic"
std::string_view Name(
    Behaviour b);  // "abrupt", "very-high", "stealthy", "low-rate"
std::string_view Name(Spoofing s);   // "random", "subnet", "list"
std::string_view Name(Intensity i);  // "VL" ... "VH++"
double RatePerSecond(Intensity i);   // nominal INVITE/s

std::optional<Tool> ParseTool(std::string_view s);
std::optional<Behaviour> ParseBehaviour(std::string_view s);
std::optional<Spoofing> ParseSpoofing(std::string_view s);
std::optional<Intensity> ParseIntensity(std::string_view s);

struct AttackKind {
  Tool tool = Tool::kMrSip;
  Behaviour behaviour = Behaviour::kLowRate;
  Spoofing spoofing = Spoofing::kRandom;
  friend bool operator==(const AttackKind&, const AttackKind&) = default;
};

// "mrsip:stealthy:list".
std::string AttackLabel(const AttackKind& k);
// Inverse of AttackLabel; nullopt for "none" or anything malformed.
std::optional<AttackKind> ParseAttackLabel(std::string_view s);

}  // namespace dataset
