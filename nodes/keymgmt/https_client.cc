#include "nodes/keymgmt/https_client.h"

#include "nodes/keymgmt/constants.h"
#include "nodes/proto/http/constants.h"
#include "nodes/proto/tls/psk_identity.h"

namespace imssim::keymgmt {

HttpsClient::~HttpsClient() = default;

Result<std::shared_ptr<const tls::Context>> HttpsClient::context(const KmsCredentials& c) {
  if (context_ && context_btid_ == c.btid) return context_;
  if (!config_.library) return fail("HTTPS to the KMS: no TLS library context");
  tls::Config t;
  t.kind = config_.kind;
  t.role = tls::Role::kClient;
  t.server_name = config_.kms_host;
  // TS 33.222 §5.4 uses Ks_NAF as the PSK; we use the KMS's Ks_NAF (Ua id of TS 33.328) for
  // every suite rather than one per TLS suite (TS 33.220 H.3): one key per UE and KMS.
  t.client_psk = tls::ClientPsk::fixed(tls::gba_psk_identity(c.btid), c.ks_naf);
  auto ctx = tls::Context::create(*config_.library, std::move(t), env_.rng("tls-client"));
  if (!ctx) return fail("HTTPS to the KMS: " + ctx.error().message);
  context_ = std::move(*ctx);
  context_btid_ = c.btid;
  return context_;
}

void HttpsClient::post(const KmsCredentials& c, std::string_view path,
                       std::string_view content_type, Bytes body, std::string label,
                       HttpsDone done) {
  auto ctx = context(c);
  if (!ctx) return done(Unexpected{ctx.error()}, {});
  http::Request r;
  r.method = "POST";
  r.target = std::string(path);
  r.headers.add(std::string(http::kHost), config_.kms_host);
  r.headers.add(std::string(http::kContentType), std::string(content_type));
  r.body = std::move(body);
  std::uint64_t id = next_id_++;
  exchanges_.emplace(
      id, HttpsExchange::start(
              env_, *ctx, config_.kms, std::move(r), std::move(label),
              [this, id, done = std::move(done)](Result<http::Response> response,
                                                 const ExchangeStats& stats) mutable {
                // The exchange still closes its connection; forget it a while later.
                env_.start_timer(kHttpsGiveUpAfter, [this, id] { exchanges_.erase(id); });
                done(std::move(response), stats);
              }));
}

}  // namespace imssim::keymgmt
