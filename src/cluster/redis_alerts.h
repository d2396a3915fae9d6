// `--alerts redis://HOST:PORT/KEY` (RPUSH onto a list, as Suricata's EVE redis output) or
// `redis://HOST:PORT/channel/NAME` (PUBLISH): EVE lines go into a bounded queue that a worker
// thread sends to Redis, pipelined, reconnecting with backoff. Writing never waits for Redis:
// when the queue is full the line is dropped and counted.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "cluster/backoff.h"
#include "cluster/redis_url.h"
#include "util/status.h"

namespace cluster {

struct RedisAlertStats {
  std::atomic<uint64_t> written{0};  // lines Redis accepted
  std::atomic<uint64_t> dropped{0};  // lines refused: queue full, or still queued at Stop
  std::atomic<uint64_t> reconnects{0};
};

class RedisAlertWriter {
 public:
  static std::unique_ptr<RedisAlertWriter> Start(const RedisAlertTarget& target,
                                                 size_t capacity = 10000);
  ~RedisAlertWriter();  // Stop()
  // One EVE line, without its newline. Never blocks on Redis; false when dropped.
  bool Write(std::string line);
  // Sends what is queued for up to flush_ms, counts the rest as dropped, ends the worker.
  void Stop(int flush_ms = 1000);
  const RedisAlertStats& stats() const { return stats_; }
  std::string RenderPrometheus() const;  // sipddos_alerts_redis_*

 private:
  RedisAlertWriter(const RedisAlertTarget& target, size_t capacity);
  void Work();

  RedisAlertTarget target_;
  size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;
  bool stopping_ = false;
  int64_t deadline_us_ = 0;
  StopSignal sleep_;
  RedisAlertStats stats_;
  std::thread worker_;
};

// A stdio stream whose lines go to `writer` (for code that writes EVE to a FILE*); fclose
// stops the writer. *writer is shared so that metrics can still read its counters.
util::Result<FILE*> OpenRedisAlertStream(const std::string& url,
                                         std::shared_ptr<RedisAlertWriter>* writer);

}  // namespace cluster
