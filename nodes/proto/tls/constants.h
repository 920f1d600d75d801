// Protocol constants of the TLS module, each with the document it comes from.
#pragma once

#include <cstdint>
#include <string_view>

namespace imssim::tls {

// --- TLS record layer (RFC 5246 §6.2.1 and Appendix A.1; RFC 8446 §5.1) ---
inline constexpr std::uint8_t kContentChangeCipherSpec = 20;
inline constexpr std::uint8_t kContentAlert = 21;
inline constexpr std::uint8_t kContentHandshake = 22;
inline constexpr std::uint8_t kContentApplicationData = 23;
// type(1) || legacy_record_version(2) || length(2)
inline constexpr std::size_t kRecordHeaderLength = 5;
// RFC 8446 §5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256.
inline constexpr std::size_t kMaxRecordPayload = (1u << 14) + 256;

// --- Handshake layer (RFC 5246 §7.4; RFC 8446 §4) ---
inline constexpr std::uint8_t kHandshakeClientHello = 1;
inline constexpr std::uint8_t kHandshakeClientKeyExchange = 16;
inline constexpr std::size_t kHandshakeHeaderLength = 4;  // msg_type(1) || length(3)
// RFC 8446 §4.2: extension type of pre_shared_key.
inline constexpr std::uint16_t kExtensionPreSharedKey = 41;

// --- Alerts (RFC 8446 §6) ---
inline constexpr std::uint8_t kAlertCloseNotify = 0;

// --- GBA shared-key TLS (TS 33.222 §5.4, profile details in TS 24.109) ---
// Server psk_identity_hint for GBA_ME keys: TS 24.109 Annex F.3 (Rel-17) step 2 - the hint
// list "includes a static string "3GPP-bootstrapping""; the conformance defaults of
// TS 36.508 Table 4.7H-3 use the same string. GBA_U and GBA_Digest keys use the "-uicc" and
// "-digest" members of the family (names as in Android's GBA API documentation; the TLS use
// of these two was not confirmed in 3GPP text).
inline constexpr std::string_view kGbaMePrefix = "3GPP-bootstrapping";
inline constexpr std::string_view kGbaUPrefix = "3GPP-bootstrapping-uicc";
inline constexpr std::string_view kGbaDigestPrefix = "3GPP-bootstrapping-digest";
// Client psk_identity = prefix, separator, B-TID. TS 24.109 says only "a prefix ... and the
// B-TID" (see its AKMA analogue, Annex K.3.2 e: prefix "3GPP-AKMA" and the A-KID); the one
// concrete encoding found is TS 36.508 Table 4.7H-5: 'Concatenation of "3GPP-bootstrapping",
// "." and B-TID'. ../shared/reference/toolchain.md measured with "@" instead; "." is used here
// because it is the one written in a 3GPP document.
inline constexpr std::string_view kGbaIdentitySeparator = ".";

// TLS 1.2 cipher suites offered for GBA PSK TLS. TS 33.222's own list (and the TS 33.310
// Annex E profile it points to) could not be read; TLS_PSK_WITH_AES_128_CBC_SHA was the early
// mandatory suite [unverified]. Default: TLS_PSK_WITH_AES_128_GCM_SHA256 (RFC 5487, 0x00A8),
// with the CBC suites of RFC 4279 as fall-backs. OpenSSL names.
inline constexpr std::string_view kGbaTls12CipherList =
    "PSK-AES128-GCM-SHA256:PSK-AES256-GCM-SHA384:PSK-AES128-CBC-SHA256:PSK-AES128-CBC-SHA";

// TS 33.220 Annex H.3: Ua security protocol identifiers (NAF_Id suffix) for shared-key TLS.
// TLS 1.2: 0x01 0x00 0x01 yy zz with yy zz the negotiated cipher suite; TLS 1.3 (TS 33.222
// §5.4.0.2): 0x01 0x00 0x00 0x00 0x07.
inline constexpr std::uint8_t kUaProtocolTls12Prefix[3] = {0x01, 0x00, 0x01};
inline constexpr std::uint8_t kUaProtocolTls13[5] = {0x01, 0x00, 0x00, 0x00, 0x07};

// TLS 1.3 cipher suite used with an external PSK: TLS_AES_128_GCM_SHA256 (RFC 8446 §B.4).
// The PSK's hash must match the suite's (RFC 8446 §4.2.11), so the PSK session is bound to it.
inline constexpr std::uint8_t kTls13Aes128GcmSha256[2] = {0x13, 0x01};
inline constexpr std::string_view kTls13PskCipherSuites = "TLS_AES_128_GCM_SHA256";

// --- Self-signed certificates for the certificate kind ---
// Validity is fixed (no wall clock): from 2025-01-01T00:00:00Z for ten years; the client
// verifies at a caller-given time that defaults to the start of that window.
inline constexpr std::int64_t kCertificateNotBeforeUnix = 1735689600;  // 2025-01-01T00:00:00Z
inline constexpr std::int64_t kCertificateValiditySeconds = 10ll * 365 * 24 * 3600;

}  // namespace imssim::tls
