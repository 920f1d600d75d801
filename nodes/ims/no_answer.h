// The S-CSCF's no-answer supervision: an INVITE forwarded to a registered user that gets no
// final answer within the timeout is CANCELled towards the user (RFC 3261 §9.1, §16.10) and
// sent on to where the retarget hook says (the media mailbox). The user's 487 for the
// cancelled INVITE and the CANCEL's 200 stop here (the 487 ACKed hop by hop, §17.1.1.3); a
// 2xx that crossed the CANCEL goes on to the caller (§16.7 step 5), whose UA ends that dialog.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "nodes/ims/stateless_proxy.h"

namespace imssim::ims {

// Where an INVITE goes when its user does not answer: the new Request-URI and next hop.
struct NoAnswerTarget {
  std::string request_uri;
  Endpoint next;
};

class NoAnswerSupervisor {
 public:
  using Retarget = std::function<std::optional<NoAnswerTarget>(const std::string& impu)>;
  NoAnswerSupervisor(Environment& env, SipTransport& transport, StatelessProxy& proxy,
                     Time timeout, Retarget retarget)
      : env_(env), transport_(transport), proxy_(proxy), timeout_(timeout),
        retarget_(std::move(retarget)) {}
  ~NoAnswerSupervisor();

  // `incoming` (before the S-CSCF rewrote it) went to `user` as `forwarded`, via `next`.
  void watch(sip::Message incoming, sip::Message forwarded, const Endpoint& next,
             const std::string& user);
  // True when `response` (from `from`) belongs to a cancelled branch and stops here.
  bool on_response(const sip::Message& response, const Endpoint& from);
  // Where requests of a retargeted call go now (the caller's INVITE retransmissions and its
  // CANCEL), or nullopt when the call was not retargeted.
  std::optional<NoAnswerTarget> retargeted(std::string_view call_id) const;
  std::uint64_t retargeted() const { return retargeted_; }

 private:
  struct Watched {
    Watched(sip::Message in, sip::Message out) : incoming(std::move(in)), forwarded(std::move(out)) {}
    sip::Message incoming, forwarded;
    Endpoint next;
    std::string user;
    TimerId timer = 0;
    bool cancelled = false;
    NoAnswerTarget target;  // once cancelled
    bool answered = false;  // before the timeout
    bool user_final = false, target_final = false;  // after the cancel: both ends answered
  };
  void expire(const std::string& call_id);

  Environment& env_;
  SipTransport& transport_;
  StatelessProxy& proxy_;
  Time timeout_;
  Retarget retarget_;
  std::map<std::string, std::unique_ptr<Watched>> watched_;  // by Call-ID
  std::uint64_t retargeted_ = 0;
};

}  // namespace imssim::ims
