#include "cluster/redis_url.h"

#include <charconv>

namespace cluster {
namespace {

constexpr std::string_view kScheme = "redis://";

util::Status Bad(std::string_view url, const std::string& why) {
  return util::Status::Error("redis URL \"" + std::string(url) + "\": " + why);
}

bool ToInt(std::string_view s, int lo, int hi, int* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && *out >= lo && *out <= hi;
}

// Splits "HOST:PORT/rest" (HOST may be [v6]); `rest` is what follows the first '/'.
util::Status ParseAuthority(std::string_view url, RedisEndpoint* ep, std::string_view* rest) {
  if (!IsRedisUrl(url)) return Bad(url, "must start with redis://");
  std::string_view s = url.substr(kScheme.size());
  size_t slash = s.find('/');
  std::string_view auth = s.substr(0, slash);
  *rest = slash == std::string_view::npos ? std::string_view() : s.substr(slash + 1);
  if (auth.find('@') != std::string_view::npos)
    return Bad(url, "credentials in the URL are not supported");
  size_t colon;
  if (!auth.empty() && auth.front() == '[') {
    size_t close = auth.find(']');
    if (close == std::string_view::npos) return Bad(url, "unclosed [");
    ep->host = std::string(auth.substr(1, close - 1));
    colon = close + 1 < auth.size() && auth[close + 1] == ':' ? close + 1 : std::string_view::npos;
    if (colon == std::string_view::npos && close + 1 != auth.size()) return Bad(url, "bad host");
  } else {
    colon = auth.rfind(':');
    ep->host = std::string(auth.substr(0, colon));
  }
  if (ep->host.empty()) return Bad(url, "no host");
  if (colon != std::string_view::npos && !ToInt(auth.substr(colon + 1), 1, 65535, &ep->port))
    return Bad(url, "port must be 1-65535");
  return util::Status::Ok();
}

}  // namespace

std::string RedisEndpoint::ToString() const {
  bool v6 = host.find(':') != std::string::npos;
  return "redis://" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" +
         std::to_string(db);
}

bool IsRedisUrl(std::string_view text) { return text.substr(0, kScheme.size()) == kScheme; }

util::Result<RedisEndpoint> ParseRedisEndpoint(std::string_view url) {
  RedisEndpoint ep;
  std::string_view rest;
  auto st = ParseAuthority(url, &ep, &rest);
  if (!st.ok()) return st;
  if (!rest.empty() && !ToInt(rest, 0, 1 << 20, &ep.db))
    return Bad(url, "the path must be a database number");
  return ep;
}

util::Result<RedisAlertTarget> ParseRedisAlertTarget(std::string_view url) {
  RedisAlertTarget t;
  std::string_view rest;
  auto st = ParseAuthority(url, &t.endpoint, &rest);
  if (!st.ok()) return st;
  constexpr std::string_view kChannel = "channel/";
  if (rest.substr(0, kChannel.size()) == kChannel) {
    t.channel = true;
    rest.remove_prefix(kChannel.size());
  }
  if (rest.empty())
    return Bad(
        url, t.channel ? "no channel name after /channel/" : "no list key (redis://HOST:PORT/KEY)");
  t.name = std::string(rest);
  return t;
}

}  // namespace cluster
