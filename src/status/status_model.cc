#include "status/status_model.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace status {

using nlohmann::json;

namespace {

int64_t SecondOf(util::Micros t) { return t >= 0 ? t / 1'000'000 : (t - 999'999) / 1'000'000; }

std::string ServerName(const detect::ServerKey& k) {
  std::string a = k.addr.ToString();
  if (k.addr.is_v6()) a = "[" + a + "]";
  return a + ":" + std::to_string(k.port);
}

}  // namespace

StatusModel::StatusModel(const StatusOptions& options, const detect::Counters* counters,
                         const output::Telemetry* telemetry)
    : options_(options), counters_(counters), telemetry_(telemetry) {
  options_.history_seconds = std::max(1, options_.history_seconds);
  options_.max_active_alerts = std::max(1, options_.max_active_alerts);
  options_.recent_attacks = std::max(1, options_.recent_attacks);
  options_.source_epoch = std::max<util::Micros>(1'000'000, options_.source_epoch);
  shared_.rows.resize(size_t(options_.history_seconds));
  shared_.ended.resize(size_t(options_.recent_attacks));
  shared_.active.reserve(size_t(options_.max_active_alerts));
}

int StatusModel::SlotFor(const detect::ServerKey& server, util::Micros t) {
  for (Slot& s : slots_) {
    if (s.used && s.key == server) {
      s.last_seen = std::max(s.last_seen, t);
      return int(&s - slots_.data());
    }
  }
  // A new server takes the first free slot, else the least recently seen one not under attack.
  int victim = 0;
  for (int i = 0; i < StatusOptions::kMaxServers; ++i) {
    const Slot& s = slots_[i];
    if (!s.used) {
      victim = i;
      break;
    }
    if (std::tie(s.attacked, s.last_seen) <
        std::tie(slots_[victim].attacked, slots_[victim].last_seen))
      victim = i;
  }
  slots_[victim] = Slot{true, server, cur_, t, false};
  row_.cells[victim] = Cell{};
  score_sum_[victim] = 0;
  return victim;
}

void StatusModel::OnInvite(const detect::ServerKey& server, const util::IpAddress& src,
                           util::Micros t, float window_score) {
  int64_t sec = SecondOf(t);
  if (!started_) {
    started_ = true;
    StartSecond(sec);
    epoch_end_ = t + options_.source_epoch;
  } else if (sec > cur_) {
    Publish(sec);
  }
  last_time_ = std::max(last_time_, t);
  if (t >= epoch_end_) {  // the older epoch goes; the current one becomes the older
    epoch_ ^= 1;
    epoch_sources_[epoch_].Clear();
    epoch_end_ = t + options_.source_epoch;
  }
  epoch_sources_[epoch_].Add(src);
  ++invites_;
  ++row_.invites;
  int i = SlotFor(server, t);
  Cell& c = row_.cells[i];
  ++c.invites;
  if (window_score >= 0) {
    c.max_score = c.windows == 0 ? window_score : std::max(c.max_score, window_score);
    ++c.windows;
    score_sum_[i] += window_score;
  }
}

void StatusModel::StartSecond(int64_t second) {
  cur_ = second;
  row_ = Row{};
  row_.second = second;
  score_sum_.fill(0);
}

void StatusModel::Publish(int64_t up_to) {
  for (int i = 0; i < StatusOptions::kMaxServers; ++i)
    if (row_.cells[i].windows > 0)
      row_.cells[i].mean_score = float(score_sum_[i] / row_.cells[i].windows);
  // Top sources of the last one to two epochs: the two space-saving tables merged.
  std::map<util::IpAddress, uint64_t> merged;
  for (const auto& hh : epoch_sources_)
    for (const auto& s : hh.Top(options_.top_sources)) merged[s.addr] += s.invites;
  std::vector<detect::SourceCount> top;
  top.reserve(merged.size());
  for (const auto& [addr, n] : merged) top.push_back({addr, n});
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
    return a.invites != b.invites ? a.invites > b.invites : a.addr < b.addr;
  });
  if (int(top.size()) > options_.top_sources) top.resize(size_t(options_.top_sources));

  const int64_t history = options_.history_seconds;
  std::lock_guard<std::mutex> lock(mu_);
  auto push = [&](const Row& r) {
    shared_.rows[shared_.next] = r;
    shared_.next = (shared_.next + 1) % shared_.rows.size();
    shared_.filled = std::min(shared_.filled + 1, shared_.rows.size());
  };
  push(row_);
  Row empty;
  for (int64_t s = std::max(cur_ + 1, up_to - history); s < up_to; ++s) {
    empty.second = s;
    push(empty);
  }
  shared_.slots = slots_;
  shared_.top_sources = std::move(top);
  shared_.distinct_sources = epoch_sources_[0].new_addresses() + epoch_sources_[1].new_addresses();
  shared_.invites = invites_;
  shared_.capture_time = up_to * 1'000'000;
  StartSecond(up_to);
}

void StatusModel::Advance(util::Micros now) {
  if (started_ && SecondOf(now) > cur_) Publish(SecondOf(now));
}

void StatusModel::Flush() {
  if (started_) Publish(cur_ + 1);
}

void StatusModel::OnAlert(const detect::AlertEvent& a, const std::string& eve_line) {
  for (Slot& s : slots_)
    if (s.used && s.key == a.server) s.attacked = a.phase != detect::AlertPhase::kEnd;
  json eve = json::parse(eve_line, nullptr, /*allow_exceptions=*/false);
  if (eve.is_discarded()) eve = json{{"unparsed", eve_line}};
  std::lock_guard<std::mutex> lock(mu_);
  auto& active = shared_.active;
  auto it = std::find_if(active.begin(), active.end(),
                         [&](const auto& p) { return p.first == a.attack_id; });
  if (a.phase != detect::AlertPhase::kEnd) {
    if (it != active.end()) {
      it->second = std::move(eve);
    } else if (int(active.size()) < options_.max_active_alerts) {
      active.emplace_back(a.attack_id, std::move(eve));
    } else if (a.phase == detect::AlertPhase::kStart) {
      ++shared_.active_not_shown;
    }
    return;
  }
  if (it != active.end()) {
    active.erase(it);
  } else if (shared_.active_not_shown > 0) {
    --shared_.active_not_shown;
  }
  shared_.ended[shared_.ended_next] = std::move(eve);
  shared_.ended_next = (shared_.ended_next + 1) % shared_.ended.size();
  ++shared_.attacks_ended;
}

json StatusModel::Json() const {
  Shared s;
  {
    std::lock_guard<std::mutex> lock(mu_);
    s = shared_;
  }
  json j;
  j["schema"] = 1;
  j["sensor"] = options_.sensor;
  j["model"] = options_.model;
  j["threshold"] = options_.threshold;
  j["generated"] = util::FormatIso8601(util::NowMicros());
  j["capture_time"] = s.capture_time ? json(util::FormatIso8601(s.capture_time)) : json(nullptr);
  j["history_seconds"] = options_.history_seconds;

  // The ring, oldest first.
  std::vector<const Row*> rows;
  rows.reserve(s.filled);
  for (size_t k = 0; k < s.filled; ++k)
    rows.push_back(&s.rows[(s.next + s.rows.size() - s.filled + k) % s.rows.size()]);
  json t = json::array(), rate = json::array();
  for (const Row* r : rows) {
    t.push_back(r->second);
    rate.push_back(r->invites);
  }
  j["t"] = std::move(t);
  j["invite_rate"] = std::move(rate);
  json servers = json::array();
  for (int i = 0; i < StatusOptions::kMaxServers; ++i) {
    const Slot& slot = s.slots[i];
    if (!slot.used) continue;
    json inv = json::array(), mx = json::array(), mean = json::array();
    for (const Row* r : rows) {
      const Cell& c = r->cells[i];
      bool mine = r->second >= slot.since;  // older cells belonged to an evicted server
      inv.push_back(mine ? c.invites : 0);
      mx.push_back(mine && c.windows ? json(c.max_score) : json(nullptr));
      mean.push_back(mine && c.windows ? json(c.mean_score) : json(nullptr));
    }
    servers.push_back({{"server", ServerName(slot.key)},
                       {"dest_ip", slot.key.addr.ToString()},
                       {"dest_port", slot.key.port},
                       {"under_attack", slot.attacked},
                       {"invites", std::move(inv)},
                       {"max_score", std::move(mx)},
                       {"mean_score", std::move(mean)}});
  }
  j["servers"] = std::move(servers);

  json active = json::array();
  for (const auto& [id, eve] : s.active) active.push_back(eve);
  j["active_alerts"] = std::move(active);
  j["active_alerts_not_shown"] = s.active_not_shown;
  json ended = json::array();
  size_t kept = std::min<uint64_t>(s.attacks_ended, s.ended.size());
  for (size_t k = 1; k <= kept; ++k)  // newest first
    ended.push_back(s.ended[(s.ended_next + s.ended.size() - k) % s.ended.size()]);
  j["recent_attacks"] = std::move(ended);
  j["attacks_ended"] = s.attacks_ended;

  json top = json::array();
  for (const auto& src : s.top_sources)
    top.push_back({{"ip", src.addr.ToString()}, {"invites", src.invites}});
  j["top_sources"] = std::move(top);
  j["top_sources_window_s"] = 2 * options_.source_epoch / 1'000'000;
  j["new_sources"] = s.distinct_sources;

  json totals = {{"invites", s.invites}};
  auto get = [](const auto& a) { return a.load(std::memory_order_relaxed); };
  if (counters_) {
    totals["invites_scored"] = get(counters_->invites);
    totals["windows_benign"] = get(counters_->windows_benign);
    totals["windows_malicious"] = get(counters_->windows_malicious);
    totals["alerts"] = get(counters_->alerts);
    totals["active_attacks"] = get(counters_->active_attacks);
    totals["servers"] = get(counters_->servers);
  }
  if (telemetry_) {
    totals["packets"] = get(telemetry_->packets);
    totals["not_sip"] = get(telemetry_->not_sip);
    totals["packets_dropped"] = get(telemetry_->packets_dropped);
  }
  j["totals"] = std::move(totals);
  return j;
}

}  // namespace status
