// A Clock whose time moves only when the test says so; timers fire in (time, start order).
#pragma once

#include <map>
#include <utility>

#include "common/env.h"

namespace imssim::sip::testing {

class FakeClock final : public Clock {
 public:
  Time now() const override { return now_; }
  TimerId start_timer(Time delay, UniqueFunction<void()> on_expiry) override {
    TimerId id = ++next_id_;
    Time at = now_ + delay;
    queue_.emplace(std::make_pair(at, id), std::move(on_expiry));
    when_[id] = at;
    return id;
  }
  void cancel_timer(TimerId id) override {
    auto it = when_.find(id);
    if (it == when_.end()) return;
    queue_.erase({it->second, id});
    when_.erase(it);
  }
  // Runs every timer due up to now + d, in order, then sets the clock to now + d.
  void advance(Time d) {
    Time end = now_ + d;
    while (!queue_.empty() && queue_.begin()->first.first <= end) {
      auto it = queue_.begin();
      now_ = it->first.first;
      auto fn = std::move(it->second);
      when_.erase(it->first.second);
      queue_.erase(it);
      fn();
    }
    now_ = end;
  }
  std::size_t pending() const { return queue_.size(); }

 private:
  Time now_;
  TimerId next_id_ = 0;
  std::map<std::pair<Time, TimerId>, UniqueFunction<void()>> queue_;
  std::map<TimerId, Time> when_;
};

}  // namespace imssim::sip::testing
