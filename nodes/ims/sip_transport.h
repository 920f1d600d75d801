// SIP over UDP for one node (RFC 3261 §18): parses every datagram strictly, hands valid
// messages to the node, answers unparseable requests with the status the parser names (or
// drops them), and counts messages and bytes per Call-ID so calls can report their own
// signalling load.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/env.h"
#include "nodes/proto/sip/message.h"

namespace imssim::ims {

struct SignallingCount {
  std::uint64_t messages = 0, bytes = 0;
  void add(std::size_t n) {
    ++messages;
    bytes += n;
  }
};

class SipTransport {
 public:
  using Handler = UniqueFunction<void(sip::Message, const Endpoint& from)>;
  static Result<std::unique_ptr<SipTransport>> open(Environment& env, std::uint16_t port,
                                                    std::string node_name);

  Endpoint local() const { return socket_->local(); }
  std::string sent_by() const;  // "10.0.0.1:5060" for Via
  void on_message(Handler handler) { handler_ = std::move(handler); }
  void send(const sip::Message& m, const Endpoint& to);

  // Which interface a peer is on ("Gm", "Mw": names that outlive the transport); every peer
  // is on Gm unless told otherwise.
  void set_interface_of(std::function<std::string_view(const Endpoint& peer)> f) {
    interface_of_ = std::move(f);
  }
  // Messages and bytes this node sent and received for a Call-ID, by interface.
  std::map<std::string, SignallingCount> count_of(const std::string& call_id) const;
  std::uint64_t rejected() const { return rejected_; }

 private:
  SipTransport(Environment& env, std::unique_ptr<DatagramSocket> socket, std::string node);
  void on_datagram(const Endpoint& from, ByteView bytes);

  Environment& env_;
  std::unique_ptr<DatagramSocket> socket_;
  std::string node_;
  Handler handler_;
  void count(std::string_view call_id, const Endpoint& peer, std::size_t bytes);
  std::function<std::string_view(const Endpoint&)> interface_of_;
  // Hashed, looked up by string_view: a proxy sees every Call-ID of the run and counts each
  // message, so a sorted map of strings cost a key copy and O(log calls) compares per message.
  // Never iterated, so its order cannot reach any output.
  struct CallIdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  using ByInterface = std::map<std::string, SignallingCount, std::less<>>;
  std::unordered_map<std::string, ByInterface, CallIdHash, std::equal_to<>> by_call_;
  std::uint64_t rejected_ = 0;
};

// "sip:host:port" of an endpoint, and the endpoint a "host[:port]" or SIP URI names (numeric
// IPv4 hosts only: the simulation has no DNS for SIP).
std::string sip_uri(const Endpoint& e);
Result<Endpoint> endpoint_of(std::string_view uri_or_sent_by);

}  // namespace imssim::ims
