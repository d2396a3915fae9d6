#include "detect/alert_reason.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace detect {
namespace {

std::string Rate(double r) {
  char buf[32];
  std::snprintf(buf, sizeof buf, r >= 100 ? "%.0f/s" : r >= 1 ? "%.1f/s" : "%.2f/s", r);
  return buf;
}

std::string Upper(std::string s) {
  for (char &c : s) c = char(std::toupper(uint8_t(c)));
  return s;
}

}  // namespace

std::string Percent(double share) {
  if (share >= 1) return "100%";
  if (share <= 0) return "0%";
  const double p = share * 100;
  if (p < 1) return "<1%";
  if (p > 99) return ">99%";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.0f%%", p < 50 ? std::ceil(p - 1e-9) : std::floor(p + 1e-9));
  return buf;
}

std::string AlertReason(const AlertEvent &a) {
  const bool end = a.phase == AlertPhase::kEnd;
  const double rate = end ? a.peak_invite_rate : a.invite_rate;
  std::string r = std::string(end ? "peak INVITE rate " : "INVITE rate ") + Rate(rate) +
                  " vs baseline " + Rate(a.baseline_rate);
  if (a.baseline_rate >= 0.01) {
    char buf[32];
    const double x = rate / a.baseline_rate;
    std::snprintf(buf, sizeof buf, x >= 10 ? " (%.0fx)" : " (%.1fx)", x);
    r += buf;
  }
  if (a.new_source_share >= 0)
    r += "; " + Percent(a.new_source_share) + " of INVITEs from never-seen sources";
  if (a.never_completed_share >= 0)
    r += "; " + Percent(a.never_completed_share) + " of sources never completed a dialog";
  if (!a.top_user_agents.empty() && a.user_agent_invites > 0) {
    const UserAgentCount &top = a.top_user_agents.front();
    r += "; top User-Agent ";
    r += top.user_agent.empty() ? std::string("(none)") : "\"" + top.user_agent + "\"";
    r += " (" + Percent(double(top.invites) / double(a.user_agent_invites)) + ")";
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "; %s %s %.3f", Upper(a.model).c_str(),
                a.phase == AlertPhase::kStart ? "window score" : "max window score",
                a.phase == AlertPhase::kStart ? a.score : a.max_score);
  r += buf;
  return r;
}

}  // namespace detect
