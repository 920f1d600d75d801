// One TLS connection over memory BIOs: no sockets, no threads, no clock. Bytes received from
// the (simulated) stream go in with receive(); bytes to send come out of take_output();
// application data goes in with send() and comes out of take_plaintext(); what happened is
// reported as events. All randomness comes from the Rng given at creation.
//
// Typical pump: client.start(); then repeatedly move take_output() of one side into
// receive() of the other until both have nothing to send.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "common/rng.h"
#include "nodes/proto/tls/context.h"
#include "nodes/proto/tls/psk_identity.h"
#include "nodes/proto/tls/record_stats.h"

namespace imssim::tls {

enum class ErrorKind {
  kUsage,      // called in the wrong state (send after close, resolve_psk unasked, ...)
  kHandshake,  // the handshake failed (wrong PSK, bad certificate, peer alert, garbage)
  kProtocol,   // a failure after the handshake (bad record MAC, unexpected message, ...)
  kInternal,   // OpenSSL could not allocate or set up an object
};
std::string_view to_string(ErrorKind kind);

struct TlsError {
  ErrorKind kind;
  std::string message;  // names the endpoint, the step, and OpenSSL's reason text
};

struct Event {
  enum class Type {
    kHandshakeComplete,
    kPskRequested,       // server: the lookup answered pending; call resolve_psk(). text = identity
    kAlertSent,          // text = alert description; level/description as on the wire
    kAlertReceived,
    kCloseNotifyReceived,
  };
  Type type;
  std::string text;
  std::uint8_t alert_level = 0;
  std::uint8_t alert_description = 0;
};
std::string_view to_string(Event::Type type);

enum class State { kIdle, kHandshaking, kAwaitingPsk, kConnected, kClosing, kClosed, kFailed };
std::string_view to_string(State state);

class Endpoint {
 public:
  // `rng` (this endpoint's stream) and `context` must outlive the endpoint.
  static Result<std::unique_ptr<Endpoint>, TlsError> create(std::shared_ptr<const Context> context,
                                                            Rng& rng);
  ~Endpoint();
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;

  // Client: writes the ClientHello. Servers start on their first receive().
  Result<Ok, TlsError> start();
  // Bytes that arrived from the peer, in stream order, any split.
  Result<Ok, TlsError> receive(ByteView wire);
  // Application data; queued until the handshake completes.
  Result<Ok, TlsError> send(ByteView plaintext);
  // Sends close_notify (RFC 8446 §6.1). Reading continues until the peer's close_notify.
  Result<Ok, TlsError> close();
  // Answers a pending PSK lookup: the key, or nullopt for an unknown identity.
  Result<Ok, TlsError> resolve_psk(std::optional<Bytes> key);

  Bytes take_output();
  Bytes take_plaintext();
  std::vector<Event> take_events();

  State state() const { return state_; }
  bool connected() const { return state_ == State::kConnected; }
  // The error that put the endpoint in kFailed (empty message otherwise).
  const TlsError& failure() const { return failure_; }
  const RecordStats& stats() const { return counter_.stats(); }

  Role role() const;
  std::string protocol_version() const;   // "TLSv1.2", "TLSv1.3"
  std::string cipher_name() const;        // IANA/OpenSSL name of the negotiated suite
  std::uint16_t cipher_suite() const;     // its two-byte code, 0 before the handshake
  const std::string& psk_identity() const { return psk_identity_; }  // server: client's
  const std::string& psk_identity_hint() const { return hint_; }     // client, TLS 1.2

 private:
  Endpoint(std::shared_ptr<const Context> context, Rng& rng);
  Result<Ok, TlsError> setup();
  Result<Ok, TlsError> feed_held();
  void feed(ByteView wire);
  Result<Ok, TlsError> advance();
  Result<Ok, TlsError> read_application_data();
  Result<Ok, TlsError> write_now(ByteView plaintext);
  TlsError fail_with(ErrorKind kind, std::string what);
  Result<Ok, TlsError> usage(std::string what) const;
  std::string label() const;

  // OpenSSL's C callbacks; defined in endpoint.cc, they reach us through SSL_get_app_data.
  friend struct OpensslCallbacks;
  std::optional<Bytes> server_key_for(const std::string& identity);

  std::shared_ptr<const Context> context_;
  Rng& rng_;
  SSL* ssl_ = nullptr;
  BIO* rbio_ = nullptr;  // owned by ssl_
  BIO* wbio_ = nullptr;  // owned by ssl_
  State state_ = State::kIdle;
  bool close_sent_ = false;
  TlsError failure_{ErrorKind::kInternal, ""};

  Bytes plaintext_;
  Bytes queued_;  // application data sent before the handshake completed
  std::vector<Event> events_;
  RecordCounter counter_;

  // Server PSK kinds: client bytes held back until the identity's key is known.
  std::optional<ClientIdentityScanner> scanner_;
  Bytes held_;
  std::string psk_identity_;
  std::optional<Bytes> psk_key_;  // the resolved key for psk_identity_
  bool psk_resolved_ = false;

  std::string hint_;
  std::string client_identity_;  // storage for the TLS 1.3 use_session callback
};

}  // namespace imssim::tls
