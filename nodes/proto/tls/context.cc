#include "nodes/proto/tls/context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include "nodes/proto/tls/openssl_error.h"

namespace imssim::tls {

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::kTls12GbaPsk: return "tls12-gba-psk";
    case Kind::kTls13Psk: return "tls13-psk";
    case Kind::kTls13Certificate: return "tls13-certificate";
  }
  return "?";
}

std::string_view to_string(Role role) { return role == Role::kClient ? "client" : "server"; }

bool is_psk(Kind kind) { return kind != Kind::kTls13Certificate; }

ClientPsk ClientPsk::fixed(std::string identity, Bytes key) {
  return {std::move(identity),
          [key = std::move(key)](std::uint16_t) -> std::optional<Bytes> { return key; }};
}

namespace {

Result<Ok> check(const Config& c) {
  std::string where = "TLS config (" + std::string(to_string(c.kind)) + " " +
                      std::string(to_string(c.role)) + "): ";
  bool client = c.role == Role::kClient;
  if (is_psk(c.kind)) {
    if (client && (!c.client_psk || !c.client_psk->key))
      return fail(where + "a PSK client needs client_psk with a key");
    if (client && (c.client_psk->identity.empty() || c.client_psk->identity.size() > 65535))
      return fail(where + "the PSK identity must be 1..65535 bytes");
    if (!client && !c.psk_lookup) return fail(where + "a PSK server needs psk_lookup");
    if (!client && c.psk_identity_hint.size() > 65535)
      return fail(where + "the PSK identity hint is longer than 65535 bytes");
  } else {
    if (client && !c.trust_anchor) return fail(where + "a client needs a trust_anchor");
    if (client && c.server_name.empty())
      return fail(where + "a client needs the server_name to verify");
    if (!client && !c.certificate) return fail(where + "a server needs a certificate");
  }
  return Ok{};
}

// Called just before the server seals a session into a ticket: the session's creation time
// (time(NULL) in OpenSSL) is sealed too, which would make ticket bytes depend on the wall
// clock. A fixed time keeps them reproducible.
int fix_ticket_session_time(SSL* ssl, void* /*arg*/) {
  SSL_SESSION* session = SSL_get0_session(ssl);
  if (session != nullptr) SSL_SESSION_set_time(session, long(kCertificateNotBeforeUnix));
  return 1;
}

void key_log_callback(const SSL* ssl, const char* line) {
  auto* context = static_cast<Context*>(SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl)));
  if (context != nullptr && context->config().key_log) context->config().key_log(line);
}

}  // namespace

Result<std::shared_ptr<Context>> Context::create(LibraryContext& library, Config config,
                                                 Rng& rng) {
  if (auto ok = check(config); !ok) return Unexpected{ok.error()};
  std::shared_ptr<Context> context(new Context(library, std::move(config)));
  ERR_clear_error();
  LibraryContext::RngScope scope(library, rng);
  if (auto ok = context->configure(); !ok) {
    drain_openssl_errors();
    return Unexpected{ok.error()};
  }
  return context;
}

Context::~Context() { SSL_CTX_free(ctx_); }

Result<Ok> Context::configure() {
  const Config& c = config_;
  bool client = c.role == Role::kClient;
  ctx_ = SSL_CTX_new_ex(library_.get(), nullptr, client ? TLS_client_method() : TLS_server_method());
  if (ctx_ == nullptr) return fail(openssl_failure("SSL_CTX_new_ex failed"));
  SSL_CTX_set_app_data(ctx_, this);

  int version = c.kind == Kind::kTls12GbaPsk ? TLS1_2_VERSION : TLS1_3_VERSION;
  if (SSL_CTX_set_min_proto_version(ctx_, version) != 1 ||
      SSL_CTX_set_max_proto_version(ctx_, version) != 1)
    return fail(openssl_failure("setting the protocol version"));

  std::uint64_t options = SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION;
  if (!c.session_tickets) options |= SSL_OP_NO_TICKET;
  SSL_CTX_set_options(ctx_, options);
  if (!c.middlebox_compat) SSL_CTX_clear_options(ctx_, SSL_OP_ENABLE_MIDDLEBOX_COMPAT);
  // No resumption unless tickets are asked for: no server cache growing with every connection.
  SSL_CTX_set_session_cache_mode(ctx_, c.session_tickets ? SSL_SESS_CACHE_SERVER
                                                         : SSL_SESS_CACHE_OFF);
  if (version == TLS1_3_VERSION && SSL_CTX_set_num_tickets(ctx_, c.session_tickets ? 2 : 0) != 1)
    return fail(openssl_failure("setting the number of TLS 1.3 tickets"));
  if (c.session_tickets && !client &&
      SSL_CTX_set_session_ticket_cb(ctx_, fix_ticket_session_time, nullptr, nullptr) != 1)
    return fail(openssl_failure("installing the session ticket callback"));

  switch (c.kind) {
    case Kind::kTls12GbaPsk: {
      std::string list = c.cipher_list.empty() ? std::string(kGbaTls12CipherList) : c.cipher_list;
      if (SSL_CTX_set_cipher_list(ctx_, list.c_str()) != 1)
        return fail(openssl_failure("TLS 1.2 cipher list '" + list + "' rejected"));
      if (!client && !c.psk_identity_hint.empty() &&
          SSL_CTX_use_psk_identity_hint(ctx_, c.psk_identity_hint.c_str()) != 1)
        return fail(openssl_failure("setting the PSK identity hint"));
      break;
    }
    case Kind::kTls13Psk:
    case Kind::kTls13Certificate: {
      std::string suites = !c.cipher_list.empty()       ? c.cipher_list
                           : c.kind == Kind::kTls13Psk ? std::string(kTls13PskCipherSuites)
                                                       : std::string();
      if (!suites.empty() && SSL_CTX_set_ciphersuites(ctx_, suites.c_str()) != 1)
        return fail(openssl_failure("TLS 1.3 cipher suites '" + suites + "' rejected"));
      break;
    }
  }

  if (c.kind == Kind::kTls13Certificate) {
    if (client) {
      X509_STORE* store = SSL_CTX_get_cert_store(ctx_);
      if (X509_STORE_add_cert(store, c.trust_anchor->x509()) != 1)
        return fail(openssl_failure("adding the trust anchor"));
      X509_VERIFY_PARAM_set_time(SSL_CTX_get0_param(ctx_), time_t(c.verify_time_unix));
      SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    } else {
      if (SSL_CTX_use_certificate(ctx_, c.certificate->x509()) != 1 ||
          SSL_CTX_use_PrivateKey(ctx_, c.certificate->private_key()) != 1 ||
          SSL_CTX_check_private_key(ctx_) != 1)
        return fail(openssl_failure("installing the server certificate"));
    }
  }
  if (c.key_log) SSL_CTX_set_keylog_callback(ctx_, key_log_callback);
  return Ok{};
}

}  // namespace imssim::tls
