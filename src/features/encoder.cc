#include "features/encoder.h"

#include <algorithm>
#include <cmath>

#include "features/header_fields.h"

namespace features {
namespace {

constexpr double kFirstIatMs = 10'000;           // iat of the first INVITE of a stream
constexpr double kSourceSinceCapMs = 3'600'000;  // 1 h: "long ago" and "never" read the same
constexpr util::Micros kRetransmissionWindow = 32'000'000;  // RFC 3261 Timer B
constexpr double kCompletionCap = 2.0;

uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

float Flag(bool b) { return b ? 1.0f : 0.0f; }

// CSeq of an INVITE transaction ("1 INVITE"): the method is last; other text is
// searched.
bool CSeqIsInvite(std::string_view cseq) {
  return cseq.ends_with("INVITE") || cseq.find("INVITE") != std::string_view::npos;
}

// float(log1p(n)) for the small counts a source reaches, computed once
// (bit-identical).
struct Log1pTable {
  static constexpr uint32_t kSize = 4096;
  float v[kSize];
  Log1pTable() {
    for (uint32_t i = 0; i < kSize; ++i) v[i] = float(std::log1p(double(i)));
  }
  float operator()(uint32_t n) const { return n < kSize ? v[n] : float(std::log1p(double(n))); }
};
const Log1pTable kLog1pCount;
float LogMs(double ms) { return float(std::log1p(std::max(0.0, ms))); }

}  // namespace

double Encoder::Rate::Decayed(util::Micros now, double tau_s) const {
  double dt = double(std::max<util::Micros>(0, now - last)) * 1e-6;
  return value * std::exp(-dt / tau_s);
}

void Encoder::Rate::Add(util::Micros now, double tau_s, double amount) {
  value = Decayed(now, tau_s) + amount / tau_s;
  last = std::max(last, now);
}

double Encoder::Rate::DecayFactor(util::Micros now, double tau_s) const {
  double dt = double(std::max<util::Micros>(0, now - last)) * 1e-6;
  return std::exp(-dt / tau_s);
}

void Encoder::Rate::AddDecayed(util::Micros now, double factor, double tau_s, double amount) {
  value = value * factor + amount / tau_s;
  last = std::max(last, now);
}

Encoder::Encoder(const Options& options)
    : options_(options),
      size_(FeatureCount(options.set)),
      sources_(options.source_capacity),
      dialogs_(options.dialog_capacity) {}

void Encoder::Reset() {
  sources_.Clear();
  dialogs_.Clear();
  have_previous_ = false;
  previous_time_ = 0;
  previous_source_ = 0;
  global_1s_ = global_10s_ = global_60s_ = new_10s_ = completed_10s_ = completed_60s_ = Rate();
  stats_ = Stats();
}

Encoder::Stats Encoder::stats() const {
  Stats s = stats_;
  s.source_evictions = sources_.evictions();
  s.dialog_evictions = dialogs_.evictions();
  return s;
}

uint64_t Encoder::SourceKey(const util::IpAddress& a) const {
  return Mix(a.Hash() ^ options_.seed);
}

bool Encoder::Consume(const SipEvent& e, float* out) {
  ++stats_.events;
  switch (e.kind) {
    case EventKind::kInvite:
      EncodeInvite(e, out);
      return true;
    case EventKind::kResponse:
      OnResponse(e);
      return false;
    case EventKind::kAck:
    case EventKind::kBye:
      OnAckOrBye(e);
      return false;
    default:
      return false;
  }
}

void Encoder::OnResponse(const SipEvent& e) {
  if (e.status_code < 200) return;                       // provisional
  if (!e.cseq.empty() && !CSeqIsInvite(e.cseq)) return;  // BYE, CANCEL
  DialogEntry* d = dialogs_.Find(HashBytes(e.call_id, options_.seed));
  if (d == nullptr || d->answered) return;
  d->answered = true;
  d->success = e.status_code < 300;
  d->to_tag_hash = HashBytes(HeaderTag(e.to), options_.seed) | 1;
}

void Encoder::OnAckOrBye(const SipEvent& e) {
  DialogEntry* d = dialogs_.Find(HashBytes(e.call_id, options_.seed));
  if (d == nullptr || d->completed) return;
  uint64_t source = SourceKey(e.src);
  if (source != d->source_key) return;  // only the caller completes its dialog
  if (d->answered) {
    // A spoofing flooder never sees the 2xx, so it cannot echo the To tag the
    // callee chose.
    if (!d->success) return;
    if ((HashBytes(HeaderTag(e.to), options_.seed) | 1) != d->to_tag_hash) return;
  }
  d->completed = true;
  ++stats_.completed;
  if (SourceEntry* s = sources_.Find(source)) s->completed = std::min(s->completed + 1, s->invites);
  completed_10s_.Add(e.time, 10, 1);
  completed_60s_.Add(e.time, 60, 1);
}

void Encoder::EncodeInvite(const SipEvent& e, float* out) {
  ++stats_.invites;
  const util::Micros now = e.time;
  const uint64_t source = SourceKey(e.src);
  const uint64_t dialog_key = HashBytes(e.call_id, options_.seed);
  // Both lookups below usually miss the cache: start them before parsing the
  // headers.
  dialogs_.Prefetch(dialog_key);
  if (options_.set != FeatureSet::kPaper) sources_.Prefetch(source);
  const UserHost from = ParseNameAddr(e.from);
  const UserHost contact = ParseNameAddr(e.contact);
  const std::string_view call_id_host = CallIdHost(e.call_id);

  double iat_ms = have_previous_ ? double(now - previous_time_) * 1e-3 : kFirstIatMs;
  bool same_source = have_previous_ && previous_source_ == source;
  have_previous_ = true;
  previous_time_ = std::max(previous_time_, now);
  previous_source_ = source;

  bool inserted = false;
  DialogEntry* d = dialogs_.FindOrInsert(dialog_key, &inserted);
  bool repeat = !inserted && now - d->stamp <= kRetransmissionWindow && d->source_key == source;
  if (inserted || !repeat) {
    *d = DialogEntry{d->key, now, source, 0, false, false, false};
  } else {
    d->stamp = now;
  }

  out[kIatLog] = LogMs(iat_ms);
  const TextShape user_shape = ShapeWithoutAddresses(from.user);
  const TextShape call_id_shape = ShapeWithoutAddresses(e.call_id.substr(0, e.call_id.find('@')));
  out[kFromUserLen] = float(std::min(user_shape.length, 64));
  out[kFromUserDigitShare] = user_shape.digit_share();
  out[kCallIdLen] = float(std::min(call_id_shape.length, 128));
  out[kCallIdDigitShare] = call_id_shape.digit_share();
  out[kCallIdHasHost] = Flag(e.call_id.find('@') != std::string_view::npos);
  out[kCallIdHostIsFromHost] = Flag(!call_id_host.empty() && call_id_host == from.host);
  out[kContactUserIsFromUser] = Flag(!from.user.empty() && contact.user == from.user);
  out[kContactHostIsFromHost] = Flag(!from.host.empty() && contact.host == from.host);
  out[kFromHostIsSource] = Flag(HostIsAddress(from.host, e.src));
  out[kContactHostIsSource] = Flag(HostIsAddress(contact.host, e.src));
  out[kSameSourceAsPrevious] = Flag(same_source);
  out[kCallIdRepeat] = Flag(repeat);
  if (options_.set == FeatureSet::kPaper) return;

  SourceEntry* s = sources_.FindOrInsert(source, &inserted);
  double since_ms = inserted ? kSourceSinceCapMs
                             : std::min(kSourceSinceCapMs,
                                        double(std::max<util::Micros>(0, now - s->stamp)) * 1e-3);
  // The source's rates decay from its previous INVITE (out-of-order times count
  // as 0 s).
  double dt_s = inserted ? 0 : double(std::max<util::Micros>(0, now - s->stamp)) * 1e-6;
  s->stamp = std::max(s->stamp, now);
  s->invites += s->invites < UINT32_MAX;
  s->rate_1s = s->rate_1s * std::exp(-dt_s / 1.0) + 1.0;
  s->rate_10s = s->rate_10s * std::exp(-dt_s / 10.0) + 0.1;

  global_1s_.Add(now, 1, 1);
  // global_10s_ and new_10s_ are always updated together (same `last`): one exp
  // for both.
  const double decay_10s = global_10s_.DecayFactor(now, 10);
  global_10s_.AddDecayed(now, decay_10s, 10, 1);
  global_60s_.Add(now, 60, 1);
  new_10s_.AddDecayed(now, decay_10s, 10, inserted ? 1 : 0);
  double c10 = completed_10s_.Decayed(now, 10), c60 = completed_60s_.Decayed(now, 60);

  out[kViaHostIsSource] = Flag(HostIsAddress(ViaHost(e.via), e.src));
  out[kSourceSeen] = Flag(!inserted);
  out[kSourceSinceLog] = LogMs(since_ms);
  out[kSourceInvitesLog] = kLog1pCount(s->invites);
  out[kSourceRate1sLog] = float(std::log1p(s->rate_1s));
  out[kSourceRate10sLog] = float(std::log1p(s->rate_10s));
  out[kGlobalRate1sLog] = float(std::log1p(global_1s_.value));
  out[kGlobalRate10sLog] = float(std::log1p(global_10s_.value));
  out[kGlobalRate60sLog] = float(std::log1p(global_60s_.value));
  out[kNewSourceShare10s] = float(new_10s_.value / global_10s_.value);
  out[kSourceCompleted] = Flag(s->completed > 0);
  out[kSourceCompletionRatio] = float(double(s->completed) / double(s->invites));
  out[kGlobalCompletion10s] = float(std::min(kCompletionCap, c10 / global_10s_.value));
  out[kGlobalCompletion60s] = float(std::min(kCompletionCap, c60 / global_60s_.value));
}

}  // namespace features
