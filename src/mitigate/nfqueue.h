// Inline mode's packet source: an NFQUEUE queue (libnetfilter_queue,
// copy-packet mode). Each packet the kernel queues is handed to a handler,
// whose verdict goes back to the kernel: runs of accepts are sent as one batch
// verdict, a drop at once. The queue is opened with NFQA_CFG_F_FAIL_OPEN, so
// the kernel accepts packets itself when the queue is full; with the rule's
// `bypass` flag it also accepts them when no process listens (sipddos stopped).
// This code only receives packets and returns verdicts: it never sends a packet
// anywhere.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "mitigate/invite_policy.h"
#include "util/status.h"
#include "util/time_format.h"

// libnetfilter_queue's handles (global C structs).
struct nfq_handle;
struct nfq_q_handle;
struct nfq_data;
struct nfgenmsg;

namespace mitigate {

struct NfQueueOptions {
  uint16_t queue_num = 0;
  uint32_t max_len = 8192;            // packets the kernel holds for us (beyond: fail open)
  int receive_buffer = 8 << 20;       // socket receive buffer, bytes
  int max_batch = 64;                 // accepts collected into one batch verdict at most
  util::Micros idle_every = 100'000;  // how often Run calls `idle` without traffic
};

struct NfQueueStats {
  std::atomic<uint64_t> packets{0}, accepted{0}, dropped{0};
  std::atomic<uint64_t> verdict_messages{0};  // batch + single verdicts sent
  std::atomic<uint64_t> overruns{0};          // ENOBUFS: the socket overflowed (kernel failed open)
};

class NfQueue {
 public:
  // Decides one packet (its IP header first) received at `now`.
  using Handler = std::function<Verdict(std::span<const uint8_t> packet, util::Micros now)>;

  // Binds queue options.queue_num (needs CAP_NET_ADMIN in the current network
  // namespace).
  static util::Result<std::unique_ptr<NfQueue>> Open(const NfQueueOptions &options,
                                                     Handler handler);
  ~NfQueue();
  NfQueue(const NfQueue &) = delete;
  NfQueue &operator=(const NfQueue &) = delete;

  // Receives and judges packets until Interrupt() or a socket error. Calls
  // idle(now) at least every idle_every (live clock for the detector's timers).
  util::Status Run(const std::function<void(util::Micros)> &idle);
  // Makes Run return soon; async-signal-safe.
  void Interrupt() { stop_.store(true, std::memory_order_relaxed); }
  const NfQueueStats &stats() const { return stats_; }

  // Called by the library's packet callback (public for it only).
  int OnPacket(::nfq_q_handle *qh, ::nfgenmsg *msg, ::nfq_data *nfa);

 private:
  NfQueue(const NfQueueOptions &options, Handler handler);
  void FlushAccepts();

  NfQueueOptions options_;
  Handler handler_;
  ::nfq_handle *h_ = nullptr;
  ::nfq_q_handle *qh_ = nullptr;
  int fd_ = -1;
  std::vector<char> buffer_;
  uint32_t pending_accept_id_ = 0;  // highest accepted id not yet told to the kernel
  int pending_accepts_ = 0;
  std::atomic<bool> stop_{false};
  NfQueueStats stats_;
};

}  // namespace mitigate
