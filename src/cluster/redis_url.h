// Redis endpoints as URLs: `redis://HOST:PORT[/DB]` for shared decisions, and for alerts
// `redis://HOST:PORT/KEY` (RPUSH onto list KEY, as Suricata's EVE redis output) or
// `redis://HOST:PORT/channel/NAME` (PUBLISH on channel NAME).
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace cluster {

struct RedisEndpoint {
  std::string host = "127.0.0.1";
  int port = 6379;
  int db = 0;
  std::string ToString() const;  // redis://HOST:PORT/DB
};

struct RedisAlertTarget {
  RedisEndpoint endpoint;
  std::string name;      // list key or channel
  bool channel = false;  // PUBLISH instead of RPUSH
};

bool IsRedisUrl(std::string_view text);  // starts with redis://
util::Result<RedisEndpoint> ParseRedisEndpoint(std::string_view url);
util::Result<RedisAlertTarget> ParseRedisAlertTarget(std::string_view url);

}  // namespace cluster
