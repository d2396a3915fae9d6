#include "mitigate/nft_set.h"

#include <nftables/libnftables.h>

#include <algorithm>
#include <chrono>

namespace mitigate {
namespace {

bool ValidName(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

constexpr std::string_view kFamilies[] = {"ip", "ip6", "inet", "bridge", "netdev"};

}  // namespace

util::Result<NftSetRef> NftSetRef::Parse(std::string_view text) {
  auto bad = [&](const std::string &why) {
    return util::Status::Error("nft set \"" + std::string(text) + "\": " + why +
                               " (expected FAMILY:TABLE:SET, e.g. inet:sipddos:banned4)");
  };
  size_t a = text.find(':');
  size_t b = a == std::string_view::npos ? a : text.find(':', a + 1);
  if (b == std::string_view::npos || text.find(':', b + 1) != std::string_view::npos)
    return bad("needs exactly three parts");
  NftSetRef r{std::string(text.substr(0, a)), std::string(text.substr(a + 1, b - a - 1)),
              std::string(text.substr(b + 1))};
  if (std::find(std::begin(kFamilies), std::end(kFamilies), r.family) == std::end(kFamilies))
    return bad("unknown family \"" + r.family + "\"");
  if (!ValidName(r.table) || !ValidName(r.set))
    return bad("table and set names are letters, digits, '_', '-' or '.'");
  return r;
}

std::string AddElementsCommand(const NftSetRef &set, std::span<const util::IpAddress> addrs,
                               int timeout_s) {
  std::string cmd = "add element " + set.family + " " + set.table + " " + set.set + " { ";
  for (size_t i = 0; i < addrs.size(); ++i) {
    if (i) cmd += ", ";
    cmd += addrs[i].ToString() + " timeout " + std::to_string(timeout_s) + "s";
  }
  cmd += " }\n";
  return cmd;
}

NftRunner::NftRunner() : ctx_(nft_ctx_new(NFT_CTX_DEFAULT)) {
  if (ctx_) {
    nft_ctx_buffer_output(ctx_);
    nft_ctx_buffer_error(ctx_);
  }
}

NftRunner::~NftRunner() {
  if (ctx_) nft_ctx_free(ctx_);
}

util::Status NftRunner::Run(const std::string &commands) {
  if (!ctx_) return util::Status::Error("libnftables: cannot create a context");
  int rc = nft_run_cmd_from_buffer(ctx_, commands.c_str());
  const char *out = nft_ctx_get_output_buffer(ctx_);
  const char *err = nft_ctx_get_error_buffer(ctx_);
  if (rc != 0) {
    std::string msg = err && *err ? err : "failed";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    return util::Status::Error("nft: " + msg);
  }
  output_ = out ? out : "";
  return util::Status::Ok();
}

BanWriter::BanWriter(const BanWriterOptions &options)
    : options_(options), ring_(std::max<size_t>(1, options.queue_capacity)) {}

util::Result<std::unique_ptr<BanWriter>> BanWriter::Start(const BanWriterOptions &options) {
  if (options.ban_time_s < 1) return util::Status::Error("ban time must be at least 1 s");
  if (options.max_adds_per_s <= 0) return util::Status::Error("nft add rate must be positive");
  std::unique_ptr<BanWriter> w(new BanWriter(options));
  for (const NftSetRef *s : {&options.set4, options.set6 ? &*options.set6 : nullptr}) {
    if (!s) continue;
    auto st = w->runner_.Run("list set " + s->family + " " + s->table + " " + s->set + "\n");
    if (!st.ok()) return util::Status::Error("nft set " + s->ToString() + ": " + st.message());
    if (w->runner_.output().find("timeout") == std::string::npos)
      return util::Status::Error("nft set " + s->ToString() +
                                 " has no 'flags timeout': bans could never expire");
  }
  w->worker_ = std::thread([p = w.get()] { p->Work(); });
  return w;
}

BanWriter::~BanWriter() { Stop(); }

bool BanWriter::Enqueue(const util::IpAddress &addr) {
  std::lock_guard<std::mutex> lock(mu_);
  if (addr.is_v6() && !options_.set6) {
    ++stats_.no_set;
    return false;
  }
  if (stopping_ || size_ == ring_.size() || addr.empty()) {
    ++stats_.queue_full;
    return false;
  }
  ring_[(head_ + size_) % ring_.size()] = addr;
  ++size_;
  ++stats_.requested;
  cv_.notify_one();
  return true;
}

void BanWriter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_one();
  if (worker_.joinable()) worker_.join();
}

BanWriterStats BanWriter::stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  return stats_;
}

void BanWriter::Work() {
  using Clock = std::chrono::steady_clock;
  const double rate = options_.max_adds_per_s;
  const double burst = std::max(1.0, rate);
  double tokens = burst;
  auto last = Clock::now();
  std::vector<util::IpAddress> v4, v6;
  v4.reserve(ring_.size());
  v6.reserve(ring_.size());
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [&] { return stopping_ || size_ > 0; });
    if (size_ == 0) return;  // stopping and drained
    auto now = Clock::now();
    tokens = std::min(burst, tokens + std::chrono::duration<double>(now - last).count() * rate);
    last = now;
    if (tokens < 1 && !stopping_) {  // wait for the next token (a stop flushes at once)
      auto wait = std::chrono::duration<double>((1 - tokens) / rate);
      lock.unlock();
      std::this_thread::sleep_for(wait);
      lock.lock();
      continue;
    }
    size_t n = stopping_ ? size_ : std::min<size_t>(size_, size_t(tokens));
    v4.clear();
    v6.clear();
    for (size_t i = 0; i < n; ++i) {
      const util::IpAddress &a = ring_[(head_ + i) % ring_.size()];
      (a.is_v6() ? v6 : v4).push_back(a);
    }
    head_ = (head_ + n) % ring_.size();
    size_ -= n;
    tokens -= double(n);
    lock.unlock();
    util::Status st4, st6;
    if (!v4.empty()) st4 = runner_.Run(AddElementsCommand(options_.set4, v4, options_.ban_time_s));
    if (!v6.empty()) st6 = runner_.Run(AddElementsCommand(*options_.set6, v6, options_.ban_time_s));
    lock.lock();
    (st4.ok() ? stats_.added : stats_.failed) += v4.size();
    (st6.ok() ? stats_.added : stats_.failed) += v6.size();
    if (!st4.ok()) stats_.last_error = st4.message();
    if (!st6.ok()) stats_.last_error = st6.message();
  }
}

}  // namespace mitigate
