// S-CSCF: registrar with IMS AKA (RFC 3310 Digest AKAv1-MD5, vectors from the HSS), and
// routing: an initial request for a registered IMPU goes to its contact through the P-CSCF it
// registered through; for an IMPU that is not registered, the retarget hook may name another
// destination (the media mailbox), else 480. The INVITE hook lets LI see what passes.
#pragma once

#include <functional>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "nodes/ims/auth_vector_source.h"
#include "nodes/ims/stateless_proxy.h"

namespace imssim::ims {

struct ScscfConfig {
  std::uint16_t port = 5060;
  std::string domain = "ims.example";  // the Digest realm
  Time max_registration = Time::sec(600000);
};

struct Binding {
  std::string impi;
  std::string contact_uri;
  Endpoint contact, path;  // the UE, and the P-CSCF it registered through
  Time expires;
};

// Where an INVITE for an IMPU that is not registered goes instead.
struct Retarget {
  std::string request_uri;
  Endpoint next;
};

class Scscf {
 public:
  static Result<std::unique_ptr<Scscf>> start(Environment& env, ScscfConfig config,
                                              AuthVectorSource& vectors);
  SipTransport& transport() { return *transport_; }

  const Binding* binding(const std::string& impu) const;
  void set_retarget(std::function<std::optional<Retarget>(const std::string& impu)> f) {
    retarget_ = std::move(f);
  }
  void on_invite(std::function<void(const sip::Message&)> f) { invite_hook_ = std::move(f); }

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
  std::function<std::optional<Retarget>(const std::string&)> retarget_;
  std::function<void(const sip::Message&)> invite_hook_;
  std::uint64_t registrations_ = 0, challenges_ = 0;
};

}  // namespace imssim::ims
