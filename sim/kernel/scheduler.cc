#include "sim/kernel/scheduler.h"

#include <algorithm>

namespace imssim::sim {
namespace {

__extension__ typedef unsigned __int128 u128;  // GCC/Clang builtin

constexpr std::uint64_t kSignBit = std::uint64_t(1) << 63;

// (time, sequence) order; the sequence makes ties deterministic (insertion order).
template <typename E>
inline u128 key(const E& e) {
  return u128(e.time_key) << 64 | e.seq;
}

constexpr std::size_t kArity = 4;
constexpr std::size_t kCompactMin = 4096;

}  // namespace

Scheduler::Scheduler() { heap_.reserve(1024); }
Scheduler::~Scheduler() = default;

std::uint32_t Scheduler::allocate_slot() {
  if (!free_.empty()) {
    std::uint32_t i = free_.back();
    free_.pop_back();
    return i;
  }
  if ((slot_count_ & (kChunk - 1)) == 0) chunks_.push_back(std::make_unique<Slot[]>(kChunk));
  return slot_count_++;
}

void Scheduler::release_slot(std::uint32_t i) {
  Slot& s = slot(i);
  s.fn.reset();
  s.guard = nullptr;
  free_.push_back(i);
}

TimerId Scheduler::insert(Time at, Callback fn, const std::uint32_t* guard, std::uint32_t value) {
  std::uint32_t i = allocate_slot();
  Slot& s = slot(i);
  s.fn = std::move(fn);
  s.guard = guard;
  s.guard_value = value;
  std::int64_t t = std::max(at.ns(), now_.ns());
  heap_push(Entry{std::uint64_t(t) ^ kSignBit, seq_++, i, s.gen});
  ++live_;
  return TimerId(s.gen) << 32 | i;
}

void Scheduler::cancel(TimerId id) {
  auto i = std::uint32_t(id);
  auto gen = std::uint32_t(id >> 32);
  if (gen == 0 || i >= slot_count_) return;
  Slot& s = slot(i);
  if (s.gen != gen) return;  // fired, cancelled, or the slot was reused since
  if (++s.gen == 0) s.gen = 1;
  release_slot(i);
  --live_;
  if (heap_.size() >= kCompactMin && heap_.size() > 2 * live_) compact();
}

bool Scheduler::pending(TimerId id) const {
  auto i = std::uint32_t(id);
  auto gen = std::uint32_t(id >> 32);
  return gen != 0 && i < slot_count_ && slot(i).gen == gen;
}

void Scheduler::heap_push(const Entry& e) {
  std::size_t i = heap_.size();
  heap_.push_back(e);
  u128 k = key(e);
  while (i > 0) {
    std::size_t parent = (i - 1) / kArity;
    if (k >= key(heap_[parent])) break;
    heap_[i] = heap_[parent];
    i = parent;
  }
  heap_[i] = e;
}

// Moves the hole at `i` down to where `e` belongs. The smallest child is found with selects,
// not branches: which child wins is unpredictable, and mispredictions dominated the pop.
void Scheduler::sift_down(std::size_t i, Entry e) {
  std::size_t n = heap_.size();
  u128 k = key(e);
  for (;;) {
    std::size_t first = i * kArity + 1;
    if (first >= n) break;
    std::size_t best = first;
    u128 best_key = key(heap_[first]);
    std::size_t end = std::min(first + kArity, n);
    for (std::size_t c = first + 1; c < end; ++c) {
      u128 ck = key(heap_[c]);
      bool less = ck < best_key;
      best = less ? c : best;
      best_key = less ? ck : best_key;
    }
    if (best_key >= k) break;
    heap_[i] = heap_[best];
    i = best;
  }
  heap_[i] = e;
}

void Scheduler::heap_pop() {
  Entry last = heap_.back();
  heap_.pop_back();
  if (!heap_.empty()) sift_down(0, last);
}

void Scheduler::drop_dead_top() {
  while (!heap_.empty() && !live(heap_.front())) heap_pop();
}

void Scheduler::compact() {
  std::erase_if(heap_, [this](const Entry& e) { return !live(e); });
  // Rebuild bottom-up: sift each internal node down.
  for (std::size_t k = heap_.size() / kArity + 1; k-- > 0;)
    if (k < heap_.size()) sift_down(k, heap_[k]);
}

bool Scheduler::dispatch_next(Time limit) {
  for (;;) {
    drop_dead_top();
    if (heap_.empty() || heap_.front().time() > limit.ns()) return false;
    Entry e = heap_.front();
    heap_pop();
    Slot& s = slot(e.slot);
    if (++s.gen == 0) s.gen = 1;  // fired: cancelling it from now on is a no-op
    --live_;
    now_ = Time::ns(e.time());
    if (s.guard && *s.guard != s.guard_value) {
      release_slot(e.slot);
      continue;  // its owner went away (a node went down): dropped, not run
    }
    ++dispatched_;
    // Slots live in stable chunks, so the callback runs in place even if it schedules more.
    s.fn();
    release_slot(e.slot);
    return true;
  }
}

bool Scheduler::step() {
  stopped_ = false;
  return dispatch_next(Time::max());
}

void Scheduler::run_until(Time until) {
  stopped_ = false;
  while (!stopped_ && dispatch_next(until)) {
  }
  if (!stopped_ && now_ < until) now_ = until;
}

void Scheduler::run_until_idle() {
  stopped_ = false;
  while (!stopped_ && dispatch_next(Time::max())) {
  }
}

}  // namespace imssim::sim
