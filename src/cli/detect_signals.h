// `sipddos detect`'s signals and its alert log. Handlers only set flags and interrupt the packet
// source; the capture thread acts on them (reopens the log, stops):
//   SIGTERM, SIGINT: stop cleanly (flush, end attacks, summary, exit 0). They are installed
//     without SA_RESTART so that a read blocked on a pipe or FIFO returns.
//   SIGHUP: reopen the alert log at its path (after logrotate renamed it), SA_RESTART.
#pragma once

#include <cstdio>
#include <string>

#include "capture/packet_source.h"
#include "cli/replay_pacer.h"
#include "mitigate/nfqueue.h"
#include "util/status.h"

namespace cli {

void InstallDetectSignals();
// What a stop signal interrupts (nullptr: nothing); set while the loop runs.
void SetStopTargets(capture::PacketSource* source, mitigate::NfQueue* queue,
                    ReplayPacer* pacer = nullptr);
bool StopRequested();
// True once per SIGHUP received since the last call.
bool TakeReopenRequest();

// The EVE log: appended to, flushed per line; "-" is stdout (never reopened).
class AlertLog {
 public:
  AlertLog() = default;
  ~AlertLog();
  AlertLog(const AlertLog&) = delete;
  AlertLog& operator=(const AlertLog&) = delete;

  util::Status Open(const std::string& path);
  // Writes to an already open stream (e.g. --alerts redis://...), closed at the end, never
  // reopened.
  void Adopt(FILE* f) { f_ = f; }
  // Closes and opens the path again (a new file when the old one was renamed). On failure the
  // old file stays in use and the error is returned.
  util::Status Reopen();
  void Write(const std::string& line);  // line ends with '\n'
  uint64_t reopens() const { return reopens_; }

 private:
  std::string path_;
  FILE* f_ = nullptr;
  uint64_t reopens_ = 0;
};

}  // namespace cli
