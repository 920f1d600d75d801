// The S-CSCF's side of lawful interception (X2): an INVITE from or to a target under an active
// warrant is reported to the LI function as a SIP MESSAGE whose body is the INVITE
// (message/sipfrag, RFC 3420), sent as a non-INVITE client transaction.
#pragma once

#include <functional>
#include <string>

#include "nodes/ims/non_invite_client.h"

namespace imssim::ims {

struct LiTarget {
  std::string li_uri;  // sip:li@<domain>
  Endpoint li;
  // Whether `impu` is under an active warrant now (X1 provisioning of the S-CSCF).
  std::function<bool(const std::string& impu)> under_warrant;
};

class LiReporter {
 public:
  LiReporter(Environment& env, SipTransport& transport, NonInviteClient& client, LiTarget target)
      : env_(env), transport_(transport), client_(client), target_(std::move(target)) {}
  // Reports `invite` (an initial INVITE, before the S-CSCF rewrites it) if one of its
  // parties, the caller or the addressed user, is a target.
  void on_invite(const sip::Message& invite);
  std::uint64_t reports() const { return reports_; }

 private:
  Environment& env_;
  SipTransport& transport_;
  NonInviteClient& client_;
  LiTarget target_;
  std::uint64_t reports_ = 0;
};

}  // namespace imssim::ims
