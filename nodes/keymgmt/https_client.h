// A UE's HTTPS client for the KMS (the ticket variants): one POST per exchange over a fresh
// TCP + GBA PSK-TLS connection (https_exchange.h), with the TLS client context of the UE's
// current B-TID kept for the next exchange.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "common/env.h"
#include "nodes/keymgmt/https_exchange.h"
#include "nodes/keymgmt/key_agent.h"
#include "nodes/proto/tls/library_context.h"

namespace imssim::keymgmt {

struct HttpsClientConfig {
  Endpoint kms;
  std::string kms_host;  // Host header and TLS SNI (TS 24.109 F.3: the NAF's host name)
  tls::Kind kind = tls::Kind::kTls12GbaPsk;
  tls::LibraryContext* library = nullptr;  // the simulation's; outlives the client
};

class HttpsClient {
 public:
  HttpsClient(Environment& env, HttpsClientConfig config) : env_(env), config_(std::move(config)) {}
  ~HttpsClient();

  void post(const KmsCredentials& c, std::string_view path, std::string_view content_type,
            Bytes body, std::string label, HttpsDone done);

 private:
  Result<std::shared_ptr<const tls::Context>> context(const KmsCredentials& c);

  Environment& env_;
  HttpsClientConfig config_;
  std::shared_ptr<const tls::Context> context_;
  std::string context_btid_;
  std::map<std::uint64_t, std::unique_ptr<HttpsExchange>> exchanges_;
  std::uint64_t next_id_ = 1;
};

}  // namespace imssim::keymgmt
