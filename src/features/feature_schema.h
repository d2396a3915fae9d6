// The feature vector's layout: which features exist, in which order, under
// which schema version. Bump kSchemaVersion whenever a feature's definition,
// order or count changes: models record the version they were trained with and
// are rejected by an encoder of another version.
#pragma once

#include <span>
#include <string_view>

#include "util/status.h"

namespace features {

inline constexpr int kSchemaVersion = 1;

enum class FeatureSet {
  kPaper,  // the paper's Table 2 fields only (Temps, Source, From, Call-ID,
           // Contact)
  kFull,   // paper + per-source/global behaviour and dialog completion (default)
};

// Index of each feature in the vector. The paper set is the prefix [0,
// kPaperCount).
enum Feature : int {
  // --- paper set ---
  kIatLog = 0,             // log1p(ms since the previous INVITE), 10 s when none
  kFromUserLen,            // length of the From user, IPv4 literals not counted (capped
                           // at 64)
  kFromUserDigitShare,     // share of digits in the same
  kCallIdLen,              // length of the Call-ID's local part (before '@', capped at 128)
  kCallIdDigitShare,       // share of digits in the same
  kCallIdHasHost,          // Call-ID has the "local@host" form
  kCallIdHostIsFromHost,   // Call-ID host equals the From host
  kContactUserIsFromUser,  // Contact user equals From user
  kContactHostIsFromHost,  // Contact host equals From host
  kFromHostIsSource,       // From host is the packet's source address
  kContactHostIsSource,    // Contact host is the packet's source address
  kSameSourceAsPrevious,   // source equals the previous INVITE's source
  kCallIdRepeat,           // this Call-ID was INVITEd in the last 32 s (a
                           // retransmission)
  kPaperCount,
  // --- full set adds ---
  kViaHostIsSource = kPaperCount,  // top Via sent-by host is the source address
  kSourceSeen,                     // the source sent an INVITE before (still in the table)
  kSourceSinceLog,                 // log1p(ms since the source's previous INVITE), capped at
                                   // and 1 h when none
  kSourceInvitesLog,               // log1p(INVITEs from this source so far)
  kSourceRate1sLog,                // log1p(source INVITE rate, EWMA tau 1 s, per second)
  kSourceRate10sLog,               // same, tau 10 s
  kGlobalRate1sLog,                // log1p(all INVITEs per second, EWMA tau 1 s)
  kGlobalRate10sLog,               // tau 10 s
  kGlobalRate60sLog,               // tau 60 s
  kNewSourceShare10s,              // EWMA (tau 10 s) share of INVITEs from unseen sources
  kSourceCompleted,                // the source ever completed a dialog (ACK/BYE after
                                   // INVITE)
  kSourceCompletionRatio,          // completed dialogs / INVITEs of this source
  kGlobalCompletion10s,            // completed-dialog rate / INVITE rate, tau 10 s
                                   // (capped 2)
  kGlobalCompletion60s,            // same, tau 60 s
  kFullCount,
};

inline constexpr int kMaxFeatures = kFullCount;

int FeatureCount(FeatureSet set);
std::string_view FeatureSetName(FeatureSet set);  // "paper" or "full"
util::Result<FeatureSet> ParseFeatureSet(std::string_view name);
// Checks that a model's recorded feature set and schema version match this
// encoder; the error says what to do (retrain) when they do not.
util::Result<FeatureSet> CheckModelFeatures(std::string_view feature_set, int feature_schema);

// Short snake_case names, FeatureCount(set) of them, in vector order.
std::span<const std::string_view> FeatureNames(FeatureSet set);

}  // namespace features
