// RFC 3261 §17.2.1 (INVITE server, with RFC 6026 §7.1 Accepted / Timer L) and §17.2.2
// (non-INVITE server).
#include <algorithm>

#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/transaction.h"

namespace imssim::sip {

namespace {
constexpr int kRetransmit = 0;  // Timer G
constexpr int kTimeout = 1;     // Timer H / L / J
constexpr int kWait = 2;        // Timer I
}  // namespace

ServerTransaction::ServerTransaction(Clock& clock, const Message& request, Reliability reliability,
                                     ServerCallbacks cb, TimerConfig timers, bool send_trying)
    : clock_(clock),
      reliability_(reliability),
      cb_(std::move(cb)),
      timers_(timers),
      key_(server_key(request).value_or(TransactionKey{})),
      invite_(request.method() == "INVITE"),
      state_(invite_ ? TransactionState::kProceeding : TransactionState::kTryingState) {
  if (invite_ && send_trying) {
    ResponseSpec trying;
    trying.status = kTrying;
    if (auto r = build_response(request, trying)) {
      last_response_ = r->serialize();
      send_last();
    }
  }
}

ServerTransaction::~ServerTransaction() {
  for (int i = 0; i < 3; ++i) disarm(i);
}

void ServerTransaction::arm(int which, Time delay) {
  disarm(which);
  timer_[which] = clock_.start_timer(delay, [this, which] {
    timer_[which] = 0;
    fire(which);
  });
}

void ServerTransaction::disarm(int which) {
  if (timer_[which]) clock_.cancel_timer(timer_[which]);
  timer_[which] = 0;
}

void ServerTransaction::send_last() {
  if (cb_.send && !last_response_.empty()) cb_.send(last_response_);
}

void ServerTransaction::receive(const Message& request) {
  using S = TransactionState;
  if (!request.is_request()) return;
  if (invite_ && request.method() == "ACK") {
    if (state_ == S::kCompleted) {
      state_ = S::kConfirmed;
      disarm(kRetransmit);
      disarm(kTimeout);
      if (reliability_ == Reliability::kReliable) {
        terminate();  // Timer I = 0
      } else {
        arm(kWait, timers_.t4);
      }
    } else if (state_ == S::kAccepted && cb_.on_ack) {
      cb_.on_ack(request);
    }
    return;
  }
  // A retransmitted request: answer with the last response, or absorb it.
  if (state_ == S::kProceeding || state_ == S::kCompleted) send_last();
}

bool ServerTransaction::respond(const Message& response) {
  using S = TransactionState;
  if (!response.is_response()) return false;
  int status = response.status();
  if (invite_) {
    if (state_ == S::kAccepted && status >= 200 && status < 300) {
      if (cb_.send) cb_.send(response.serialize());  // the TU's own 2xx retransmission
      return true;
    }
    if (state_ != S::kProceeding) return false;
    last_response_ = response.serialize();
    send_last();
    if (status < 200) return true;
    if (status < 300) {
      state_ = S::kAccepted;  // RFC 6026 §7.1: Timer L
      arm(kTimeout, timers_.timeout());
      return true;
    }
    state_ = S::kCompleted;
    if (reliability_ == Reliability::kUnreliable) {
      interval_ = timers_.t1;
      arm(kRetransmit, interval_);
    }
    arm(kTimeout, timers_.timeout());  // Timer H
    return true;
  }
  if (state_ != S::kTryingState && state_ != S::kProceeding) return false;
  last_response_ = response.serialize();
  send_last();
  if (status < 200) {
    state_ = S::kProceeding;
    return true;
  }
  state_ = S::kCompleted;
  if (reliability_ == Reliability::kReliable) {
    terminate();  // Timer J = 0
  } else {
    arm(kTimeout, timers_.timeout());
  }
  return true;
}

void ServerTransaction::fire(int which) {
  using S = TransactionState;
  if (which == kRetransmit) {
    if (state_ != S::kCompleted) return;
    send_last();
    interval_ = std::min(interval_ * 2, timers_.t2);  // Timer G, §17.2.1
    arm(kRetransmit, interval_);
  } else if (which == kTimeout) {
    if (invite_ && state_ == S::kCompleted) {
      if (cb_.on_failure) cb_.on_failure(kRequestTimeout, "Timer H: no ACK");
    }
    terminate();  // H, L or J
  } else {
    terminate();  // Timer I
  }
}

void ServerTransaction::transport_error() {
  if (state_ == TransactionState::kTerminated) return;
  if (cb_.on_failure) cb_.on_failure(kServiceUnavailable, "transport error");
  terminate();
}

void ServerTransaction::terminate() {
  if (state_ == TransactionState::kTerminated) return;
  state_ = TransactionState::kTerminated;
  for (int i = 0; i < 3; ++i) disarm(i);
  if (cb_.on_terminated) cb_.on_terminated();
}

}  // namespace imssim::sip
