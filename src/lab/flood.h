// `sipddos flood`: a real UDP INVITE flood for tests and the lab (lab/target.h:
// loopback, or inside a lab namespace). Message k leaves at start + k / rate
// (lab/pacer.h) from source k mod sources: on loopback a pool of sockets bound
// to 127.x.y.z addresses chosen by the spoofing mode (lab/loopback_sources.h);
// in a lab namespace the simulator's own spoofed addresses, forged through a
// raw socket (lab/raw_sender.h). Its text is the simulator's attacker INVITE
// (lab/attack_messages.h). docs/flood.md.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "dataset/attack_label.h"
#include "lab/source_sockets.h"
#include "lab/target.h"
#include "util/status.h"
#include "util/time_format.h"

namespace lab {

struct FloodOptions {
  Endpoint target;
  double rate = 100;       // INVITE/s, 1..100000
  double duration_s = 10;  // > 0
  dataset::Tool attack = dataset::Tool::kMrSip;
  dataset::Spoofing spoof = dataset::Spoofing::kRandom;
  int sources = 100;  // sockets in the pool, each with its own address
  uint64_t seed = 1;  // same seed: same addresses, same message texts
  // -1: the tool's habit (Mr.SIP: one random port per run, drawn from the seed;
  // mimic: 5060); 0: a kernel-chosen port per socket; else that port.
  int source_port = -1;
  std::string netns;  // "" or a project namespace "sipddos-..." to send from
};

struct FloodStats {
  int64_t sent = 0;         // datagrams the kernel accepted
  int64_t send_errors = 0;  // sendto failures (first one in first_error)
  std::string first_error;
  int sources = 0;           // sockets opened
  int port_fallbacks = 0;    // sockets whose wanted port was taken
  util::Micros elapsed = 0;  // start of the schedule to the end of the run
  bool interrupted = false;  // stopped by *stop (SIGINT/SIGTERM) before the duration
  double rate() const { return elapsed > 0 ? double(sent) * 1e6 / double(elapsed) : 0; }
};

// Command-line errors (target refused, out-of-range values): checked before
// anything is opened.
util::Status ValidateFloodOptions(const FloodOptions &o);

// Runs the flood until the duration ends or *stop turns true (may be null).
// Validates first: on a refused target it returns the error having opened and
// sent nothing. *stats is filled (also on error, with what happened up to it).
util::Status RunFlood(const FloodOptions &o, const std::atomic<bool> *stop, FloodStats *stats);

// A lab flood's sources (IsLabTarget) in the order message k uses them
// (k mod size), fd -1: deterministic in the options, so that the lab can
// rebuild every message it sent (AttackMessages) for its ground truth.
util::Result<std::vector<SourceSocket>> LabFloodSources(const FloodOptions &o);

// "sent 1000 INVITEs in 10.000 s: 100.0/s (nominal 100/s) from 100 sources"
std::string FormatSummary(const FloodOptions &o, const FloodStats &s);

}  // namespace lab
