// The generic 3GPP key derivation function (TS 33.220 Annex B.2) and the GBA keys built on it:
// Ks (§4.5.2), NAF_Id and Ks_NAF / Ks_ext_NAF / Ks_int_NAF (Annex B.3), and the B-TID (§4.5.2).
#pragma once

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/proto/gba/constants.h"
#include "nodes/proto/gba/milenage.h"

namespace imssim::gba {

using Key256 = std::array<std::uint8_t, kKdfOutputBytes>;

// KDF(Key, S) = HMAC-SHA-256(Key, S), S = FC || P0 || L0 || ... || Pn || Ln, each Li the 2-octet
// big-endian length of Pi. Fails when a parameter is longer than 65535 octets (B.1).
Result<Key256> kdf(ByteView key, std::uint8_t fc, std::initializer_list<ByteView> params);
// The string S itself (for tests and traces).
Result<Bytes> kdf_input(std::uint8_t fc, std::initializer_list<ByteView> params);

// Ks = CK || IK (§4.5.2).
Key256 make_ks(const Block& ck, const Block& ik);

// NAF_Id = NAF FQDN (UTF-8) || Ua security protocol identifier (Annex B.3, Annex H).
Bytes naf_id(std::string_view naf_fqdn, const UaProtocolId& ua_protocol);

// Ks_NAF (GBA_ME) = Ks_ext_NAF (GBA_U) = KDF(Ks, 0x01, "gba-me", RAND, IMPI, NAF_Id); Ks_int_NAF
// uses "gba-u" (Annex B.3). IMPI is UTF-8. Errors: a parameter longer than 65535 octets.
Result<Key256> ks_naf(const Key256& ks, const Block& rand, std::string_view impi, ByteView naf_id);
Result<Key256> ks_int_naf(const Key256& ks, const Block& rand, std::string_view impi,
                          ByteView naf_id);

// B-TID = base64(RAND) "@" BSF server name (§4.5.2; see constants.h for the sources).
std::string make_btid(const Block& rand, std::string_view bsf_domain);
struct Btid {
  Block rand{};
  std::string bsf_domain;
};
// Strict: one '@', a base64 RAND of exactly 16 octets before it, a DNS name after it.
Result<Btid> parse_btid(std::string_view btid);

}  // namespace imssim::gba
