#include "mitigate/nfqueue.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libnetfilter_queue/libnetfilter_queue.h>
#include <linux/netfilter.h>
#include <linux/netlink.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstring>
#include <string>

namespace mitigate {
namespace {

int Callback(nfq_q_handle *qh, nfgenmsg *msg, nfq_data *nfa, void *data) {
  return static_cast<NfQueue *>(data)->OnPacket(qh, msg, nfa);
}

std::string Errno(const std::string &what) { return what + ": " + std::strerror(errno); }

}  // namespace

NfQueue::NfQueue(const NfQueueOptions &options, Handler handler)
    : options_(options), handler_(std::move(handler)), buffer_(256 * 1024) {}

util::Result<std::unique_ptr<NfQueue>> NfQueue::Open(const NfQueueOptions &options,
                                                     Handler handler) {
  std::unique_ptr<NfQueue> q(new NfQueue(options, std::move(handler)));
  const std::string name = "NFQUEUE " + std::to_string(options.queue_num);
  q->h_ = nfq_open();
  if (!q->h_) return util::Status::Error(Errno(name + ": cannot open netlink (needs root)"));
  // Pre-3.8 kernels need the protocol families bound; newer ones ignore this.
  nfq_bind_pf(q->h_, AF_INET);
  nfq_bind_pf(q->h_, AF_INET6);
  q->qh_ = nfq_create_queue(q->h_, options.queue_num, &Callback, q.get());
  if (!q->qh_)
    return util::Status::Error(Errno(name + ": cannot bind (needs CAP_NET_ADMIN; another "
                                            "process may hold the queue)"));
  if (nfq_set_mode(q->qh_, NFQNL_COPY_PACKET, 0xffff) < 0)
    return util::Status::Error(Errno(name + ": cannot set copy-packet mode"));
  nfq_set_queue_maxlen(q->qh_, options.max_len);
  if (nfq_set_queue_flags(q->qh_, NFQA_CFG_F_FAIL_OPEN, NFQA_CFG_F_FAIL_OPEN) < 0)
    return util::Status::Error(Errno(name + ": kernel refuses NFQA_CFG_F_FAIL_OPEN"));
  q->fd_ = nfq_fd(q->h_);
  nfnl_rcvbufsiz(nfq_nfnlh(q->h_), options.receive_buffer);
  int on = 1;  // overflow shows as a counter, not as a socket error
  setsockopt(q->fd_, SOL_NETLINK, NETLINK_NO_ENOBUFS, &on, sizeof on);
  return q;
}

NfQueue::~NfQueue() {
  if (qh_) nfq_destroy_queue(qh_);
  if (h_) nfq_close(h_);
}

int NfQueue::OnPacket(nfq_q_handle *qh, nfgenmsg *, nfq_data *nfa) {
  const nfqnl_msg_packet_hdr *ph = nfq_get_msg_packet_hdr(nfa);
  if (!ph) return 0;
  const uint32_t id = ntohl(ph->packet_id);
  unsigned char *data = nullptr;
  int len = nfq_get_payload(nfa, &data);
  timeval tv{};
  util::Micros now = nfq_get_timestamp(nfa, &tv) == 0 && tv.tv_sec > 0
                         ? util::Micros(tv.tv_sec) * 1'000'000 + tv.tv_usec
                         : util::NowMicros();
  stats_.packets.fetch_add(1, std::memory_order_relaxed);
  Verdict v =
      len > 0 ? handler_(std::span<const uint8_t>(data, size_t(len)), now) : Verdict::kAccept;
  if (v == Verdict::kAccept) {
    stats_.accepted.fetch_add(1, std::memory_order_relaxed);
    pending_accept_id_ = id;
    if (++pending_accepts_ >= options_.max_batch) FlushAccepts();
  } else {
    stats_.dropped.fetch_add(1, std::memory_order_relaxed);
    FlushAccepts();  // earlier accepts first: a batch verdict covers every id up
                     // to its own
    nfq_set_verdict(qh, id, NF_DROP, 0, nullptr);
    stats_.verdict_messages.fetch_add(1, std::memory_order_relaxed);
  }
  return 0;
}

void NfQueue::FlushAccepts() {
  if (pending_accepts_ == 0) return;
  nfq_set_verdict_batch(qh_, pending_accept_id_, NF_ACCEPT);
  stats_.verdict_messages.fetch_add(1, std::memory_order_relaxed);
  pending_accepts_ = 0;
}

util::Status NfQueue::Run(const std::function<void(util::Micros)> &idle) {
  util::Micros next_idle = util::NowMicros() + options_.idle_every;
  const int timeout_ms = int(std::max<util::Micros>(1, options_.idle_every / 1000));
  while (!stop_.load(std::memory_order_relaxed)) {
    ssize_t n = recv(fd_, buffer_.data(), buffer_.size(), MSG_DONTWAIT);
    if (n >= 0) {
      nfq_handle_packet(h_, buffer_.data(), int(n));
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      FlushAccepts();  // nothing more waiting: tell the kernel now
      pollfd p{fd_, POLLIN, 0};
      poll(&p, 1, timeout_ms);
    } else if (errno == ENOBUFS) {
      stats_.overruns.fetch_add(1, std::memory_order_relaxed);
    } else if (errno != EINTR) {
      FlushAccepts();
      return util::Status::Error(Errno("NFQUEUE " + std::to_string(options_.queue_num) + ": recv"));
    }
    util::Micros now = util::NowMicros();
    if (now >= next_idle) {
      if (idle) idle(now);
      next_idle = now + options_.idle_every;
    }
  }
  FlushAccepts();
  return util::Status::Ok();
}

}  // namespace mitigate
