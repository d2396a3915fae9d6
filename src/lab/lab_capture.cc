#include "lab/lab_capture.h"

#include <chrono>

#include "capture/pcap_writer.h"
#include "lab/netns.h"

namespace lab {

util::Status LabCapture::Start(const std::string& netns, const std::string& path) {
  if (thread_.joinable()) return util::Status::Error("capture already started");
  ready_ = false;
  stop_ = false;
  thread_ = std::thread([this, netns, path] { Run(netns, path); });
  while (!ready_) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  if (!status_.ok()) {
    thread_.join();
    return status_;
  }
  return util::Status::Ok();
}

void LabCapture::Run(const std::string& netns, const std::string& path) {
  auto fail = [&](util::Status st) {
    status_ = std::move(st);
    ready_ = true;
  };
  if (util::Status st = EnterNetns(netns); !st.ok()) return fail(st);
  capture::LiveOptions options;
  options.timeout_ms = 50;
  auto source = capture::OpenLive("any", "udp port 5060", options);
  if (!source.ok()) return fail(source.status());
  auto writer = capture::PcapWriter::Create(path);
  if (!writer.ok()) return fail(writer.status());
  {
    std::lock_guard<std::mutex> lock(mu_);
    source_ = source->get();
    if (stop_) source_->Interrupt();  // a Stop() that came first
  }
  ready_ = true;
  capture::Datagram d;
  util::Status st;
  while (true) {
    auto more = (*source)->Next(&d);
    if (!more.ok()) {
      st = more.status();
      break;
    }
    if (!*more) break;
    if (d.transport != capture::Transport::kUdp) continue;
    if (st = writer->WriteUdp(d.ts, d.src, d.sport, d.dst, d.dport, d.payload); !st.ok()) break;
  }
  packets_ = writer->packets();
  kernel_drops_ = (*source)->stats().kernel_drops;
  {
    std::lock_guard<std::mutex> lock(mu_);
    source_ = nullptr;
  }
  if (st.ok() && keep_) {
    st = writer->Close();
  } else if (st.ok() && !stop_) {
    st = util::Status::Error("capture ended before it was stopped");
  }              // else: dropped by the destructor, the writer removes its temporary
  status_ = st;  // on error the writer's destructor removes the temporary
}

void LabCapture::Interrupt() {
  stop_ = true;
  std::lock_guard<std::mutex> lock(mu_);
  if (source_) source_->Interrupt();
}

util::Status LabCapture::Stop() {
  if (!thread_.joinable()) return status_;
  keep_ = true;
  Interrupt();
  thread_.join();
  return status_;
}

LabCapture::~LabCapture() {
  if (thread_.joinable()) {
    Interrupt();
    thread_.join();
  }
}

}  // namespace lab
