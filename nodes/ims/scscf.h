// S-CSCF: registrar with IMS AKA (RFC 3310 Digest AKAv1-MD5, vectors from the HSS), and
// routing: an initial request for a registered IMPU goes to its contact through the P-CSCF it
// registered through; for an IMPU that is not registered, the retarget hook may name another
// destination (the media mailbox), else 480. INVITEs of LI targets are reported (li_reporter.h);
// a registration is passed on to the application server that wants it (third-party REGISTER,
// TS 24.229 §5.4.1.7: the media mailbox learns its user is back).
#pragma once

#include <functional>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "nodes/ims/auth_vector_source.h"
#include "nodes/ims/li_reporter.h"
#include "nodes/ims/no_answer.h"
#include "nodes/ims/stateless_proxy.h"

namespace imssim::ims {

struct ScscfConfig {
  std::uint16_t port = 5060;
  std::string domain = "ims.example";  // the Digest realm
  Time max_registration = Time::sec(600000);
  // An INVITE to a registered user unanswered this long is retargeted (0: never).
  Time no_answer_timeout;
};

struct Binding {
  std::string impi;
  std::string contact_uri;
  Endpoint contact, path;  // the UE, and the P-CSCF it registered through
  Time expires;
};

// Where an initial request goes instead of its user: a service URI (the mailbox's own), or a
// user retargeted to the mailbox. An empty request_uri keeps the request's.
using Retarget = NoAnswerTarget;
enum class RetargetReason { kNotRegistered, kNoAnswer };

// The application server told of every registration (its URI and where it listens).
struct ThirdPartyRegistration {
  std::string as_uri;
  Endpoint as;
};

class Scscf {
 public:
  static Result<std::unique_ptr<Scscf>> start(Environment& env, ScscfConfig config,
                                              AuthVectorSource& vectors);
  SipTransport& transport() { return *transport_; }

  const Binding* binding(const std::string& impu) const;
  void set_retarget(
      std::function<std::optional<Retarget>(const std::string& uri, RetargetReason why)> f);
  // Lawful interception: report the INVITEs of targets to the LI function.
  void set_interception(LiTarget target) {
    li_ = std::make_unique<LiReporter>(env_, *transport_, requests_, std::move(target));
  }
  void set_third_party_registration(ThirdPartyRegistration as) { third_party_ = std::move(as); }
  const LiReporter* li() const { return li_.get(); }

  std::uint64_t registrations() const { return registrations_; }
  std::uint64_t challenges() const { return challenges_; }

 private:
  Scscf(Environment& env, ScscfConfig config, AuthVectorSource& vectors,
        std::unique_ptr<SipTransport> transport);
  void on_message(sip::Message m, const Endpoint& from);
  void on_register(sip::Message m, const Endpoint& from);
  void challenge(sip::Message m, const Endpoint& from, const std::string& impi,
                 const std::string& impu);
  void route_initial(sip::Message m, const Endpoint& from);
  void register_at_as(const std::string& impu, Time expiry);
  // The registrar's answer, kept for the REGISTER's retransmissions (server transaction).
  void answer_register(const sip::Message& m, const Endpoint& from, int status,
                       std::vector<std::pair<std::string, std::string>> headers = {},
                       std::string contact = {});

  Environment& env_;
  ScscfConfig config_;
  AuthVectorSource& vectors_;
  std::unique_ptr<SipTransport> transport_;
  StatelessProxy proxy_;
  std::map<std::string, Binding> bindings_;  // by IMPU
  struct Challenge {
    std::string nonce;
    Bytes xres;
  };
  std::map<std::string, Challenge> challenges_by_impi_;
  std::set<std::string> fetching_;
  // RFC 3261 §17.2.2: a retransmitted REGISTER gets the answer already given (a fresh
  // challenge would void the one the UE is answering). By Call-ID and CSeq, for Timer J.
  struct Answered {
    sip::Message response;
    Endpoint to;
  };
  std::map<std::string, Answered> register_answers_;
  std::deque<std::pair<Time, std::string>> register_answer_expiry_;
  std::function<std::optional<Retarget>(const std::string&, RetargetReason)> retarget_;
  std::unique_ptr<NoAnswerSupervisor> no_answer_;
  NonInviteClient requests_;  // the S-CSCF's own requests: LI reports, third-party REGISTERs
  std::unique_ptr<LiReporter> li_;
  std::optional<ThirdPartyRegistration> third_party_;
  std::uint64_t registrations_ = 0, challenges_ = 0;
};

}  // namespace imssim::ims
