#include "cli/replay_pacer.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace cli {
namespace {

using std::chrono::milliseconds;
using std::chrono::nanoseconds;

// Time moves only when the pacer sleeps (or a test advances it: packet processing time).
class FakeClock : public PacerClock {
 public:
  nanoseconds Now() override { return now; }
  void SleepFor(nanoseconds d) override {
    now += d;
    slept += d;
  }
  nanoseconds now{1'000'000'000}, slept{0};
};

constexpr util::Micros kT0 = 1'700'000'000'000'000;

TEST(ReplayPacer, FollowsCaptureTimeScaledBySpeed) {
  FakeClock clock;
  ReplayPacer pacer(10, clock);
  std::vector<util::Micros> idle;
  auto on_idle = [&](util::Micros t) { idle.push_back(t); };
  pacer.Wait(kT0, on_idle);  // the first packet sets the origin
  EXPECT_EQ(clock.slept, nanoseconds(0));
  pacer.Wait(kT0 + 5'000'000, on_idle);  // 5 s of capture at 10x: 500 ms
  EXPECT_EQ(clock.slept, milliseconds(500));
  // Ticks of 100 ms wall = 1 s of capture each, reported while waiting (not the last one: the
  // packet itself is due then).
  EXPECT_EQ(idle, (std::vector<util::Micros>{kT0 + 1'000'000, kT0 + 2'000'000, kT0 + 3'000'000,
                                             kT0 + 4'000'000}));
  clock.now += milliseconds(200);  // processing ran late: the next packets are already due
  pacer.Wait(kT0 + 6'000'000, on_idle);
  pacer.Wait(kT0 + 4'000'000, on_idle);  // out of order: never waits
  EXPECT_EQ(clock.slept, milliseconds(500));
  pacer.Wait(kT0 + 8'000'000, on_idle);  // due at 800 ms, now is 700 ms
  EXPECT_EQ(clock.slept, milliseconds(600));
}

TEST(ReplayPacer, RealTimeAndNoPacing) {
  FakeClock clock;
  ReplayPacer real(1, clock);
  real.Wait(kT0, nullptr);
  real.Wait(kT0 + 250'000, nullptr);
  EXPECT_EQ(clock.slept, milliseconds(250));
  ReplayPacer fast(0, clock);
  fast.Wait(kT0, nullptr);
  fast.Wait(kT0 + 3'600'000'000, nullptr);
  EXPECT_EQ(clock.slept, milliseconds(250)) << "speed 0 never sleeps";
}

TEST(ReplayPacer, InterruptEndsTheWait) {
  FakeClock clock;
  ReplayPacer pacer(1, clock);
  pacer.Wait(kT0, nullptr);
  int ticks = 0;
  pacer.Wait(kT0 + 50'000'000, [&](util::Micros) {
    if (++ticks == 3) pacer.Interrupt();  // as the SIGINT handler does
  });
  EXPECT_EQ(ticks, 3);
  EXPECT_EQ(clock.slept, milliseconds(300));
}

TEST(ReplayPacer, GapsLongerThanAMinuteOfWallTimeAreCut) {
  FakeClock clock;
  ReplayPacer pacer(1, clock);
  pacer.Wait(kT0, nullptr);
  pacer.Wait(kT0 + 3'600'000'000, nullptr);  // an hour of silence (or a forged timestamp)
  EXPECT_EQ(clock.slept, nanoseconds(0));
  pacer.Wait(kT0 + 3'600'500'000, nullptr);  // the pace restarts at the late packet
  EXPECT_EQ(clock.slept, milliseconds(500));
  // A tiny speed and a timestamp decades later: no overflow, no wait.
  ReplayPacer slow(1e-9, clock);
  slow.Wait(0, nullptr);
  slow.Wait(std::numeric_limits<int64_t>::max() / 2, nullptr);
  EXPECT_EQ(clock.slept, milliseconds(500));
}

}  // namespace
}  // namespace cli
