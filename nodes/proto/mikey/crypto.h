// MIKEY cryptography on OpenSSL libcrypto: the PRFs (RFC 3830 §4.1.2, RFC 6043 §6.1), key
// derivation from a TGK (§4.1.3) and from a pre-shared key (§4.1.4), AES-CM-128 for the KEMAC
// (§4.2.3) and HMAC-SHA-1-160 (§4.2.1). OpenSSL algorithm objects and contexts are fetched
// once per thread and reused, so a KMS pays no per-call fetch.
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>

#include "common/bytes.h"
#include "nodes/proto/mikey/constants.h"
#include "nodes/proto/mikey/error.h"

namespace imssim::mikey {

using Sha1Mac = std::array<std::uint8_t, 20>;
using Sha256Mac = std::array<std::uint8_t, 32>;

// HMAC over the concatenation of `parts`. False only if OpenSSL fails.
bool hmac_sha1(ByteView key, std::initializer_list<ByteView> parts, Sha1Mac& out);
bool hmac_sha256(ByteView key, std::initializer_list<ByteView> parts, Sha256Mac& out);

// PRF(inkey, label) -> out_len bytes. MIKEY-1: P-function with HMAC-SHA-1 over 256-bit inkey
// chunks, outputs XORed (RFC 3830 §4.1.2). PRF-HMAC-SHA-256: the same construction with
// HMAC-SHA-256 (RFC 6043 §6.1).
MikeyResult<Bytes> prf(PrfFunc func, ByteView inkey, ByteView label, std::size_t out_len);

// label = constant || cs_id || csb_id || RAND (RFC 3830 §4.1.3; cs_id 0xFF for §4.1.4).
Bytes prf_label(std::uint32_t constant, std::uint8_t cs_id, std::uint32_t csb_id, ByteView rand);

// Keys of one crypto session from a TGK (RFC 3830 §4.1.3): TEK (SRTP master key) and salt.
struct TrafficKeys {
  Bytes tek;
  Bytes salt;
};
MikeyResult<TrafficKeys> derive_traffic_keys(PrfFunc func, ByteView tgk, std::uint8_t cs_id,
                                             std::uint32_t csb_id, ByteView rand,
                                             std::size_t tek_len = kTekLen,
                                             std::size_t salt_len = kSrtpSaltLen);

// Keys protecting a MIKEY message, from a PSK/envelope key or an MPK (RFC 3830 §4.1.4).
struct MessageKeys {
  Bytes encr_key;  // 128 bit, KEMAC AES-CM
  Bytes auth_key;  // 160 bit, HMAC-SHA-1-160
  Bytes salt_key;  // 112 bit, KEMAC AES-CM IV salt
};
MikeyResult<MessageKeys> derive_message_keys(PrfFunc func, ByteView psk, std::uint32_t csb_id,
                                             ByteView rand);

// AES-CM-128 IV for KEMAC encryption (RFC 3830 §4.2.3):
// IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000, S the 112-bit salt_key, T the 64-bit
// timestamp value of the message's T payload (32-bit TS types are zero-extended).
std::array<std::uint8_t, 16> kemac_iv(ByteView salt_key, std::uint32_t csb_id,
                                      std::uint64_t ts_value);
// AES-128 in counter mode (encrypt == decrypt).
MikeyResult<Bytes> aes_cm_128(ByteView key, const std::array<std::uint8_t, 16>& iv, ByteView data);

// Constant-time comparison for MACs.
bool equal_mac(ByteView a, ByteView b);

}  // namespace imssim::mikey
