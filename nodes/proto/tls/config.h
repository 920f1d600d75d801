// What a TLS endpoint is: which of the three kinds, which side, and its credentials.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "nodes/proto/tls/certificate.h"
#include "nodes/proto/tls/constants.h"

namespace imssim::tls {

enum class Kind {
  kTls12GbaPsk,        // TLS 1.2 PSK (RFC 4279) as GBA shared-key TLS, TS 33.222 §5.4
  kTls13Psk,           // TLS 1.3 external PSK with (EC)DHE (RFC 8446 psk_dhe_ke)
  kTls13Certificate,   // TLS 1.3, server authenticated by an ECDSA P-256 certificate
};
enum class Role { kClient, kServer };

std::string_view to_string(Kind kind);
std::string_view to_string(Role role);
bool is_psk(Kind kind);

// Client side of a PSK kind. The key may depend on the negotiated cipher suite: GBA derives
// Ks_NAF with a NAF_Id whose Ua protocol identifier carries the TLS 1.2 suite (TS 33.220 H.3).
// In TLS 1.3 the suite passed is the one the PSK is bound to (TLS_AES_128_GCM_SHA256).
struct ClientPsk {
  std::string identity;
  std::function<std::optional<Bytes>(std::uint16_t cipher_suite)> key;

  static ClientPsk fixed(std::string identity, Bytes key);
};

// Server side: what the server knows about a client's PSK identity.
struct PskRequest {
  std::string identity;
  std::uint16_t cipher_suite = 0;  // negotiated TLS 1.2 suite; 0 in TLS 1.3 (not chosen yet)
};
struct PskAnswer {
  enum class Status { kFound, kUnknown, kPending };
  Status status = Status::kUnknown;
  Bytes key;

  static PskAnswer found(Bytes key) { return {Status::kFound, std::move(key)}; }
  static PskAnswer unknown() { return {Status::kUnknown, {}}; }
  // The answer comes later (a NAF asking the BSF over Zn): the endpoint holds the client's
  // bytes, reports Event::kPskRequested and resumes on Endpoint::resolve_psk().
  static PskAnswer pending() { return {Status::kPending, {}}; }
};
using PskLookup = std::function<PskAnswer(const PskRequest&)>;

// Receives each NSS key log line ("CLIENT_RANDOM ...", "CLIENT_HANDSHAKE_TRAFFIC_SECRET ...").
using KeyLogSink = std::function<void(std::string_view line)>;

struct Config {
  Kind kind = Kind::kTls13Certificate;
  Role role = Role::kClient;

  // Client: SNI (TS 24.109 F.3 asks for the NAF host name) and, for the certificate kind, the
  // name the server certificate must match (RFC 6125 via SSL_set1_host).
  std::string server_name;
  std::optional<ClientPsk> client_psk;                   // client, PSK kinds
  std::shared_ptr<const Certificate> trust_anchor;       // client, certificate kind
  std::int64_t verify_time_unix = kCertificateNotBeforeUnix;  // client, certificate kind

  PskLookup psk_lookup;                                  // server, PSK kinds
  std::string psk_identity_hint = std::string(kGbaMePrefix);  // server, TLS 1.2
  std::shared_ptr<const Certificate> certificate;        // server, certificate kind

  bool session_tickets = false;
  bool middlebox_compat = true;  // TLS 1.3 dummy ChangeCipherSpec records (RFC 8446 D.4)
  std::string cipher_list;       // overrides the kind's default (OpenSSL syntax); optional
  KeyLogSink key_log;            // optional
};

}  // namespace imssim::tls
