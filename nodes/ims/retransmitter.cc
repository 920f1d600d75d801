#include "nodes/ims/retransmitter.h"

#include <algorithm>

#include "nodes/proto/sip/constants.h"

namespace imssim::ims {

void Retransmitter::start(bool capped, UniqueFunction<void()> resend,
                          UniqueFunction<void()> give_up) {
  stop();
  capped_ = capped;
  interval_ = sip::kT1;
  deadline_ = env_.now() + sip::kT1 * sip::kTransactionTimeoutFactor;
  resend_ = std::move(resend);
  give_up_ = std::move(give_up);
  arm();
}

void Retransmitter::arm() {
  Time wait = std::min(interval_, deadline_ - env_.now());
  timer_ = env_.start_timer(wait, [this] {
    timer_ = 0;
    if (env_.now() >= deadline_) {
      // Off the member first: giving up may destroy this retransmitter.
      auto give_up = std::move(give_up_);
      if (give_up) give_up();
      return;
    }
    ++count_;
    resend_();
    interval_ = capped_ ? std::min(interval_ * 2, sip::kT2) : interval_ * 2;
    arm();
  });
}

void Retransmitter::stop() {
  if (timer_) env_.cancel_timer(timer_);
  timer_ = 0;
}

}  // namespace imssim::ims
