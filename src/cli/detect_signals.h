// `sipddos detect`'s signals and its alert log. Handlers only set flags and interrupt the packet
// source; the capture thread acts on them (reopens the log, stops):
//   SIGTERM, SIGINT: stop cleanly (flush, end attacks, summary, exit 0). They are installed
//     without SA_RESTART so that a read blocked on a pipe or FIFO returns.
//   SIGHUP: reopen the alert log at its path (after logrotate renamed it), SA_RESTART.
// Only the capture thread may take them: a stop must interrupt its blocked read, and a handler
// run on a worker thread (Redis, metrics, ban writer) would leave that read blocked until the
// next packet. So detect holds them blocked (StopSignalsHeld) while it starts its worker
// threads, which inherit the mask, and releases them on the capture thread alone.
#pragma once

#include <signal.h>

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

// Blocks SIGINT, SIGTERM and SIGHUP in the calling thread (and in every thread it creates
// meanwhile) until Release() or the end of the scope. A signal sent meanwhile stays pending and
// is handled on release.
class StopSignalsHeld {
 public:
  StopSignalsHeld();
  ~StopSignalsHeld() { Release(); }
  StopSignalsHeld(const StopSignalsHeld&) = delete;
  StopSignalsHeld& operator=(const StopSignalsHeld&) = delete;
  void Release();

 private:
  sigset_t old_;
  bool held_ = false;
};
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
