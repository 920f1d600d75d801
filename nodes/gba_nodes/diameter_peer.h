// Diameter over the Environment's streams (RFC 6733 §2.1: TCP, port 3868): a server that
// answers each request of each accepted connection through a handler, and a client that keeps
// one connection to its peer, numbers its requests, matches answers by Hop-by-Hop Identifier
// (RFC 6733 §3) and gives up on a request after a timeout.
//
// Not modelled: the capabilities exchange (CER/CEA, §5.3), watchdogs (DWR/DWA, §5.5) and
// disconnect (DPR/DPA): the nodes start exchanging application messages at once. Wireshark
// decodes the messages anyway (the application id is in every header).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "common/env.h"
#include "nodes/gba_nodes/diameter_framer.h"
#include "nodes/proto/diameter/message.h"

namespace imssim::gba_nodes {

// "Zn BIR", "Zh MAA", "Diameter 280 request": the ladder label of a message.
std::string describe(const diameter::Message& m);

class DiameterServer {
 public:
  // Answers one request; called from the event loop. The returned answer is sent as is (the
  // handler copies the request's identifiers, RFC 6733 §6.2).
  using Handler = std::function<diameter::Message(const diameter::Message& request)>;
  struct Counters {
    std::uint64_t connections = 0;
    std::uint64_t requests = 0;
    std::uint64_t bad_streams = 0;      // framing or decoding errors (the stream is reset)
    std::uint64_t ignored_answers = 0;  // answers sent to a server
  };

  // Errors: the port is in use.
  static Result<std::unique_ptr<DiameterServer>> listen(Environment& env, std::uint16_t port,
                                                        Handler handler);
  ~DiameterServer();
  const Counters& counters() const { return counters_; }
  Endpoint local() const { return listener_->local(); }

 private:
  struct Connection {
    std::unique_ptr<Stream> stream;
    DiameterFramer framer;
  };
  DiameterServer(Environment& env, Handler handler) : env_(env), handler_(std::move(handler)) {}
  void accept(std::unique_ptr<Stream> stream);
  void on_data(std::uint64_t id, ByteView data);

  Environment& env_;
  Handler handler_;
  std::unique_ptr<StreamListener> listener_;
  std::map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 1;
  Counters counters_;
};

class DiameterClient {
 public:
  using AnswerCallback = UniqueFunction<void(Result<diameter::Message>)>;
  struct Counters {
    std::uint64_t requests = 0;
    std::uint64_t answers = 0;
    std::uint64_t timeouts = 0;
    std::uint64_t connections = 0;        // streams opened (1 unless the peer closed one)
    std::uint64_t failed = 0;             // requests lost with a closed or broken connection
    std::uint64_t unmatched_answers = 0;  // late (after a timeout) or unknown Hop-by-Hop id
  };

  // `name` prefixes errors ("Zn client kms.ims.example"); identifiers are drawn from the
  // node's random stream `name`/diameter-ids so that runs are reproducible.
  DiameterClient(Environment& env, Endpoint peer, Time timeout, std::string name);
  ~DiameterClient();
  DiameterClient(const DiameterClient&) = delete;
  DiameterClient& operator=(const DiameterClient&) = delete;

  // Sets the Hop-by-Hop and End-to-End identifiers and sends the request (connecting first if
  // needed). `done` gets the answer, or an error naming the peer and the reason: the timeout,
  // the connection refused, reset or closed, a framing error. It is called exactly once, from
  // the event loop; it must not destroy this client.
  void send(diameter::Message request, AnswerCallback done);
  // A fresh Session-Id for a request of this client (RFC 6733 §8.8: host;high;low, with the
  // high part drawn once and the low part counting).
  std::string new_session_id(std::string_view origin_host);
  const Counters& counters() const { return counters_; }
  std::size_t pending() const { return pending_.size(); }

 private:
  struct Pending {
    AnswerCallback done;
    TimerId timer = 0;
  };
  void connect();
  void on_data(ByteView data);
  // Fails every pending request (the connection is gone) and forgets the stream.
  void drop_connection(const std::string& why);
  void complete(std::uint32_t hop_by_hop, Result<diameter::Message> outcome);

  Environment& env_;
  Endpoint peer_;
  Time timeout_;
  std::string name_;
  std::unique_ptr<Stream> stream_;
  DiameterFramer framer_;
  std::map<std::uint32_t, Pending> pending_;
  std::uint32_t next_hop_by_hop_;
  std::uint32_t next_end_to_end_;
  std::uint32_t session_high_;
  std::uint32_t session_low_ = 0;
  Counters counters_;
};

}  // namespace imssim::gba_nodes
