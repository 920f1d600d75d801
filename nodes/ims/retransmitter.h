// Resends one SIP message on the RFC 3261 §17 schedule until stopped: first after T1, then
// doubling, capped at T2 for everything but INVITE requests (Timers A/E/G), giving up after
// 64*T1 (Timers B/F/H). One instance per message in flight.
#pragma once

#include "common/env.h"

namespace imssim::ims {

class Retransmitter {
 public:
  explicit Retransmitter(Environment& env) : env_(env) {}
  ~Retransmitter() { stop(); }
  Retransmitter(const Retransmitter&) = delete;
  Retransmitter& operator=(const Retransmitter&) = delete;

  // `resend` runs at each retransmission, `give_up` once at the timeout.
  void start(bool capped, UniqueFunction<void()> resend, UniqueFunction<void()> give_up);
  void stop();
  bool running() const { return timer_ != 0; }
  int retransmissions() const { return count_; }

 private:
  void arm();

  Environment& env_;
  bool capped_ = true;
  Time interval_, deadline_;
  TimerId timer_ = 0;
  int count_ = 0;
  UniqueFunction<void()> resend_, give_up_;
};

}  // namespace imssim::ims
