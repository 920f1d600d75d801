// The forwarding both CSCFs share: a stateless proxy (RFC 3261 §16.11). Retransmissions are
// forwarded like originals, so the UEs' transactions recover loss end to end; the branch of
// our Via is a hash of the incoming one, so a retransmission leaves with the same branch.
#pragma once

#include <optional>
#include <string>

#include "nodes/ims/sip_transport.h"

namespace imssim::ims {

class StatelessProxy {
 public:
  StatelessProxy(Environment& env, SipTransport& transport, std::string self_uri)
      : env_(env), transport_(transport), self_uri_(std::move(self_uri)) {}

  const std::string& self_uri() const { return self_uri_; }
  // Max-Forwards and our own Route (RFC 3261 §16.3, §16.4). False: answered (483) or dropped.
  bool admit(sip::Message& request, const Endpoint& from);
  // Record-Route (initial requests only, when asked), Via, then send (§16.6).
  void forward(sip::Message request, const Endpoint& next, bool record_route);
  // The same in two steps, for a caller that keeps what it forwarded (to CANCEL it later).
  std::optional<sip::Message> prepare(sip::Message request, bool record_route);
  void send(const sip::Message& prepared, const Endpoint& next);
  // Pops our Via and sends the response to the next one (§16.7).
  void forward_response(sip::Message response);
  // A final answer of our own to `request`, to its top Via.
  void answer(const sip::Message& request, const Endpoint& from, int status,
              std::vector<std::pair<std::string, std::string>> headers = {},
              std::string contact = {}) {
    (void)respond(request, from, status, std::move(headers), std::move(contact));
  }
  // The same, returning what was sent and where (a server transaction keeps it).
  struct Sent {
    sip::Message response;
    Endpoint to;
  };
  std::optional<Sent> respond(const sip::Message& request, const Endpoint& from, int status,
                              std::vector<std::pair<std::string, std::string>> headers,
                              std::string contact);

  std::uint64_t forwarded() const { return forwarded_; }

 private:
  Environment& env_;
  SipTransport& transport_;
  std::string self_uri_;
  std::uint64_t forwarded_ = 0;
};

}  // namespace imssim::ims
