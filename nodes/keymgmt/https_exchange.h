// One HTTP request from a UE to the KMS over a fresh TCP connection and GBA PSK-TLS
// (TS 33.222 §5.4: PSK identity from the B-TID, PSK = Ks_NAF), as the ticket variants use it:
// connect, handshake, one request, its response, close_notify and FIN. Every byte crosses the
// simulated network; the exchange counts its round trips (TCP's SYN/SYN-ACK, each TLS flight
// answered, the request answered), TLS records and payload bytes.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "common/env.h"
#include "nodes/keymgmt/exchange_stats.h"
#include "nodes/proto/http/message.h"
#include "nodes/proto/http/parser.h"
#include "nodes/proto/tls/context.h"
#include "nodes/proto/tls/endpoint.h"

namespace imssim::keymgmt {

using HttpsDone = UniqueFunction<void(Result<http::Response>, const ExchangeStats&)>;

class HttpsExchange {
 public:
  // Starts at once. `done` is called exactly once, from the event loop; after it the exchange
  // only finishes closing and may be destroyed (from a later event).
  static std::unique_ptr<HttpsExchange> start(Environment& env,
                                              std::shared_ptr<const tls::Context> context,
                                              const Endpoint& kms, http::Request request,
                                              std::string label, HttpsDone done);
  ~HttpsExchange();
  bool finished() const { return !done_; }

 private:
  HttpsExchange(Environment& env, HttpsDone done) : env_(env), done_(std::move(done)) {}
  void on_connected();
  void on_data(ByteView data);
  void on_closed(StreamClose how);
  void flush(const std::string& label);
  void finish(Result<http::Response> result);

  Environment& env_;
  std::unique_ptr<Stream> stream_;
  std::unique_ptr<tls::Endpoint> tls_;
  http::ResponseParser parser_;
  std::string request_label_;
  bool awaiting_answer_ = false;  // we sent since the KMS last spoke: its next bytes end a turn
  ExchangeStats stats_;
  TimerId give_up_ = 0;
  HttpsDone done_;
};

}  // namespace imssim::keymgmt
