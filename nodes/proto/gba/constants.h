// Every GBA / AKA / Digest-AKA protocol constant, with the section it comes from.
//
// Sources (see also ../shared/reference/protocols.md §5):
//  * 3GPP TS 35.206 §4.1 (Milenage), TS 35.207/35.208 (test data).
//  * 3GPP TS 33.102 §6.3 and Annex C (AKA, AUTN/AUTS, SQN management).
//  * 3GPP TS 33.220 §4.5.2, Annex B (KDF, Ks_NAF), Annex H (Ua security protocol ids).
//  * RFC 3310 (HTTP Digest AKA), RFC 2617 (HTTP Digest), 3GPP TS 24.109 (Ub).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace imssim::gba {

// --- Milenage (TS 35.206 §4.1) -------------------------------------------------------------
inline constexpr std::size_t kKeyBytes = 16;   // K, OP, OPc: 128 bit
inline constexpr std::size_t kRandBytes = 16;  // RAND: 128 bit
inline constexpr std::size_t kSqnBytes = 6;    // SQN: 48 bit
inline constexpr std::size_t kAmfBytes = 2;    // AMF: 16 bit
inline constexpr std::size_t kMacBytes = 8;    // MAC-A (f1), MAC-S (f1*): 64 bit
inline constexpr std::size_t kResBytes = 8;    // RES (f2): 64 bit with Milenage
inline constexpr std::size_t kAkBytes = 6;     // AK (f5), AK* (f5*): 48 bit
// Rotation amounts r1..r5 (bits) and the constants c1..c5 (a 128-bit value whose last octet is
// 0, 1, 2, 4, 8) of TS 35.206 §4.1; they are the defaults, which the test sets use.
inline constexpr std::array<int, 5> kMilenageRotations = {64, 0, 32, 64, 96};
inline constexpr std::array<std::uint8_t, 5> kMilenageConstants = {0, 1, 2, 4, 8};

// --- AKA (TS 33.102) ----------------------------------------------------------------------
inline constexpr std::size_t kAutnBytes = kSqnBytes + kAmfBytes + kMacBytes;  // §6.3.3: 16
inline constexpr std::size_t kAutsBytes = kSqnBytes + kMacBytes;              // §6.3.3: 14
// §6.3.3 / Annex C: re-synchronisation computes MAC-S = f1*(SQN_MS || RAND || AMF*) with the
// dummy AMF* = 0x0000, so no valid AMF value can be used to forge it.
inline constexpr std::array<std::uint8_t, kAmfBytes> kResyncAmf = {0x00, 0x00};
// Annex C.1.1 / C.3: SQN = SEQ || IND. The annex's example profile uses a 5-bit IND (array of
// a = 32 entries) and the maximum jump Δ = 2^28 in SEQ; L (the optional age limit) is off by
// default. Source: TS 33.102 Annex C.2 as copied by tech-invite (tinv-3gpp-33-102_m): "the
// received sequence number SQN shall only be accepted by the USIM if SEQ - SEQ_MS <= Δ", the
// array SEQ_MS(i) indexed by IND, "If SEQ > SEQ_MS(i) ... fresh", else synchronisation failure
// with SQN_MS, the highest previously accepted sequence number anywhere in the array.
inline constexpr unsigned kDefaultIndBits = 5;
inline constexpr std::uint64_t kDefaultSeqDelta = std::uint64_t(1) << 28;
inline constexpr std::uint64_t kSqnMax = (std::uint64_t(1) << 48) - 1;

// --- KDF (TS 33.220 Annex B.2) and NAF keys (Annex B.3) ----------------------------------
inline constexpr std::uint8_t kFcNafKey = 0x01;  // B.3: FC for Ks_(ext/int)_NAF (and TMPI, B.4)
inline constexpr std::string_view kGbaMe = "gba-me";     // B.3: P0 of Ks_NAF and Ks_ext_NAF
inline constexpr std::string_view kGbaU = "gba-u";       // B.3: P0 of Ks_int_NAF (GBA_U)
inline constexpr std::size_t kKsBytes = 32;              // §4.5.2: Ks = CK || IK, 256 bit
inline constexpr std::size_t kKdfOutputBytes = 32;       // B.2: HMAC-SHA-256
inline constexpr std::size_t kKdfMaxParamBytes = 65535;  // B.1: each Li is a 16-bit length

// Ua security protocol identifiers, TS 33.220 Annex H.2/H.3 (values confirmed against the Android
// UaSecurityProtocolIdentifier class and its test, see protocols.md §5.2). Five octets:
// organisation octet (H.2: 0x01 = 3GPP) then four protocol octets.
using UaProtocolId = std::array<std::uint8_t, 5>;
inline constexpr UaProtocolId kUaDefault = {0x00, 0x00, 0x00, 0x00, 0x00};
inline constexpr UaProtocolId kUaHttpDigest = {0x01, 0x00, 0x00, 0x00, 0x02};  // TS 24.109
// IMS UE <-> KMS HTTP-based message exchanges (TS 33.328): the identifier of this project.
inline constexpr UaProtocolId kUaImsUeKms = {0x01, 0x00, 0x00, 0x00, 0x06};
// Shared-key TLS (TS 33.222): 01 00 01 yy zz, yy zz = the TLS cipher-suite code.
inline constexpr UaProtocolId tls_psk_ua_protocol(std::uint8_t yy, std::uint8_t zz) {
  return {0x01, 0x00, 0x01, yy, zz};
}

// --- Ub: HTTP Digest AKA (RFC 3310, TS 24.109 §4 / Annex A) -------------------------------
inline constexpr std::string_view kDigestScheme = "Digest";          // RFC 2617 §3.2.1
inline constexpr std::string_view kAlgorithmAkaV1Md5 = "AKAv1-MD5";  // RFC 3310 §3.1
inline constexpr std::string_view kAlgorithmMd5 = "MD5";             // RFC 2617 §3.2.1
inline constexpr std::string_view kQopAuth = "auth";                 // RFC 2617 §3.2.1
inline constexpr std::string_view kQopAuthInt = "auth-int";          // TS 24.109 §4: Ub uses it
inline constexpr std::size_t kNonceCountDigits = 8;                  // RFC 2617 §3.2.2: nc = 8LHEX
// Body of the 200 OK on Ub: TS 24.109 §4 / Annex C (registered with IANA 2006-08-17).
inline constexpr std::string_view kBsfContentType = "application/vnd.3gpp.bsf+xml";
inline constexpr std::string_view kBsfXmlNamespace = "uri:3gpp-gba";
// Product tokens of the User-Agent / Server headers on Ub (TS 33.220 §4.5.2 as copied by
// tech-invite tinv-3gpp-33-220_d: "3gpp-gba-tmpi"); "3gpp-gba" marks GBA support on Ua [M].
inline constexpr std::string_view kProductTokenGbaTmpi = "3gpp-gba-tmpi";
inline constexpr std::string_view kProductTokenGba = "3gpp-gba";

// Realms of HTTP Digest on Ua (TS 24.109 §5.2): the NAF's realm is a prefix plus "@" NAF FQDN.
inline constexpr std::string_view kRealmPrefixGbaMe = "3GPP-bootstrapping";
inline constexpr std::string_view kRealmPrefixGbaU = "3GPP-bootstrapping-uicc";
inline constexpr std::string_view kRealmPrefixGbaDigest = "3GPP-bootstrapping-digest";

// --- B-TID (TS 33.220 §4.5.2) ------------------------------------------------------------
// B-TID = base64(RAND) "@" BSF server name, in NAI form. The spec text itself could not be
// opened; confirmed from (a) TS 33.220 Annex B.4 (itecspec copy): "the full DNS name of the BSF as
// used for B-TID generation (see clause 4.5.2)", and (b) the 3GPP glossary (3gpp-explorer.com
// "B-TID"): "base64-encoded representation of the RAND value ... and the BSF server's name".
inline constexpr char kBtidSeparator = '@';

}  // namespace imssim::gba
