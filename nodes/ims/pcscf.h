// P-CSCF: the UEs' first hop (Gm). Requests from a UE go to the S-CSCF (Mw) unless their route
// set names another hop; requests from the S-CSCF go to the UE contact in their Request-URI.
// Record-Routes initial requests so in-dialog requests (ACK, BYE) come back through it. It is
// the edge of the trust domain (TS 24.229 §5.2.6.3): it drops any P-Asserted-Identity a UE
// sends and asserts the IMPU the UE registered from that address (learnt from the registrar's
// 200 OK), so nodes inside can rely on the header.
#pragma once

#include <map>
#include <string>

#include <memory>

#include "nodes/ims/stateless_proxy.h"

namespace imssim::ims {

struct PcscfConfig {
  std::uint16_t port = 5060;
  Endpoint scscf;
};

class Pcscf {
 public:
  static Result<std::unique_ptr<Pcscf>> start(Environment& env, PcscfConfig config);
  SipTransport& transport() { return *transport_; }

 private:
  Pcscf(Environment& env, PcscfConfig config, std::unique_ptr<SipTransport> transport);
  void on_message(sip::Message m, const Endpoint& from);
  void on_response(sip::Message m, const Endpoint& from);
  // A message from a UE: its own P-Asserted-Identity goes, the registered one comes.
  void assert_sender(sip::Message& m, const Endpoint& ue);

  Environment& env_;
  PcscfConfig config_;
  std::unique_ptr<SipTransport> transport_;
  StatelessProxy proxy_;
  std::map<Endpoint, std::string> registered_;  // UE address -> its registered IMPU
};

}  // namespace imssim::ims
