#include "nodes/ims/no_answer.h"

#include "nodes/proto/sip/build.h"
#include "nodes/proto/sip/constants.h"
#include "nodes/proto/sip/proxy.h"

namespace imssim::ims {

NoAnswerSupervisor::~NoAnswerSupervisor() {
  for (auto& [id, w] : watched_) env_.cancel_timer(w->timer);
}

void NoAnswerSupervisor::watch(sip::Message incoming, sip::Message forwarded,
                               const Endpoint& next, const std::string& user) {
  std::string call_id(incoming.call_id());
  if (watched_.count(call_id)) return;  // a retransmission: the timer already runs
  auto w = std::make_unique<Watched>(std::move(incoming), std::move(forwarded));
  w->next = next;
  w->user = user;
  w->timer = env_.start_timer(timeout_, [this, call_id] { expire(call_id); });
  watched_.emplace(call_id, std::move(w));
}

void NoAnswerSupervisor::expire(const std::string& call_id) {
  Watched& w = *watched_.at(call_id);
  w.timer = 0;
  auto target = retarget_(w.user);
  if (!target) return;
  if (auto cancel = sip::build_cancel(w.forwarded)) transport_.send(*cancel, w.next);
  w.cancelled = true;
  w.target = *target;
  ++retargeted_;
  if (env_.tracing()) env_.trace_note("S-CSCF: no answer from " + w.user + ", retargets");
  sip::Message m = w.incoming.clone();
  if (auto ok = sip::set_request_uri(m, target->request_uri); !ok) return;
  proxy_.forward(std::move(m), target->next, true);
}

bool NoAnswerSupervisor::on_response(const sip::Message& response, const Endpoint& from) {
  auto it = watched_.find(std::string(response.call_id()));
  if (it == watched_.end()) return false;
  Watched& w = *it->second;
  bool from_user = from == w.next;
  if (!w.cancelled) {
    if (response.cseq_method() == "INVITE" && response.status() >= 200 && !w.answered) {
      // Answered: stop supervising, but remember the INVITE for as long as retransmissions of
      // it may still arrive (64*T1), so none restarts the timer.
      w.answered = true;
      env_.cancel_timer(w.timer);
      std::string call_id(response.call_id());
      w.timer = env_.start_timer(sip::kT1 * sip::kTransactionTimeoutFactor,
                                 [this, call_id] { watched_.erase(call_id); });
    }
    return false;
  }
  bool final = response.cseq_method() == "INVITE" && response.status() >= 200;
  if (!from_user) {  // the new destination's answers go on to the caller
    w.target_final = w.target_final || final;
  } else if (final) {
    w.user_final = true;
    if (response.status() < 300) {
      if (w.target_final) watched_.erase(it);
      return false;  // a 2xx that crossed our CANCEL: the caller must see it (§16.7 step 5)
    }
    // The cancelled branch's 487: ACKed here, it goes no further.
    if (auto ack = sip::build_ack_for_failure(w.forwarded, response)) transport_.send(*ack, w.next);
  }
  if (w.user_final && w.target_final) watched_.erase(it);
  return from_user;
}

std::optional<NoAnswerTarget> NoAnswerSupervisor::retargeted(std::string_view call_id) const {
  auto it = watched_.find(std::string(call_id));
  if (it == watched_.end() || !it->second->cancelled) return std::nullopt;
  return it->second->target;
}

}  // namespace imssim::ims
