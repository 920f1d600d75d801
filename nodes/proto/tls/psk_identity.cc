#include "nodes/proto/tls/psk_identity.h"

#include "nodes/proto/tls/constants.h"

namespace imssim::tls {
namespace {
// ClientHello and ClientKeyExchange are small; a longer message is not worth buffering.
constexpr std::size_t kMaxScannedHandshakeMessage = 64 * 1024;
}  // namespace

std::string gba_psk_identity(std::string_view btid) {
  return std::string(kGbaMePrefix) + std::string(kGbaIdentitySeparator) + std::string(btid);
}

Result<GbaIdentity> parse_gba_psk_identity(std::string_view identity) {
  // Longest prefix first: the plain one is a prefix of the other two.
  for (std::string_view prefix : {kGbaDigestPrefix, kGbaUPrefix, kGbaMePrefix}) {
    if (identity.substr(0, prefix.size()) != prefix) continue;
    std::string_view rest = identity.substr(prefix.size());
    if (rest.substr(0, kGbaIdentitySeparator.size()) != kGbaIdentitySeparator) {
      if (prefix != kGbaMePrefix) continue;  // "3GPP-bootstrapping-..." with another suffix
      return fail("GBA PSK identity: expected '" + std::string(kGbaIdentitySeparator) +
                  "' after '" + std::string(prefix) + "' at offset " +
                  std::to_string(prefix.size()));
    }
    std::string_view btid = rest.substr(kGbaIdentitySeparator.size());
    if (btid.empty()) return fail("GBA PSK identity: empty B-TID after the prefix");
    return GbaIdentity{std::string(prefix), std::string(btid)};
  }
  return fail("GBA PSK identity: does not start with '" + std::string(kGbaMePrefix) + "'");
}

std::array<std::uint8_t, 5> ua_protocol_id_tls12(std::uint16_t cipher_suite) {
  return {kUaProtocolTls12Prefix[0], kUaProtocolTls12Prefix[1], kUaProtocolTls12Prefix[2],
          std::uint8_t(cipher_suite >> 8), std::uint8_t(cipher_suite)};
}

ClientIdentityScanner::Step ClientIdentityScanner::stop(std::string reason) {
  done_ = true;
  stop_reason_ = std::move(reason);
  return {Step::Kind::kDone, 0, {}};
}

ClientIdentityScanner::Step ClientIdentityScanner::next(ByteView pending) {
  if (done_) return {Step::Kind::kDone, 0, {}};
  if (pending.empty()) return {};
  std::uint8_t type = pending[0];
  // Not a TLS record at all (an HTTP request, noise): hand it to OpenSSL to reject at once
  // instead of waiting for a "record" length that may never arrive.
  if (type < kContentChangeCipherSpec || type > kContentApplicationData ||
      (pending.size() >= 2 && pending[1] != 3))
    return stop("not a TLS record (content type " + std::to_string(type) + ")");
  if (pending.size() < kRecordHeaderLength) return {};
  std::size_t length = std::size_t(pending[3]) << 8 | pending[4];
  if (length > kMaxRecordPayload)
    return stop("record length " + std::to_string(length) + " exceeds the TLS maximum");
  if (pending.size() < kRecordHeaderLength + length) return {};
  std::size_t record = kRecordHeaderLength + length;
  if (type != kContentHandshake) {
    // A ChangeCipherSpec (TLS 1.2) or protected record means the identity is behind us; a
    // TLS 1.3 middlebox-compat CCS cannot precede the ClientHello. Alerts pass through.
    if (type == kContentAlert) return {Step::Kind::kPass, record, {}};
    return stop("a non-handshake record (type " + std::to_string(type) +
                ") came before the PSK identity");
  }
  append(handshake_, pending.subspan(kRecordHeaderLength, length));
  std::optional<std::string> identity = take_identity();
  if (done_ && !identity) return {Step::Kind::kDone, 0, {}};
  if (identity) {
    done_ = true;
    return {Step::Kind::kIdentity, record, std::move(*identity)};
  }
  return {Step::Kind::kPass, record, {}};
}

namespace {

// Reads a vector with a 1-, 2- or 3-byte length prefix.
Result<ByteView> vector(ByteReader& r, int length_bytes, std::string_view field) {
  std::size_t n = 0;
  for (int i = 0; i < length_bytes; ++i) {
    auto b = r.u8(field);
    if (!b) return Unexpected{b.error()};
    n = n << 8 | *b;
  }
  return r.bytes(n, field);
}

// RFC 4279 §2: ClientKeyExchange for PSK key exchanges starts with psk_identity<0..2^16-1>
// (also for DHE_PSK, ECDHE_PSK (RFC 5489 §2) and RSA_PSK).
Result<std::string> identity_from_client_key_exchange(ByteView body) {
  ByteReader r(body);
  auto identity = vector(r, 2, "ClientKeyExchange psk_identity");
  if (!identity) return Unexpected{identity.error()};
  return std::string(as_chars(*identity));
}

// RFC 8446 §4.1.2 / §4.2.11: the first PskIdentity of the pre_shared_key extension, or ""
// when the ClientHello has none.
Result<std::string> identity_from_client_hello(ByteView body) {
  ByteReader r(body);
  if (auto v = r.bytes(2 + 32, "ClientHello legacy_version+random"); !v) return Unexpected{v.error()};
  for (auto [bytes, field] : {std::pair{1, "ClientHello legacy_session_id"},
                              std::pair{2, "ClientHello cipher_suites"},
                              std::pair{1, "ClientHello legacy_compression_methods"}}) {
    if (auto v = vector(r, bytes, field); !v) return Unexpected{v.error()};
  }
  auto extensions = vector(r, 2, "ClientHello extensions");
  if (!extensions) return Unexpected{extensions.error()};
  ByteReader ext(*extensions);
  while (!ext.at_end()) {
    auto type = ext.u16("extension type");
    if (!type) return Unexpected{type.error()};
    auto data = vector(ext, 2, "extension data");
    if (!data) return Unexpected{data.error()};
    if (*type != kExtensionPreSharedKey) continue;
    ByteReader psk(*data);
    auto identities = vector(psk, 2, "pre_shared_key identities");
    if (!identities) return Unexpected{identities.error()};
    ByteReader first(*identities);
    auto identity = vector(first, 2, "pre_shared_key identity");
    if (!identity) return Unexpected{identity.error()};
    return std::string(as_chars(*identity));
  }
  return std::string();
}

}  // namespace

std::optional<std::string> ClientIdentityScanner::take_identity() {
  while (handshake_.size() >= kHandshakeHeaderLength) {
    std::uint8_t type = handshake_[0];
    std::size_t length =
        std::size_t(handshake_[1]) << 16 | std::size_t(handshake_[2]) << 8 | handshake_[3];
    if (length > kMaxScannedHandshakeMessage) {
      stop("handshake message of " + std::to_string(length) + " bytes is too long to scan");
      return std::nullopt;
    }
    if (handshake_.size() < kHandshakeHeaderLength + length) return std::nullopt;
    ByteView body = ByteView(handshake_).subspan(kHandshakeHeaderLength, length);
    std::uint8_t carrier =
        version_ == Version::kTls12 ? kHandshakeClientKeyExchange : kHandshakeClientHello;
    if (type == carrier) {
      auto identity = version_ == Version::kTls12 ? identity_from_client_key_exchange(body)
                                                  : identity_from_client_hello(body);
      if (!identity) {
        stop(identity.error().message);
        return std::nullopt;
      }
      return std::move(*identity);
    }
    handshake_.erase(handshake_.begin(),
                     handshake_.begin() + std::ptrdiff_t(kHandshakeHeaderLength + length));
  }
  return std::nullopt;
}

}  // namespace imssim::tls
