// The KMS's HTTPS interface (the ticket variants): TCP port 443, GBA PSK-TLS (TS 33.222 §5.4:
// the client's PSK identity carries its B-TID; the KMS fetches Ks_NAF over Zn while the
// handshake waits), then HTTP/1.1 requests answered by a handler that knows which GBA-
// authenticated subscriber sent them. Connections close when the client closes.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "common/env.h"
#include "nodes/kms/kms.h"
#include "nodes/kms/naf_key_source.h"
#include "nodes/proto/http/message.h"
#include "nodes/proto/http/parser.h"
#include "nodes/proto/tls/context.h"
#include "nodes/proto/tls/endpoint.h"

namespace imssim::kms {

// Answers one request; `peer` is the Ks_NAF record of the TLS session's B-TID.
using HttpsHandler = std::function<http::Response(const http::Request&, const NafKey& peer)>;

struct HttpsServiceConfig {
  std::uint16_t port = 443;
  tls::Kind kind = tls::Kind::kTls12GbaPsk;
};

class HttpsService {
 public:
  static Result<std::unique_ptr<HttpsService>> start(Environment& env, tls::LibraryContext& library,
                                                     Kms& kms, NafKeySource& keys,
                                                     HttpsServiceConfig config,
                                                     HttpsHandler handler);
  ~HttpsService();

 private:
  struct Connection {
    std::uint64_t id = 0;
    std::unique_ptr<Stream> stream;
    std::unique_ptr<tls::Endpoint> tls;
    http::RequestParser parser;
    std::optional<NafKey> peer;
    bool handshake_charged = false;  // to the modelled processor (cpu_model.h)
    Time ready_at;                   // output waits for the modelled processor until then
  };
  HttpsService(Environment& env, tls::LibraryContext& library, Kms& kms, NafKeySource& keys,
               tls::Kind kind, HttpsHandler handler)
      : env_(env), library_(library), kms_(kms), naf_keys_(keys), kind_(kind),
        handler_(std::move(handler)) {}
  Result<Ok> ensure_context();
  void on_accept(std::unique_ptr<Stream> stream);
  void on_data(std::uint64_t id, ByteView data);
  void on_psk_requested(std::uint64_t id, const std::string& identity);
  // Handles TLS events and requests, sends what TLS produced; false: the connection ended.
  bool advance(Connection& c);
  void flush(Connection& c, std::string_view label);
  // Closes the stream once the output queued before has left.
  void close_after_output(Connection& c);
  void charge(Connection& c, KmsOp op);
  void drop(std::uint64_t id, std::string_view why);
  Connection* find(std::uint64_t id);

  Environment& env_;
  tls::LibraryContext& library_;
  Kms& kms_;
  NafKeySource& naf_keys_;
  tls::Kind kind_;
  HttpsHandler handler_;
  std::shared_ptr<tls::Context> context_;
  std::unique_ptr<StreamListener> listener_;
  std::map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::uint64_t next_id_ = 1;
};

}  // namespace imssim::kms
