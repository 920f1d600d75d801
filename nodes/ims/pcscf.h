// P-CSCF: the UEs' first hop (Gm). Requests from a UE go to the S-CSCF (Mw) unless their route
// set names another hop; requests from the S-CSCF go to the UE contact in their Request-URI.
// Record-Routes initial requests so in-dialog requests (ACK, BYE) come back through it.
#pragma once

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

  Environment& env_;
  PcscfConfig config_;
  std::unique_ptr<SipTransport> transport_;
  StatelessProxy proxy_;
};

}  // namespace imssim::ims
