// The S-CSCF's side of lawful interception (X2): an INVITE from or to a target under an active
// warrant is reported to the LI function as a SIP MESSAGE whose body is the INVITE
// (message/sipfrag, RFC 3420), sent as a non-INVITE client transaction; the BYE that ends a
// reported call is reported the same way (the end of the session: the copy can stop).
#pragma once

#include <functional>
#include <set>
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
  // Reports the BYE of a call whose INVITE was reported.
  void on_bye(const sip::Message& bye);
  std::uint64_t reports() const { return reports_; }  // intercepted calls reported

 private:
  Environment& env_;
  SipTransport& transport_;
  NonInviteClient& client_;
  void report(const sip::Message& request);

  LiTarget target_;
  std::set<std::string> intercepted_;  // Call-IDs of reported INVITEs
  std::uint64_t reports_ = 0;
};

}  // namespace imssim::ims
