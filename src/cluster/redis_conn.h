// One blocking hiredis connection, used by a single worker thread. Every call has a timeout,
// so a slow or vanished Redis costs the worker time, never the packet path.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/redis_url.h"
#include "util/status.h"

struct redisContext;
struct redisReply;

namespace cluster {

struct ReplyDeleter {
  void operator()(redisReply* r) const;
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

class RedisConn {
 public:
  RedisConn() = default;
  ~RedisConn();
  RedisConn(const RedisConn&) = delete;
  RedisConn& operator=(const RedisConn&) = delete;
  RedisConn(RedisConn&& o) noexcept : ctx_(o.ctx_), where_(std::move(o.where_)) {
    o.ctx_ = nullptr;
  }

  // Connects (and SELECTs the database), each step bounded by timeout_ms.
  util::Status Connect(const RedisEndpoint& ep, int timeout_ms);
  void Close();
  bool connected() const { return ctx_ != nullptr; }

  // Queues one command (binary-safe arguments) without sending it.
  void Append(const std::vector<std::string_view>& args);
  // Sends what is queued and reads one reply; an error reply (-ERR) is returned as a reply.
  // A broken connection closes it and returns the error.
  util::Result<Reply> Read();
  // Append + Read.
  util::Result<Reply> Command(const std::vector<std::string_view>& args);
  // For subscribers: waits up to timeout_ms for one pushed reply; a null reply when none came.
  util::Result<Reply> Poll(int timeout_ms);

 private:
  util::Status Broken(const std::string& what);
  redisContext* ctx_ = nullptr;
  std::string where_;
};

}  // namespace cluster
