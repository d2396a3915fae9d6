#include "cluster/redis_alerts.h"

#include <hiredis/hiredis.h>

#include <vector>

#include "cluster/redis_conn.h"
#include "util/time_format.h"

namespace cluster {
namespace {

constexpr size_t kBatch = 256;
constexpr int kIoTimeoutMs = 500;

}  // namespace

std::unique_ptr<RedisAlertWriter> RedisAlertWriter::Start(const RedisAlertTarget& target,
                                                          size_t capacity) {
  std::unique_ptr<RedisAlertWriter> w(new RedisAlertWriter(target, capacity));
  w->worker_ = std::thread([p = w.get()] { p->Work(); });
  return w;
}

RedisAlertWriter::RedisAlertWriter(const RedisAlertTarget& target, size_t capacity)
    : target_(target), capacity_(capacity) {}

RedisAlertWriter::~RedisAlertWriter() { Stop(0); }

bool RedisAlertWriter::Write(std::string line) {
  {
    std::lock_guard<std::mutex> l(mu_);
    if (stopping_ || queue_.size() >= capacity_) {
      stats_.dropped.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    queue_.push_back(std::move(line));
  }
  cv_.notify_one();
  return true;
}

void RedisAlertWriter::Stop(int flush_ms) {
  if (!worker_.joinable()) return;
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
    deadline_us_ = util::NowMicros() + int64_t(flush_ms) * 1000;
  }
  cv_.notify_one();
  sleep_.Stop();
  worker_.join();
  std::lock_guard<std::mutex> l(mu_);
  stats_.dropped.fetch_add(queue_.size(), std::memory_order_relaxed);
  queue_.clear();
}

void RedisAlertWriter::Work() {
  RedisConn conn;
  Backoff backoff(100, 5000);
  bool ever = false, warned = false;
  const char* verb = target_.channel ? "PUBLISH" : "RPUSH";
  std::vector<std::string> batch;
  for (;;) {
    {
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait_for(l, std::chrono::milliseconds(100), [&] { return stopping_ || !queue_.empty(); });
      if (stopping_ && (queue_.empty() || util::NowMicros() >= deadline_us_)) return;
      if (queue_.empty()) continue;
    }
    if (!conn.connected()) {
      auto st = conn.Connect(target_.endpoint, kIoTimeoutMs);
      if (!st.ok()) {
        if (!warned)
          std::fprintf(stderr, "sipddos alerts: %s (retrying; alerts are queued)\n",
                       st.message().c_str());
        warned = true;
        if (!sleep_.SleepFor(backoff.Next())) {
          std::lock_guard<std::mutex> l(mu_);
          if (util::NowMicros() >= deadline_us_) return;
        }
        continue;
      }
      if (ever) stats_.reconnects.fetch_add(1, std::memory_order_relaxed);
      ever = true;
      warned = false;
      backoff.Reset();
    }
    batch.clear();
    {
      std::lock_guard<std::mutex> l(mu_);
      for (size_t i = 0; i < kBatch && i < queue_.size(); ++i) batch.push_back(queue_[i]);
    }
    for (const auto& line : batch) conn.Append({verb, target_.name, line});
    bool ok = true;
    for (size_t i = 0; i < batch.size() && ok; ++i) ok = conn.Read().ok();
    if (!ok) continue;  // still queued: sent again after reconnect
    std::lock_guard<std::mutex> l(mu_);
    // Only this thread pops, so the front is still the batch.
    for (size_t i = 0; i < batch.size(); ++i) queue_.pop_front();
    stats_.written.fetch_add(batch.size(), std::memory_order_relaxed);
  }
}

std::string RedisAlertWriter::RenderPrometheus() const {
  auto line = [](const char* name, const char* help, uint64_t v) {
    return std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " counter\n" + name +
           " " + std::to_string(v) + "\n";
  };
  return line("sipddos_alerts_redis_written_total", "EVE lines Redis accepted.",
              stats_.written.load(std::memory_order_relaxed)) +
         line("sipddos_alerts_redis_dropped_total",
              "EVE lines dropped: the queue towards Redis was full.",
              stats_.dropped.load(std::memory_order_relaxed)) +
         line("sipddos_alerts_redis_reconnects_total", "Connections to Redis re-established.",
              stats_.reconnects.load(std::memory_order_relaxed));
}

// ---- stdio stream ----

namespace {

struct StreamCookie {
  std::shared_ptr<RedisAlertWriter> writer;
  std::string partial;
};

ssize_t StreamWrite(void* c, const char* buf, size_t size) {
  auto* s = static_cast<StreamCookie*>(c);
  s->partial.append(buf, size);
  size_t start = 0, nl;
  while ((nl = s->partial.find('\n', start)) != std::string::npos) {
    if (nl > start) s->writer->Write(s->partial.substr(start, nl - start));
    start = nl + 1;
  }
  s->partial.erase(0, start);
  return ssize_t(size);
}

int StreamClose(void* c) {
  auto* s = static_cast<StreamCookie*>(c);
  if (!s->partial.empty()) s->writer->Write(std::move(s->partial));
  s->writer->Stop();
  delete s;
  return 0;
}

}  // namespace

util::Result<FILE*> OpenRedisAlertStream(const std::string& url,
                                         std::shared_ptr<RedisAlertWriter>* writer) {
  auto target = ParseRedisAlertTarget(url);
  if (!target.ok()) return target.status();
  auto* cookie =
      new StreamCookie{std::shared_ptr<RedisAlertWriter>(RedisAlertWriter::Start(*target)), {}};
  cookie_io_functions_t io{};
  io.write = StreamWrite;
  io.close = StreamClose;
  FILE* f = fopencookie(cookie, "w", io);
  if (!f) {
    delete cookie;
    return util::Status::Error(url + ": cannot open a stream");
  }
  *writer = cookie->writer;
  return f;
}

}  // namespace cluster
