#include "sim/kernel/scheduler.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "common/rng.h"

namespace imssim::sim {
namespace {

using namespace time_literals;

TEST(Scheduler, RunsInTimeOrderAndTiesInInsertionOrder) {
  Scheduler s;
  std::string order;
  s.schedule(3_ms, [&] { order += "c"; });
  s.schedule(1_ms, [&] { order += "a"; });
  s.schedule(2_ms, [&] { order += "b1"; });
  s.schedule(2_ms, [&] { order += "b2"; });
  s.schedule(2_ms, [&] { order += "b3"; });
  s.run_until_idle();
  EXPECT_EQ(order, "ab1b2b3c");
  EXPECT_EQ(s.now(), 3_ms);
  EXPECT_EQ(s.dispatched(), 5u);
}

TEST(Scheduler, NowIsTheEventTimeInsideCallbacks) {
  Scheduler s;
  std::vector<Time> seen;
  s.schedule(5_ms, [&] {
    seen.push_back(s.now());
    s.schedule(2_ms, [&] { seen.push_back(s.now()); });
  });
  s.run_until_idle();
  EXPECT_EQ(seen, (std::vector<Time>{5_ms, 7_ms}));
}

TEST(Scheduler, EventScheduledForNowFromACallbackRunsAfterIt) {
  Scheduler s;
  std::string order;
  s.schedule(1_ms, [&] {
    order += "a";
    s.schedule(Time(), [&] { order += "c"; });
    order += "b";
  });
  s.schedule(1_ms, [&] { order += "x"; });  // same time, scheduled earlier: runs before "c"
  s.run_until_idle();
  EXPECT_EQ(order, "abxc");
}

TEST(Scheduler, PastTimesCountAsNow) {
  Scheduler s;
  s.run_until(10_ms);
  Time at;
  s.schedule_at(2_ms, [&] { at = s.now(); });
  s.schedule(Time::ms(-5), [] {});
  s.run_until_idle();
  EXPECT_EQ(at, 10_ms);
}

TEST(Scheduler, AHugeDelaySaturates) {
  Scheduler s;
  s.run_until(5_ms);
  bool fired = false;
  TimerId never = s.schedule(Time::max(), [&] { fired = true; });
  EXPECT_TRUE(s.pending(never));
  s.run_until(1000_s);
  EXPECT_FALSE(fired);
  s.run_until_idle();
  EXPECT_TRUE(fired);
  EXPECT_EQ(s.now(), Time::max());
}

TEST(Scheduler, CancelPreventsTheCallbackAndIsIdempotent) {
  Scheduler s;
  int fired = 0;
  TimerId a = s.schedule(1_ms, [&] { ++fired; });
  TimerId b = s.schedule(2_ms, [&] { fired += 10; });
  EXPECT_NE(a, 0u);
  EXPECT_TRUE(s.pending(a));
  s.cancel(a);
  s.cancel(a);
  s.cancel(0);
  s.cancel(0xDEADBEEF00000001ull);
  EXPECT_FALSE(s.pending(a));
  EXPECT_TRUE(s.pending(b));
  EXPECT_EQ(s.pending_count(), 1u);
  s.run_until_idle();
  EXPECT_EQ(fired, 10);
  EXPECT_FALSE(s.pending(b));
}

TEST(Scheduler, CancellingAFiredTimerIsANoOpEvenAfterItsSlotIsReused) {
  Scheduler s;
  int fired = 0;
  TimerId a = s.schedule(1_ms, [&] { ++fired; });
  s.run_until_idle();
  TimerId b = s.schedule(1_ms, [&] { fired += 10; });  // likely reuses a's slot
  s.cancel(a);                                         // must not cancel b
  EXPECT_TRUE(s.pending(b));
  s.run_until_idle();
  EXPECT_EQ(fired, 11);
}

TEST(Scheduler, CancelFromInsideACallback) {
  Scheduler s;
  std::string order;
  TimerId later = 0, self = 0;
  self = s.schedule(1_ms, [&] {
    order += "a";
    s.cancel(later);  // another pending event
    s.cancel(self);   // itself: it has fired, a no-op
  });
  later = s.schedule(2_ms, [&] { order += "b"; });
  s.schedule(3_ms, [&] { order += "c"; });
  s.run_until_idle();
  EXPECT_EQ(order, "ac");
}

TEST(Scheduler, RunUntilStopsAtTheLimitAndAdvancesTime) {
  Scheduler s;
  std::vector<int> fired;
  s.schedule(1_ms, [&] { fired.push_back(1); });
  s.schedule(5_ms, [&] { fired.push_back(5); });
  s.schedule(5_ms + 1_ns, [&] { fired.push_back(6); });
  s.run_until(5_ms);
  EXPECT_EQ(fired, (std::vector<int>{1, 5}));  // events at the limit run
  EXPECT_EQ(s.now(), 5_ms);
  s.run_until(20_ms);
  EXPECT_EQ(fired, (std::vector<int>{1, 5, 6}));
  EXPECT_EQ(s.now(), 20_ms);  // time advances to the limit even when idle
}

TEST(Scheduler, RunUntilPredicateOrTimeLimit) {
  Scheduler s;
  int count = 0;
  for (int i = 1; i <= 10; ++i) s.schedule(Time::ms(i), [&] { ++count; });
  EXPECT_TRUE(s.run_until([&] { return count == 3; }, 100_ms));
  EXPECT_EQ(count, 3);
  EXPECT_EQ(s.now(), 3_ms);
  EXPECT_FALSE(s.run_until([&] { return count == 100; }, 6500_us));
  EXPECT_EQ(count, 6);
  EXPECT_EQ(s.now(), 6500_us);
  EXPECT_TRUE(s.run_until([] { return true; }, 1_s));  // checked before any event
  EXPECT_EQ(count, 6);
}

TEST(Scheduler, StopFromACallback) {
  Scheduler s;
  int count = 0;
  for (int i = 1; i <= 5; ++i)
    s.schedule(Time::ms(i), [&] {
      if (++count == 2) s.stop();
    });
  s.run_until_idle();
  EXPECT_EQ(count, 2);
  EXPECT_EQ(s.now(), 2_ms);
  s.run_until_idle();  // resumes
  EXPECT_EQ(count, 5);
}

TEST(Scheduler, GuardedEventIsDroppedWhenTheGuardChanged) {
  Scheduler s;
  std::uint32_t epoch = 7;
  int fired = 0;
  s.schedule_guarded(
      1_ms, [&] { ++fired; }, &epoch, 7);
  s.schedule_guarded(
      2_ms, [&] { fired += 10; }, &epoch, 7);
  s.schedule(1500_us, [&] { ++epoch; });
  s.run_until_idle();
  EXPECT_EQ(fired, 1);
  EXPECT_EQ(s.dispatched(), 2u);  // the dropped one is not counted as dispatched
}

TEST(Scheduler, LargeCapturesWork) {
  Scheduler s;
  std::string big(1000, 'x');
  std::size_t seen = 0;
  s.schedule(1_ms, [&seen, big, pad = std::array<char, 100>{}] { seen = big.size() + pad.size(); });
  s.run_until_idle();
  EXPECT_EQ(seen, 1100u);
}

// Against a reference model: random schedules and cancels, including from callbacks.
TEST(Scheduler, MatchesAReferenceOrderUnderRandomScheduleAndCancel) {
  Scheduler s;
  Rng rng(42);
  std::map<std::pair<std::int64_t, std::uint64_t>, int> expected;  // (time, seq) -> label
  std::map<int, std::pair<std::int64_t, std::uint64_t>> key_of;
  std::map<int, TimerId> ids;
  std::vector<int> ran;
  std::uint64_t seq = 0;
  int next_label = 0;
  std::function<void(int)> add = [&](int depth) {
    int label = next_label++;
    Time delay = Time::us(std::int64_t(rng.uniform(50)));  // many ties
    auto key = std::make_pair((s.now() + delay).ns(), seq++);
    expected[key] = label;
    key_of[label] = key;
    ids[label] = s.schedule(delay, [&, label, depth] {
      ran.push_back(label);
      if (depth < 2 && rng.uniform(3) == 0) add(depth + 1);
      if (rng.uniform(5) == 0 && !ids.empty()) {  // cancel a random pending one
        auto it = ids.begin();
        std::advance(it, std::ptrdiff_t(rng.uniform(ids.size())));
        if (s.pending(it->second)) {
          s.cancel(it->second);
          expected.erase(key_of[it->first]);
        }
      }
    });
  };
  for (int i = 0; i < 3000; ++i) {
    add(0);
    if (rng.uniform(4) == 0) {
      int victim = int(rng.uniform(std::uint64_t(next_label)));
      if (s.pending(ids[victim])) {
        s.cancel(ids[victim]);
        expected.erase(key_of[victim]);
      }
    }
  }
  s.run_until_idle();
  std::vector<int> want;
  for (auto& [k, label] : expected) want.push_back(label);
  // Cancels from callbacks removed entries that had not run; what ran must be exactly the
  // surviving entries in (time, insertion) order.
  EXPECT_EQ(ran, want);
  EXPECT_TRUE(s.idle());
}

TEST(Scheduler, ManyCancelledTimersAreCompacted) {
  Scheduler s;
  int fired = 0;
  for (int round = 0; round < 100; ++round) {
    std::vector<TimerId> ids;
    for (int i = 0; i < 1000; ++i) ids.push_back(s.schedule(10_s, [&] { ++fired; }));
    for (TimerId id : ids) s.cancel(id);
  }
  s.schedule(1_s, [&] { fired += 1000; });
  EXPECT_EQ(s.pending_count(), 1u);
  s.run_until_idle();
  EXPECT_EQ(fired, 1000);
  EXPECT_EQ(s.now(), 1_s);  // the cancelled 10 s timers left nothing behind
}

}  // namespace
}  // namespace imssim::sim
