#include "cli/detect_signals.h"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace cli {
namespace {

std::atomic<capture::PacketSource*> g_source{nullptr};
std::atomic<mitigate::NfQueue*> g_queue{nullptr};
std::atomic<ReplayPacer*> g_pacer{nullptr};
volatile sig_atomic_t g_stop = 0;
volatile sig_atomic_t g_reopen = 0;

pthread_t g_capture_thread;
std::atomic<bool> g_have_capture_thread{false};

extern "C" void OnStopSignal(int sig) {
  g_stop = 1;
  // Threads started before main (libtorch builds: its BLAS pool) do not block the stop signals;
  // one that takes the signal hands it on, so a read blocked in the capture thread returns EINTR.
  if (g_have_capture_thread.load() && !pthread_equal(pthread_self(), g_capture_thread))
    pthread_kill(g_capture_thread, sig);
  if (auto* s = g_source.load()) s->Interrupt();
  if (auto* q = g_queue.load()) q->Interrupt();
  if (auto* p = g_pacer.load()) p->Interrupt();
}

extern "C" void OnHangup(int) { g_reopen = 1; }

void Install(int sig, void (*handler)(int), int flags) {
  struct sigaction sa {};
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = flags;
  sigaction(sig, &sa, nullptr);
}

}  // namespace

void InstallDetectSignals() {
  g_capture_thread = pthread_self();
  g_have_capture_thread = true;
  Install(SIGINT, OnStopSignal, 0);
  Install(SIGTERM, OnStopSignal, 0);
  Install(SIGHUP, OnHangup, SA_RESTART);
}

void SetStopTargets(capture::PacketSource* source, mitigate::NfQueue* queue, ReplayPacer* pacer) {
  g_source = source;
  g_queue = queue;
  g_pacer = pacer;
  if (g_stop) {  // a signal that came before the targets existed
    if (source) source->Interrupt();
    if (queue) queue->Interrupt();
  }
}

bool StopRequested() { return g_stop != 0; }

StopSignalsHeld::StopSignalsHeld() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  held_ = pthread_sigmask(SIG_BLOCK, &set, &old_) == 0;
}

void StopSignalsHeld::Release() {
  if (!held_) return;
  held_ = false;
  pthread_sigmask(SIG_SETMASK, &old_, nullptr);
}

bool TakeReopenRequest() {
  if (!g_reopen) return false;
  g_reopen = 0;
  return true;
}

AlertLog::~AlertLog() {
  if (f_ && f_ != stdout) std::fclose(f_);
}

util::Status AlertLog::Open(const std::string& path) {
  path_ = path;
  if (path == "-") {
    f_ = stdout;
    return util::Status::Ok();
  }
  f_ = std::fopen(path.c_str(), "a");  // a log: appended to, like Suricata's eve.json
  if (!f_)
    return util::Status::Error(path + ": cannot open for appending: " + std::strerror(errno));
  return util::Status::Ok();
}

util::Status AlertLog::Reopen() {
  if (f_ == stdout || path_.empty()) return util::Status::Ok();
  FILE* f = std::fopen(path_.c_str(), "a");
  if (!f)
    return util::Status::Error(path_ + ": cannot reopen for appending: " + std::strerror(errno));
  if (f_) std::fclose(f_);
  f_ = f;
  ++reopens_;
  return util::Status::Ok();
}

void AlertLog::Write(const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), f_);
  std::fflush(f_);
}

}  // namespace cli
