// Requests a node originates outside any dialog (the S-CSCF's LI report and third-party
// REGISTER, the mailbox's MESSAGE): each is a non-INVITE client transaction (RFC 3261
// §17.1.2), retransmitted on Timer E until a response arrives and given up after 64*T1
// (Timer F). Responses are matched by Call-ID: each request here has its own.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "nodes/ims/retransmitter.h"
#include "nodes/ims/sip_transport.h"
#include "nodes/proto/sip/build.h"

namespace imssim::ims {

class NonInviteClient {
 public:
  NonInviteClient(Environment& env, SipTransport& transport) : env_(env), transport_(transport) {}
  // A request of its own: fresh From tag, Call-ID and branch, our Via.
  sip::RequestSpec new_request(std::string method, std::string request_uri,
                               const std::string& from_uri, const std::string& to_uri);
  void send(sip::Message request, const Endpoint& to);
  // True when `m` answers one of our requests (it is then consumed here).
  bool on_response(const sip::Message& m);
  std::uint64_t sent() const { return sent_; }
  std::uint64_t unanswered() const { return unanswered_; }

 private:
  struct Pending {
    Pending(Environment& env, sip::Message m, Endpoint destination)
        : message(std::move(m)), to(destination), rtx(env) {}
    sip::Message message;
    Endpoint to;
    Retransmitter rtx;
  };
  Environment& env_;
  SipTransport& transport_;
  std::map<std::string, std::unique_ptr<Pending>> pending_;  // by Call-ID
  std::uint64_t sent_ = 0, unanswered_ = 0;
};

}  // namespace imssim::ims
