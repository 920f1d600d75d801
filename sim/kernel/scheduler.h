// The event queue of one simulation: events ordered by (time, insertion sequence), cancellable
// handles, run until a time / until idle / until a predicate holds.
//
// Speed: the queue is a 4-ary min-heap of 24-byte POD entries (time, sequence, slot,
// generation); callbacks live in a slot table of stable chunks, so a dispatch moves no
// callback and small captures (<= 48 bytes, see common/function.h) never touch the heap
// allocator. Cancellation is lazy: the slot is freed at once and its heap entry is skipped when
// it surfaces (its generation no longer matches); the heap is compacted when dead entries
// outnumber live ones.
//
// Contract:
// * Events at the same time run in the order they were scheduled.
// * A callback may schedule, cancel (also itself: a no-op, it has fired) and stop; an event
//   scheduled for "now" from inside a callback runs after the current one, never inside it.
// * cancel() of a fired, cancelled or unknown id (and of 0) is a no-op.
// * An event may carry a guard (a word and the value it must still hold): when the word has
//   changed by the time the event is due, the event is dropped instead of run. Hosts use it so
//   that a node's timers die when the node goes down.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/env.h"
#include "common/function.h"
#include "common/time.h"

namespace imssim::sim {

class Scheduler {
 public:
  using Callback = UniqueFunction<void()>;

  Scheduler();
  ~Scheduler();
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  Time now() const { return now_; }

  // Runs `fn` at now() + delay (a negative delay counts as zero; a huge one saturates at
  // Time::max()). Never returns 0.
  TimerId schedule(Time delay, Callback fn) { return schedule_at(after(delay), std::move(fn)); }
  // Runs `fn` at `at` (a time in the past counts as now()).
  TimerId schedule_at(Time at, Callback fn) { return insert(at, std::move(fn), nullptr, 0); }
  // As schedule(), but dropped unless `*guard == value` when due.
  TimerId schedule_guarded(Time delay, Callback fn, const std::uint32_t* guard,
                           std::uint32_t value) {
    return insert(after(delay), std::move(fn), guard, value);
  }

  void cancel(TimerId id);
  bool pending(TimerId id) const;

  // Runs the next event; false when there is none.
  bool step();
  // Runs every event due at or before `until`, then sets now() to `until` (unless stopped).
  void run_until(Time until);
  // Runs until no event is left (or stop()).
  void run_until_idle();
  // Runs until `done()` holds (checked before the first event and after each one) or the next
  // event lies beyond `limit` (now() is then set to `limit`). Returns whether done() holds.
  template <typename Pred>
  bool run_until(Pred&& done, Time limit) {
    stopped_ = false;
    if (done()) return true;
    while (!stopped_) {
      if (!dispatch_next(limit)) {
        if (now_ < limit && !stopped_) now_ = limit;
        return done();
      }
      if (done()) return true;
    }
    return done();
  }
  // Makes the running run_*() return after the current event.
  void stop() { stopped_ = true; }

  bool idle() const { return live_ == 0; }
  std::size_t pending_count() const { return live_; }
  std::uint64_t dispatched() const { return dispatched_; }

 private:
  // Ordered by (time, seq) as one 128-bit key, so the heap compares without branches.
  struct Entry {
    std::uint64_t time_key;  // the time with its sign bit flipped: unsigned order = signed order
    std::uint64_t seq;
    std::uint32_t slot;
    std::uint32_t gen;
    std::int64_t time() const { return std::int64_t(time_key ^ (std::uint64_t(1) << 63)); }
  };
  struct Slot {
    Callback fn;
    const std::uint32_t* guard = nullptr;
    std::uint32_t guard_value = 0;
    std::uint32_t gen = 1;  // bumped when the event fires or is cancelled; never 0
  };
  static constexpr std::uint32_t kChunkBits = 10;
  static constexpr std::uint32_t kChunk = 1u << kChunkBits;

  TimerId insert(Time at, Callback fn, const std::uint32_t* guard, std::uint32_t value);
  Time after(Time delay) const { return delay > Time::max() - now_ ? Time::max() : now_ + delay; }
  // Runs the earliest live event if it is due at or before `limit`; false if none is.
  bool dispatch_next(Time limit);
  Slot& slot(std::uint32_t i) { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  const Slot& slot(std::uint32_t i) const { return chunks_[i >> kChunkBits][i & (kChunk - 1)]; }
  std::uint32_t allocate_slot();
  void release_slot(std::uint32_t i);
  void heap_push(const Entry& e);
  void heap_pop();
  void sift_down(std::size_t i, Entry e);
  void drop_dead_top();
  void compact();
  bool live(const Entry& e) const { return slot(e.slot).gen == e.gen; }

  Time now_;
  std::uint64_t seq_ = 0;
  std::uint64_t dispatched_ = 0;
  std::size_t live_ = 0;
  bool stopped_ = false;
  std::vector<Entry> heap_;
  std::vector<std::unique_ptr<Slot[]>> chunks_;
  std::uint32_t slot_count_ = 0;
  std::vector<std::uint32_t> free_;
};

}  // namespace imssim::sim
