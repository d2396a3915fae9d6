// Block lists: attributable sources go into an nftables named set with a
// timeout, through libnftables, from a worker thread so that nft never delays a
// packet verdict. The packet path only enqueues (bounded, never blocks); the
// worker rate-limits and batches the adds.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "util/ip_address.h"
#include "util/status.h"

struct nft_ctx;  // libnftables

namespace mitigate {

// "FAMILY:TABLE:SET", e.g. "inet:sipddos:banned4". Names are letters, digits,
// '_', '-', '.'.
struct NftSetRef {
  std::string family, table, set;
  static util::Result<NftSetRef> Parse(std::string_view text);
  std::string ToString() const { return family + ":" + table + ":" + set; }
};

// The nft command adding `addrs` to `set`, each with `timeout_s`:
//   add element inet t s { 192.0.2.1 timeout 60s, 192.0.2.7 timeout 60s }
std::string AddElementsCommand(const NftSetRef &set, std::span<const util::IpAddress> addrs,
                               int timeout_s);

// Runs nft commands through libnftables (one context, one thread at a time).
class NftRunner {
 public:
  NftRunner();
  ~NftRunner();
  NftRunner(const NftRunner &) = delete;
  NftRunner &operator=(const NftRunner &) = delete;
  // Runs `commands` (nft syntax); the error names nft's own message.
  util::Status Run(const std::string &commands);
  // Output of the last successful command (e.g. `list set ...`).
  const std::string &output() const { return output_; }

 private:
  ::nft_ctx *ctx_ = nullptr;
  std::string output_;
};

struct BanWriterOptions {
  NftSetRef set4;                 // IPv4 sources
  std::optional<NftSetRef> set6;  // IPv6 sources (not banned without it)
  int ban_time_s = 60;            // element timeout
  double max_adds_per_s = 20;     // adds beyond this rate wait in the queue
  size_t queue_capacity = 1024;   // requests beyond are dropped (counted)
};

struct BanWriterStats {
  uint64_t requested = 0;   // Enqueue calls accepted into the queue
  uint64_t queue_full = 0;  // Enqueue calls refused (queue full)
  uint64_t no_set = 0;      // IPv6 sources without --nft-set6
  uint64_t added = 0;       // elements nft accepted
  uint64_t failed = 0;      // elements whose command failed
  std::string last_error;
};

class BanWriter {
 public:
  // Checks that the sets exist (`list set`), then starts the worker. Call from
  // the network namespace the sets live in (the worker thread inherits it).
  static util::Result<std::unique_ptr<BanWriter>> Start(const BanWriterOptions &options);
  ~BanWriter();  // Stop()

  // Queues `addr` for the set of its family. Never blocks on nft; false when
  // refused.
  bool Enqueue(const util::IpAddress &addr);
  // Adds what is queued (still rate-limited), then ends the worker.
  void Stop();
  BanWriterStats stats() const;

 private:
  explicit BanWriter(const BanWriterOptions &options);
  void Work();

  BanWriterOptions options_;
  NftRunner runner_;  // used by the worker only, after Start
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<util::IpAddress> ring_;  // fixed capacity
  size_t head_ = 0, size_ = 0;
  bool stopping_ = false;
  BanWriterStats stats_;
  std::thread worker_;
};

}  // namespace mitigate
