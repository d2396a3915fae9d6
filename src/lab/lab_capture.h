// The lab's capture: libpcap on every interface of the server's namespace ("any"), filter
// "udp port 5060", each datagram written to a classic pcap (capture::PcapWriter, Ethernet
// framing) with the kernel's receive time. It runs in a thread of its own that enters the
// namespace; the file appears only when Stop() succeeds (written to a temporary, renamed).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "capture/packet_source.h"
#include "util/status.h"

namespace lab {

class LabCapture {
 public:
  LabCapture() = default;
  ~LabCapture();  // stops the thread; without a successful Stop() no file is left
  LabCapture(const LabCapture&) = delete;
  LabCapture& operator=(const LabCapture&) = delete;

  // Opens the capture inside `netns` and starts writing `path`; returns once the capture is
  // open (so that nothing sent afterwards is missed) or failed.
  util::Status Start(const std::string& netns, const std::string& path);
  // Stops capturing, closes and renames the file into place.
  util::Status Stop();

  uint64_t packets() const { return packets_; }
  uint64_t kernel_drops() const { return kernel_drops_; }

 private:
  void Run(const std::string& netns, const std::string& path);
  void Interrupt();

  std::thread thread_;
  std::mutex mu_;  // guards source_: Stop() interrupts it while the thread may be ending
  capture::PacketSource* source_ = nullptr;
  std::atomic<bool> ready_{false}, stop_{false};
  std::atomic<bool> keep_{false};  // Stop() keeps the file; the destructor does not
  util::Status status_;  // the thread's outcome, read after join
  uint64_t packets_ = 0, kernel_drops_ = 0;
};

}  // namespace lab
