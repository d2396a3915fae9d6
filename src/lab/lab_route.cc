#include "lab/lab_route.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "lab/netns.h"
#include "sim/network.h"

namespace lab {
namespace {

constexpr size_t kBufSize = 32768;

struct RouteRequest {
  nlmsghdr nh;
  rtmsg rt;
  char attrs[64];
};

// A NETLINK_ROUTE socket in the calling thread's namespace; -1 on failure.
int OpenRtnl() {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return -1;
  timeval tv{2, 0};  // a kernel answer never takes this long; never hang
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

bool SendRequest(int fd, RouteRequest *req) {
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  return sendto(fd, req, req->nh.nlmsg_len, 0, reinterpret_cast<sockaddr *>(&kernel),
                sizeof kernel) == ssize_t(req->nh.nlmsg_len);
}

// Walks the attributes of one route message: the outgoing interface index.
int RouteOif(const nlmsghdr *h) {
  const rtmsg *rt = static_cast<const rtmsg *>(NLMSG_DATA(h));
  int len = int(RTM_PAYLOAD(h));
  for (const rtattr *a = RTM_RTA(rt); RTA_OK(a, len); a = RTA_NEXT(a, len))
    if (a->rta_type == RTA_OIF) return *static_cast<const int *>(RTA_DATA(a));
  return 0;
}

// Whether the namespace holds an IPv4 default route (dst/0 of a unicast type)
// in any table.
util::Result<bool> HasDefaultRoute(int fd) {
  RouteRequest req{};
  req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg));
  req.nh.nlmsg_type = RTM_GETROUTE;
  req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  req.nh.nlmsg_seq = 1;
  req.rt.rtm_family = AF_INET;
  if (!SendRequest(fd, &req))
    return util::Status::Error(std::string("rtnetlink dump: ") + std::strerror(errno));
  std::vector<char> buf(kBufSize);
  bool found = false;
  while (true) {
    ssize_t n = recv(fd, buf.data(), buf.size(), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return util::Status::Error(std::string("rtnetlink dump: ") + std::strerror(errno));
    int len = int(n);
    for (nlmsghdr *h = reinterpret_cast<nlmsghdr *>(buf.data()); NLMSG_OK(h, len);
         h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_type == NLMSG_DONE) return found;
      if (h->nlmsg_type == NLMSG_ERROR)
        return util::Status::Error(
            "rtnetlink dump: " +
            std::string(std::strerror(-static_cast<nlmsgerr *>(NLMSG_DATA(h))->error)));
      if (h->nlmsg_type != RTM_NEWROUTE) continue;
      const rtmsg *rt = static_cast<const rtmsg *>(NLMSG_DATA(h));
      if (rt->rtm_family == AF_INET && rt->rtm_dst_len == 0 && rt->rtm_type == RTN_UNICAST)
        found = true;
    }
  }
}

util::Result<LabRoute> RouteTo(int fd, uint32_t target) {
  RouteRequest req{};
  req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(rtmsg));
  req.nh.nlmsg_type = RTM_GETROUTE;
  req.nh.nlmsg_flags = NLM_F_REQUEST;
  req.nh.nlmsg_seq = 2;
  req.rt.rtm_family = AF_INET;
  req.rt.rtm_dst_len = 32;
  rtattr *a =
      reinterpret_cast<rtattr *>(reinterpret_cast<char *>(&req) + NLMSG_ALIGN(req.nh.nlmsg_len));
  a->rta_type = RTA_DST;
  a->rta_len = RTA_LENGTH(4);
  const uint32_t dst = htonl(target);
  std::memcpy(RTA_DATA(a), &dst, 4);
  req.nh.nlmsg_len = NLMSG_ALIGN(req.nh.nlmsg_len) + RTA_ALIGN(a->rta_len);
  if (!SendRequest(fd, &req))
    return util::Status::Error(std::string("rtnetlink get: ") + std::strerror(errno));
  std::vector<char> buf(kBufSize);
  ssize_t n;
  do n = recv(fd, buf.data(), buf.size(), 0);
  while (n < 0 && errno == EINTR);
  if (n <= 0) return util::Status::Error(std::string("rtnetlink get: ") + std::strerror(errno));
  int len = int(n);
  for (nlmsghdr *h = reinterpret_cast<nlmsghdr *>(buf.data()); NLMSG_OK(h, len);
       h = NLMSG_NEXT(h, len)) {
    if (h->nlmsg_type == NLMSG_ERROR) {
      int err = -static_cast<nlmsgerr *>(NLMSG_DATA(h))->error;
      return util::Status::Error(std::string("no route (") + std::strerror(err) + ")");
    }
    if (h->nlmsg_type != RTM_NEWROUTE) continue;
    const rtmsg *rt = static_cast<const rtmsg *>(NLMSG_DATA(h));
    if (rt->rtm_type != RTN_UNICAST && rt->rtm_type != RTN_LOCAL)
      return util::Status::Error("route of type " + std::to_string(rt->rtm_type) +
                                 " (not unicast or local)");
    char name[IF_NAMESIZE] = {};
    int oif = RouteOif(h);
    if (oif <= 0 || if_indextoname(unsigned(oif), name) == nullptr)
      return util::Status::Error("route without an outgoing interface");
    LabRoute r;
    r.interface = name;
    r.local = rt->rtm_type == RTN_LOCAL;
    return r;
  }
  return util::Status::Error("no route in the kernel's answer");
}

}  // namespace

util::Result<LabRoute> CheckLabRoute(const std::string &netns, uint32_t target) {
  const std::string what =
      "refusing target " + sim::Ipv4ToString(target) + " in namespace " + netns + ": ";
  util::Result<LabRoute> result = util::Status::Error(what + "not checked");
  // setns moves only the calling thread: a helper thread keeps ours where it
  // is.
  std::thread helper([&] {
    if (util::Status st = EnterNetns(netns); !st.ok()) {
      result = util::Status::Error(what + st.message());
      return;
    }
    int fd = OpenRtnl();
    if (fd < 0) {
      result = util::Status::Error(what + "rtnetlink socket: " + std::strerror(errno));
      return;
    }
    util::Result<bool> def = HasDefaultRoute(fd);
    if (!def.ok()) {
      result = util::Status::Error(what + def.status().message());
    } else if (*def) {
      result =
          util::Status::Error(what + "the namespace has a default route (a lab has no route out)");
    } else {
      util::Result<LabRoute> r = RouteTo(fd, target);
      result = r.ok() ? std::move(r) : util::Status::Error(what + r.status().message());
    }
    close(fd);
  });
  helper.join();
  return result;
}

}  // namespace lab
