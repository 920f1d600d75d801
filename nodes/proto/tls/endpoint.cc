#include "nodes/proto/tls/endpoint.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cstring>

#include "nodes/proto/tls/constants.h"
#include "nodes/proto/tls/openssl_error.h"

namespace imssim::tls {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kUsage: return "usage";
    case ErrorKind::kHandshake: return "handshake";
    case ErrorKind::kProtocol: return "protocol";
    case ErrorKind::kInternal: return "internal";
  }
  return "?";
}

std::string_view to_string(Event::Type type) {
  switch (type) {
    case Event::Type::kHandshakeComplete: return "handshake-complete";
    case Event::Type::kPskRequested: return "psk-requested";
    case Event::Type::kAlertSent: return "alert-sent";
    case Event::Type::kAlertReceived: return "alert-received";
    case Event::Type::kCloseNotifyReceived: return "close-notify-received";
  }
  return "?";
}

std::string_view to_string(State state) {
  switch (state) {
    case State::kIdle: return "idle";
    case State::kHandshaking: return "handshaking";
    case State::kAwaitingPsk: return "awaiting-psk";
    case State::kConnected: return "connected";
    case State::kClosing: return "closing";
    case State::kClosed: return "closed";
    case State::kFailed: return "failed";
  }
  return "?";
}

namespace {
Endpoint* self(const SSL* ssl) { return static_cast<Endpoint*>(SSL_get_app_data(ssl)); }
}  // namespace

struct OpensslCallbacks {
  static void on_message(int write_p, int version, int content_type, const void* buf,
                         size_t len, SSL* ssl, void* arg);
  static void on_info(const SSL* ssl, int where, int ret);
  static unsigned int on_psk_client(SSL* ssl, const char* hint, char* identity,
                                    unsigned int max_identity_len, unsigned char* psk,
                                    unsigned int max_psk_len);
  static unsigned int on_psk_server(SSL* ssl, const char* identity, unsigned char* psk,
                                    unsigned int max_psk_len);
  static int on_psk_use_session(SSL* ssl, const EVP_MD* md, const unsigned char** id,
                                size_t* idlen, SSL_SESSION** session);
  static int on_psk_find_session(SSL* ssl, const unsigned char* identity, size_t identity_len,
                                 SSL_SESSION** session);
  static SSL_SESSION* tls13_psk_session(SSL* ssl, const Bytes& key);
};
using CB = OpensslCallbacks;

Endpoint::Endpoint(std::shared_ptr<const Context> context, Rng& rng)
    : context_(std::move(context)), rng_(rng) {}

Endpoint::~Endpoint() { SSL_free(ssl_); }

Result<std::unique_ptr<Endpoint>, TlsError> Endpoint::create(
    std::shared_ptr<const Context> context, Rng& rng) {
  if (!context) return Unexpected{TlsError{ErrorKind::kUsage, "TLS endpoint: no context"}};
  std::unique_ptr<Endpoint> endpoint(new Endpoint(std::move(context), rng));
  if (auto ok = endpoint->setup(); !ok) return Unexpected{ok.error()};
  return endpoint;
}

Role Endpoint::role() const { return context_->config().role; }

std::string Endpoint::label() const {
  return "TLS " + std::string(to_string(context_->config().kind)) + " " +
         std::string(to_string(role()));
}

Result<Ok, TlsError> Endpoint::setup() {
  const Config& c = context_->config();
  ERR_clear_error();
  LibraryContext::RngScope scope(context_->library(), rng_);
  ssl_ = SSL_new(context_->get());
  rbio_ = BIO_new(BIO_s_mem());
  wbio_ = BIO_new(BIO_s_mem());
  if (ssl_ == nullptr || rbio_ == nullptr || wbio_ == nullptr) {
    BIO_free(rbio_);
    BIO_free(wbio_);
    rbio_ = wbio_ = nullptr;
    return Unexpected{fail_with(ErrorKind::kInternal, "creating the SSL object and its BIOs")};
  }
  // An empty read BIO means "no bytes yet" (retry), never end of stream.
  BIO_set_mem_eof_return(rbio_, -1);
  BIO_set_mem_eof_return(wbio_, -1);
  SSL_set_bio(ssl_, rbio_, wbio_);
  SSL_set_app_data(ssl_, this);
  SSL_set_msg_callback(ssl_, CB::on_message);
  SSL_set_info_callback(ssl_, CB::on_info);

  bool client = c.role == Role::kClient;
  if (client) {
    SSL_set_connect_state(ssl_);
    if (!c.server_name.empty() && SSL_set_tlsext_host_name(ssl_, c.server_name.c_str()) != 1)
      return Unexpected{fail_with(ErrorKind::kInternal, "setting SNI '" + c.server_name + "'")};
    if (c.kind == Kind::kTls13Certificate && SSL_set1_host(ssl_, c.server_name.c_str()) != 1)
      return Unexpected{fail_with(ErrorKind::kInternal, "setting the host name to verify")};
  } else {
    SSL_set_accept_state(ssl_);
  }
  switch (c.kind) {
    case Kind::kTls12GbaPsk:
      if (client) {
        SSL_set_psk_client_callback(ssl_, CB::on_psk_client);
      } else {
        SSL_set_psk_server_callback(ssl_, CB::on_psk_server);
        scanner_.emplace(ClientIdentityScanner::Version::kTls12);
      }
      break;
    case Kind::kTls13Psk:
      if (client) {
        SSL_set_psk_use_session_callback(ssl_, CB::on_psk_use_session);
      } else {
        SSL_set_psk_find_session_callback(ssl_, CB::on_psk_find_session);
        scanner_.emplace(ClientIdentityScanner::Version::kTls13);
      }
      break;
    case Kind::kTls13Certificate:
      break;
  }
  return Ok{};
}

TlsError Endpoint::fail_with(ErrorKind kind, std::string what) {
  std::string message = label() + ": " + what;
  std::string reasons = drain_openssl_errors();
  if (!reasons.empty()) message += ": " + reasons;
  if (ssl_ != nullptr && context_->config().kind == Kind::kTls13Certificate &&
      role() == Role::kClient) {
    long verify = SSL_get_verify_result(ssl_);
    if (verify != X509_V_OK)
      message += " [certificate verification: " +
                 std::string(X509_verify_cert_error_string(verify)) + "]";
  }
  if (scanner_ && psk_resolved_ && !psk_key_ && !psk_identity_.empty())
    message += " [the server has no key for PSK identity '" + psk_identity_ + "']";
  failure_ = {kind, message};
  state_ = State::kFailed;
  return failure_;
}

Result<Ok, TlsError> Endpoint::usage(std::string what) const {
  return Unexpected{TlsError{ErrorKind::kUsage, label() + ": " + what + " (state " +
                                                    std::string(to_string(state_)) + ")"}};
}

Result<Ok, TlsError> Endpoint::start() {
  if (role() != Role::kClient) return usage("start() is for clients; servers start on receive()");
  if (state_ != State::kIdle) return usage("start() called twice");
  state_ = State::kHandshaking;
  ERR_clear_error();
  LibraryContext::RngScope scope(context_->library(), rng_);
  return advance();
}

Result<Ok, TlsError> Endpoint::receive(ByteView wire) {
  if (state_ == State::kFailed) return Unexpected{failure_};
  if (state_ == State::kIdle) {
    if (role() == Role::kClient) return usage("receive() before start()");
    state_ = State::kHandshaking;
  }
  ERR_clear_error();
  LibraryContext::RngScope scope(context_->library(), rng_);
  if (scanner_ && !psk_resolved_) {
    append(held_, wire);
    if (state_ == State::kAwaitingPsk) return Ok{};
    return feed_held();
  }
  feed(wire);
  return advance();
}

void Endpoint::feed(ByteView wire) {
  // Memory BIOs grow as needed; a write of n > 0 bytes only fails when allocation fails,
  // which the next SSL call reports. Chunked because BIO_write takes an int.
  while (!wire.empty()) {
    int n = int(std::min<std::size_t>(wire.size(), 1 << 30));
    if (BIO_write(rbio_, wire.data(), n) != n) return;
    wire = wire.subspan(std::size_t(n));
  }
}

// Passes held client bytes to OpenSSL record by record until the record that completes the
// message with the PSK identity; there, asks the lookup and waits if its answer is pending.
Result<Ok, TlsError> Endpoint::feed_held() {
  std::size_t fed = 0;
  while (!psk_resolved_) {
    auto step = scanner_->next(ByteView(held_).subspan(fed));
    using K = ClientIdentityScanner::Step::Kind;
    if (step.kind == K::kNeedMore) break;
    if (step.kind == K::kPass) {
      fed += step.length;
      continue;
    }
    if (step.kind == K::kDone) {  // unparsable: let OpenSSL see it all and report
      psk_resolved_ = true;
      break;
    }
    // kIdentity: everything before this record goes in first so OpenSSL knows the suite.
    feed(ByteView(held_).subspan(0, fed));
    held_.erase(held_.begin(), held_.begin() + std::ptrdiff_t(fed));
    fed = 0;
    if (auto ok = advance(); !ok) return ok;
    psk_identity_ = step.identity;
    PskAnswer answer = PskAnswer::unknown();
    if (!step.identity.empty()) {
      const SSL_CIPHER* cipher = SSL_get_pending_cipher(ssl_);
      PskRequest request{step.identity, cipher != nullptr && SSL_version(ssl_) < TLS1_3_VERSION
                                            ? SSL_CIPHER_get_protocol_id(cipher)
                                            : std::uint16_t(0)};
      answer = context_->config().psk_lookup(request);
    }
    if (answer.status == PskAnswer::Status::kPending) {
      state_ = State::kAwaitingPsk;
      events_.push_back({Event::Type::kPskRequested, step.identity});
      return Ok{};
    }
    if (answer.status == PskAnswer::Status::kFound) psk_key_ = std::move(answer.key);
    psk_resolved_ = true;
  }
  if (psk_resolved_) {
    feed(held_);
    held_.clear();
  } else {
    feed(ByteView(held_).subspan(0, fed));
    held_.erase(held_.begin(), held_.begin() + std::ptrdiff_t(fed));
  }
  return advance();
}

Result<Ok, TlsError> Endpoint::resolve_psk(std::optional<Bytes> key) {
  if (state_ != State::kAwaitingPsk) return usage("resolve_psk() without a pending PSK lookup");
  ERR_clear_error();
  LibraryContext::RngScope scope(context_->library(), rng_);
  psk_key_ = std::move(key);
  psk_resolved_ = true;
  state_ = State::kHandshaking;
  return feed_held();
}

Result<Ok, TlsError> Endpoint::advance() {
  if (state_ == State::kHandshaking) {
    int r = SSL_do_handshake(ssl_);
    if (r != 1) {
      int error = SSL_get_error(ssl_, r);
      if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return Ok{};
      return Unexpected{fail_with(ErrorKind::kHandshake, "handshake failed")};
    }
    state_ = State::kConnected;
    events_.push_back({Event::Type::kHandshakeComplete, {}});
    if (!queued_.empty()) {
      Bytes queued = std::move(queued_);
      queued_.clear();
      if (auto ok = write_now(queued); !ok) return ok;
    }
  }
  if (state_ == State::kConnected || state_ == State::kClosing) return read_application_data();
  return Ok{};
}

Result<Ok, TlsError> Endpoint::read_application_data() {
  unsigned char buffer[16384];
  for (;;) {
    std::size_t n = 0;
    int r = SSL_read_ex(ssl_, buffer, sizeof buffer, &n);
    if (r == 1) {
      plaintext_.insert(plaintext_.end(), buffer, buffer + n);
      continue;
    }
    int error = SSL_get_error(ssl_, r);
    if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return Ok{};
    if (error == SSL_ERROR_ZERO_RETURN) {
      events_.push_back({Event::Type::kCloseNotifyReceived, "close_notify", 1, kAlertCloseNotify});
      state_ = close_sent_ ? State::kClosed : State::kClosing;
      if (close_sent_) return Ok{};
      // RFC 8446 §6.1 / RFC 5246 §7.2.1: answer with our own close_notify.
      SSL_shutdown(ssl_);
      close_sent_ = true;
      state_ = State::kClosed;
      return Ok{};
    }
    return Unexpected{fail_with(ErrorKind::kProtocol, "reading application data failed")};
  }
}

Result<Ok, TlsError> Endpoint::send(ByteView plaintext) {
  if (state_ == State::kFailed) return Unexpected{failure_};
  if (close_sent_ || state_ == State::kClosed) return usage("send() after close");
  if (state_ != State::kConnected) {
    append(queued_, plaintext);
    return Ok{};
  }
  ERR_clear_error();
  LibraryContext::RngScope scope(context_->library(), rng_);
  return write_now(plaintext);
}

Result<Ok, TlsError> Endpoint::write_now(ByteView plaintext) {
  while (!plaintext.empty()) {
    std::size_t written = 0;
    if (SSL_write_ex(ssl_, plaintext.data(), plaintext.size(), &written) != 1)
      return Unexpected{fail_with(ErrorKind::kProtocol, "writing application data failed")};
    plaintext = plaintext.subspan(written);
  }
  return Ok{};
}

Result<Ok, TlsError> Endpoint::close() {
  if (state_ == State::kFailed) return Unexpected{failure_};
  if (close_sent_) return Ok{};
  if (state_ != State::kConnected && state_ != State::kClosing)
    return usage("close() before the handshake completed");
  ERR_clear_error();
  LibraryContext::RngScope scope(context_->library(), rng_);
  if (SSL_shutdown(ssl_) < 0)
    return Unexpected{fail_with(ErrorKind::kProtocol, "sending close_notify failed")};
  close_sent_ = true;
  state_ = state_ == State::kClosing ? State::kClosed : State::kClosing;
  return Ok{};
}

Bytes Endpoint::take_output() {
  Bytes out;
  std::size_t pending = BIO_ctrl_pending(wbio_);
  if (pending == 0) return out;
  out.resize(pending);
  int n = BIO_read(wbio_, out.data(), int(pending));
  out.resize(n > 0 ? std::size_t(n) : 0);
  return out;
}

Bytes Endpoint::take_plaintext() { return std::exchange(plaintext_, {}); }

std::vector<Event> Endpoint::take_events() { return std::exchange(events_, {}); }

std::string Endpoint::protocol_version() const { return SSL_get_version(ssl_); }

std::string Endpoint::cipher_name() const {
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl_);
  return cipher != nullptr ? SSL_CIPHER_standard_name(cipher) : "";
}

std::uint16_t Endpoint::cipher_suite() const {
  const SSL_CIPHER* cipher = SSL_get_current_cipher(ssl_);
  return cipher != nullptr ? SSL_CIPHER_get_protocol_id(cipher) : 0;
}

// --- OpenSSL callbacks ---

void OpensslCallbacks::on_message(int write_p, int /*version*/, int content_type, const void* buf,
                          size_t len, SSL* ssl, void* /*arg*/) {
  Endpoint* e = self(ssl);
  if (e == nullptr) return;
  const auto* bytes = static_cast<const unsigned char*>(buf);
  if (content_type == SSL3_RT_HEADER && len >= kRecordHeaderLength)
    e->counter_.on_header(write_p != 0, bytes[0], std::uint16_t(bytes[3] << 8 | bytes[4]));
  else if (content_type == SSL3_RT_INNER_CONTENT_TYPE && len >= 1)
    e->counter_.on_inner_type(write_p != 0, bytes[0]);
}

void OpensslCallbacks::on_info(const SSL* ssl, int where, int ret) {
  Endpoint* e = self(ssl);
  if (e == nullptr || (where & SSL_CB_ALERT) == 0) return;
  auto level = std::uint8_t(ret >> 8);
  auto description = std::uint8_t(ret & 0xff);
  if (description == kAlertCloseNotify) return;  // reported as kCloseNotifyReceived
  bool sent = (where & SSL_CB_WRITE) != 0;
  e->events_.push_back({sent ? Event::Type::kAlertSent : Event::Type::kAlertReceived,
                        SSL_alert_desc_string_long(ret), level, description});
}

unsigned int OpensslCallbacks::on_psk_client(SSL* ssl, const char* hint, char* identity,
                                     unsigned int max_identity_len, unsigned char* psk,
                                     unsigned int max_psk_len) {
  Endpoint* e = self(ssl);
  if (e == nullptr) return 0;
  e->hint_ = hint != nullptr ? hint : "";
  const ClientPsk& credential = *e->context_->config().client_psk;
  const SSL_CIPHER* cipher = SSL_get_pending_cipher(ssl);
  std::optional<Bytes> key =
      credential.key(cipher != nullptr ? SSL_CIPHER_get_protocol_id(cipher) : 0);
  // max_identity_len leaves room for the terminating NUL OpenSSL expects.
  if (!key || key->empty() || key->size() > max_psk_len ||
      credential.identity.size() >= max_identity_len)
    return 0;
  std::memcpy(identity, credential.identity.c_str(), credential.identity.size() + 1);
  std::memcpy(psk, key->data(), key->size());
  return unsigned(key->size());
}

std::optional<Bytes> Endpoint::server_key_for(const std::string& identity) {
  if (psk_resolved_ && identity == psk_identity_) return psk_key_;
  // The scanner gave up on odd input: ask the lookup directly, if it answers at once.
  psk_identity_ = identity;
  PskAnswer answer = context_->config().psk_lookup({identity, 0});
  if (answer.status == PskAnswer::Status::kFound) return std::move(answer.key);
  return std::nullopt;
}

unsigned int OpensslCallbacks::on_psk_server(SSL* ssl, const char* identity, unsigned char* psk,
                                     unsigned int max_psk_len) {
  Endpoint* e = self(ssl);
  if (e == nullptr || identity == nullptr) return 0;
  std::optional<Bytes> key = e->server_key_for(identity);
  if (!key || key->empty() || key->size() > max_psk_len) return 0;
  std::memcpy(psk, key->data(), key->size());
  return unsigned(key->size());
}

// RFC 8446 external PSK: a session holding the key, bound to TLS_AES_128_GCM_SHA256.
SSL_SESSION* OpensslCallbacks::tls13_psk_session(SSL* ssl, const Bytes& key) {
  const SSL_CIPHER* cipher = SSL_CIPHER_find(ssl, kTls13Aes128GcmSha256);
  SSL_SESSION* session = SSL_SESSION_new();
  if (cipher == nullptr || session == nullptr ||
      SSL_SESSION_set1_master_key(session, key.data(), key.size()) != 1 ||
      SSL_SESSION_set_cipher(session, cipher) != 1 ||
      SSL_SESSION_set_protocol_version(session, TLS1_3_VERSION) != 1) {
    SSL_SESSION_free(session);
    return nullptr;
  }
  return session;
}

int OpensslCallbacks::on_psk_use_session(SSL* ssl, const EVP_MD* md, const unsigned char** id,
                                 size_t* idlen, SSL_SESSION** session) {
  Endpoint* e = self(ssl);
  *session = nullptr;
  if (e == nullptr) return 0;
  const ClientPsk& credential = *e->context_->config().client_psk;
  std::optional<Bytes> key = credential.key(std::uint16_t(kTls13Aes128GcmSha256[0] << 8 |
                                                          kTls13Aes128GcmSha256[1]));
  if (!key || key->empty()) return 0;
  SSL_SESSION* s = tls13_psk_session(ssl, *key);
  if (s == nullptr) return 0;
  // After a HelloRetryRequest `md` is the chosen suite's hash; a mismatching PSK is not offered.
  if (md != nullptr && md != SSL_CIPHER_get_handshake_digest(SSL_SESSION_get0_cipher(s))) {
    SSL_SESSION_free(s);
    return 1;
  }
  e->client_identity_ = credential.identity;
  *id = reinterpret_cast<const unsigned char*>(e->client_identity_.data());
  *idlen = e->client_identity_.size();
  *session = s;
  return 1;
}

int OpensslCallbacks::on_psk_find_session(SSL* ssl, const unsigned char* identity, size_t identity_len,
                                  SSL_SESSION** session) {
  Endpoint* e = self(ssl);
  *session = nullptr;
  if (e == nullptr) return 0;
  std::optional<Bytes> key =
      e->server_key_for(std::string(reinterpret_cast<const char*>(identity), identity_len));
  if (!key || key->empty()) return 1;  // unknown identity: continue without this PSK
  *session = tls13_psk_session(ssl, *key);
  return *session != nullptr ? 1 : 0;
}

}  // namespace imssim::tls
