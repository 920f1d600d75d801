// RFC 3261 §17.1.1 (INVITE client, with RFC 6026 §7.2 Accepted / Timer M) and §17.1.2
// (non-INVITE client).
#include <algorithm>

#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/transaction.h"

namespace imssim::sip {

namespace {
constexpr int kRetransmit = 0;  // Timer A (INVITE) / E (non-INVITE)
constexpr int kTimeout = 1;     // Timer B / F
constexpr int kWait = 2;        // Timer D / K / M
}  // namespace

ClientTransaction::ClientTransaction(Clock& clock, Message request, Reliability reliability,
                                     ClientCallbacks cb, TimerConfig timers)
    : clock_(clock),
      request_(std::move(request)),
      reliability_(reliability),
      cb_(std::move(cb)),
      timers_(timers),
      key_(client_key(request_).value_or(TransactionKey{})),
      invite_(request_.method() == "INVITE"),
      state_(invite_ ? TransactionState::kCalling : TransactionState::kTryingState) {}

ClientTransaction::~ClientTransaction() {
  for (int i = 0; i < 3; ++i) disarm(i);
}

void ClientTransaction::arm(int which, Time delay) {
  disarm(which);
  timer_[which] = clock_.start_timer(delay, [this, which] {
    timer_[which] = 0;
    fire(which);
  });
}

void ClientTransaction::disarm(int which) {
  if (timer_[which]) clock_.cancel_timer(timer_[which]);
  timer_[which] = 0;
}

void ClientTransaction::start() {
  wire_ = request_.serialize();
  if (cb_.send) cb_.send(wire_);
  if (reliability_ == Reliability::kUnreliable) {
    interval_ = timers_.t1;
    arm(kRetransmit, interval_);
  }
  arm(kTimeout, timers_.timeout());
}

void ClientTransaction::fire(int which) {
  using S = TransactionState;
  if (which == kRetransmit) {
    if (invite_ && state_ == S::kCalling) {
      interval_ = interval_ * 2;  // Timer A doubles without a cap (§17.1.1.2)
    } else if (!invite_ && state_ == S::kTryingState) {
      interval_ = std::min(interval_ * 2, timers_.t2);  // §17.1.2.2
    } else if (!invite_ && state_ == S::kProceeding) {
      interval_ = timers_.t2;
    } else {
      return;
    }
    if (cb_.send) cb_.send(wire_);
    arm(kRetransmit, interval_);
  } else if (which == kTimeout) {
    if (state_ == S::kCalling || state_ == S::kTryingState || state_ == S::kProceeding) {
      if (cb_.on_failure) cb_.on_failure(kRequestTimeout, invite_ ? "Timer B" : "Timer F");
      terminate();
    }
  } else {
    terminate();  // Timer D, K or M
  }
}

void ClientTransaction::receive(const Message& response) {
  using S = TransactionState;
  if (!response.is_response()) return;
  int status = response.status();
  bool provisional = status < 200;
  if (invite_) {
    if (state_ == S::kCalling || state_ == S::kProceeding) {
      disarm(kRetransmit);
      if (provisional) {
        state_ = S::kProceeding;
        disarm(kTimeout);
        if (cb_.on_response) cb_.on_response(response);
      } else if (status < 300) {
        state_ = S::kAccepted;  // RFC 6026 §7.2: wait for 2xx retransmissions (Timer M)
        disarm(kTimeout);
        if (cb_.on_response) cb_.on_response(response);
        arm(kWait, timers_.timeout());
      } else {
        state_ = S::kCompleted;
        disarm(kTimeout);
        auto ack = build_ack_for_failure(request_, response);
        if (ack) ack_wire_ = ack->serialize();
        if (cb_.send && !ack_wire_.empty()) cb_.send(ack_wire_);
        if (cb_.on_response) cb_.on_response(response);
        if (reliability_ == Reliability::kReliable) {
          terminate();  // Timer D = 0
        } else {
          arm(kWait, timers_.timer_d);
        }
      }
    } else if (state_ == S::kAccepted) {
      if (status >= 200 && status < 300 && cb_.on_response) cb_.on_response(response);
    } else if (state_ == S::kCompleted) {
      if (status >= 300 && cb_.send && !ack_wire_.empty()) cb_.send(ack_wire_);  // re-ACK
    }
    return;
  }
  if (state_ != S::kTryingState && state_ != S::kProceeding) return;  // Completed absorbs
  if (provisional) {
    state_ = S::kProceeding;
    if (cb_.on_response) cb_.on_response(response);
    return;
  }
  state_ = S::kCompleted;
  disarm(kRetransmit);
  disarm(kTimeout);
  if (cb_.on_response) cb_.on_response(response);
  if (reliability_ == Reliability::kReliable) {
    terminate();  // Timer K = 0
  } else {
    arm(kWait, timers_.t4);
  }
}

void ClientTransaction::transport_error() {
  if (state_ == TransactionState::kTerminated) return;
  if (cb_.on_failure) cb_.on_failure(kServiceUnavailable, "transport error");
  terminate();
}

void ClientTransaction::terminate() {
  if (state_ == TransactionState::kTerminated) return;
  state_ = TransactionState::kTerminated;
  for (int i = 0; i < 3; ++i) disarm(i);
  if (cb_.on_terminated) cb_.on_terminated();
}

}  // namespace imssim::sip
