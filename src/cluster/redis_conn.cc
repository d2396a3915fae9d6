#include "cluster/redis_conn.h"

#include <hiredis/hiredis.h>
#include <poll.h>

namespace cluster {

void ReplyDeleter::operator()(redisReply* r) const { freeReplyObject(r); }

RedisConn::~RedisConn() { Close(); }

void RedisConn::Close() {
  if (ctx_) redisFree(ctx_);
  ctx_ = nullptr;
}

util::Status RedisConn::Broken(const std::string& what) {
  std::string msg = where_ + ": " + what;
  if (ctx_ && ctx_->err) msg += ": " + std::string(ctx_->errstr);
  Close();
  return util::Status::Error(msg);
}

util::Status RedisConn::Connect(const RedisEndpoint& ep, int timeout_ms) {
  Close();
  where_ = ep.ToString();
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ctx_ = redisConnectWithTimeout(ep.host.c_str(), ep.port, tv);
  if (!ctx_) return util::Status::Error(where_ + ": cannot allocate a connection");
  if (ctx_->err) return Broken("connect");
  if (redisSetTimeout(ctx_, tv) != REDIS_OK) return Broken("set timeout");
  if (ep.db != 0) {
    std::string db = std::to_string(ep.db);
    auto r = Command({"SELECT", db});
    if (!r.ok()) return r.status();
    if ((*r)->type == REDIS_REPLY_ERROR) return Broken("SELECT " + db + ": " + (*r)->str);
  }
  return util::Status::Ok();
}

void RedisConn::Append(const std::vector<std::string_view>& args) {
  if (!ctx_) return;
  const char* argv[16];
  size_t lens[16];
  int n = 0;
  for (auto a : args) {
    if (n == 16) break;
    argv[n] = a.data();
    lens[n++] = a.size();
  }
  redisAppendCommandArgv(ctx_, n, argv, lens);
}

util::Result<Reply> RedisConn::Read() {
  if (!ctx_) return util::Status::Error(where_ + ": not connected");
  void* r = nullptr;
  if (redisGetReply(ctx_, &r) != REDIS_OK || !r) return Broken("read");
  return Reply(static_cast<redisReply*>(r));
}

util::Result<Reply> RedisConn::Command(const std::vector<std::string_view>& args) {
  Append(args);
  return Read();
}

util::Result<Reply> RedisConn::Poll(int timeout_ms) {
  if (!ctx_) return util::Status::Error(where_ + ": not connected");
  void* r = nullptr;
  if (redisGetReplyFromReader(ctx_, &r) != REDIS_OK) return Broken("protocol");
  if (r) return Reply(static_cast<redisReply*>(r));
  pollfd p{ctx_->fd, POLLIN, 0};
  int n = ::poll(&p, 1, timeout_ms);
  if (n < 0) return Reply();  // EINTR: try again later
  if (n == 0) return Reply();
  if (redisBufferRead(ctx_) != REDIS_OK) return Broken("read");
  if (redisGetReplyFromReader(ctx_, &r) != REDIS_OK) return Broken("protocol");
  return Reply(static_cast<redisReply*>(r));
}

}  // namespace cluster
