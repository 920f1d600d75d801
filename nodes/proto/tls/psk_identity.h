// PSK identities: the GBA form (prefix + "." + B-TID) and a scanner that finds the client's
// identity in the plaintext handshake before OpenSSL processes it, so a server can look the key
// up asynchronously (a NAF asks the BSF for Ks_NAF over Zn mid-handshake).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"

namespace imssim::tls {

// "3GPP-bootstrapping" "." B-TID (TS 36.508 Table 4.7H-5; see constants.h).
std::string gba_psk_identity(std::string_view btid);

struct GbaIdentity {
  std::string prefix;  // kGbaMePrefix, kGbaUPrefix or kGbaDigestPrefix
  std::string btid;
};
// Splits an identity made by gba_psk_identity (or its -uicc / -digest variants). Errors name
// what is wrong: unknown prefix, missing separator, empty B-TID.
Result<GbaIdentity> parse_gba_psk_identity(std::string_view identity);

// TS 33.220 Annex H.3: the Ua security protocol identifier of TLS 1.2 shared-key TLS with the
// negotiated cipher suite, 0x01 0x00 0x01 yy zz (part of NAF_Id for the Ks_NAF derivation).
std::array<std::uint8_t, 5> ua_protocol_id_tls12(std::uint16_t cipher_suite);

// Follows the client-to-server byte stream record by record (the caller holds the bytes) until
// it has found the PSK identity: in the ClientKeyExchange (TLS 1.2, RFC 4279 §2) or in the
// ClientHello's pre_shared_key extension (TLS 1.3, RFC 8446 §4.2.11; the first identity).
// Anything it cannot parse ends the scan and is left to OpenSSL to reject.
class ClientIdentityScanner {
 public:
  enum class Version { kTls12, kTls13 };
  explicit ClientIdentityScanner(Version version) : version_(version) {}

  struct Step {
    enum class Kind {
      kNeedMore,  // no complete record at the front of `pending`
      kPass,      // the first `length` bytes are a record without the identity
      kIdentity,  // the first `length` bytes complete the message carrying `identity`
      kDone,      // scanning is over (found earlier, encryption started, or unparsable)
    };
    Kind kind = Kind::kNeedMore;
    std::size_t length = 0;
    std::string identity;
  };
  Step next(ByteView pending);
  bool done() const { return done_; }
  // Why the scan ended without an identity, if it did (for diagnostics).
  const std::string& stop_reason() const { return stop_reason_; }

 private:
  Step stop(std::string reason);
  // Parses complete handshake messages from handshake_; returns an identity once found.
  std::optional<std::string> take_identity();

  Version version_;
  bool done_ = false;
  std::string stop_reason_;
  Bytes handshake_;  // handshake-layer bytes not yet parsed into messages
};

}  // namespace imssim::tls
