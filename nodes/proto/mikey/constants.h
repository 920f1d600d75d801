// Every MIKEY codepoint and constant, with the section it comes from.
//
// Sources and how sure we are (tags as in ../shared/reference/protocols.md):
//   [V:IANA]  IANA "MIKEY Payload Name Spaces" registry (2009 text and 2019 index, read with the
//             search tool): data types 0-10, payload numbers 0-12/20/21, ERR 0-12, sub-registry
//             names "TS Role", "ID Role", "RAND Role", "Ticket Type".
//   [V:WS]    Wireshark packet-mikey.c (field layouts; its value tables, incl. ID type 2 "Byte
//             string" and ID roles 1-7 seen in a compiled copy of the dissector's tables).
//   [V:KAP]   Kapsch KMC MIKEY tables (cite RFC 6043 §6.x): payloads 13-17, PRF func 1,
//             CS ID map 2, TS type 3, ID roles.
//   [V:MYK]   mykey crate (PRF construction, the seven RFC 3830 §4.1 e-digit constants).
//   [V:6043]  RFC 6043 §6 tables (Tables 6.1-6.14), read in the tex2e/rfc-translater copy of
//             the RFC (html/rfc6043.html) with the search tool's read_file.
//   [UNVERIFIED] values no source above confirms; kept here so they can be fixed in one place.
#pragma once

#include <cstdint>

namespace imssim::mikey {

// RFC 3830 §6.1: the only version.
constexpr std::uint8_t kVersion = 1;  // [V:IANA]

// RFC 3830 §6.1 Table 6.1.a, RFC 6043 §6.1.
enum class DataType : std::uint8_t {
  kPskInit = 0,       // I_MESSAGE, pre-shared key [V:IANA]
  kPskVerify = 1,     // R_MESSAGE ("PSK ver msg") [V:IANA]
  kPkInit = 2,        // [V:IANA] (not supported by this codec)
  kPkVerify = 3,      // [V:IANA]
  kDhInit = 4,        // [V:IANA]
  kDhResp = 5,        // [V:IANA]
  kError = 6,         // [V:IANA]
  kDhhmacInit = 7,    // RFC 4650 [V:IANA]
  kDhhmacResp = 8,    // RFC 4650 [V:IANA]
  kRsaRInit = 9,      // RFC 4738 [V:IANA]
  kRsaRResp = 10,     // RFC 4738 [V:IANA]
  // RFC 6043 §6.1 Table 6.1 [V:6043]; tshark 4.0 shows them as Unknown.
  kRequestInitPsk = 11,
  kRequestInitPk = 12,  // not supported by this codec
  kRequestResp = 13,
  kTransferInit = 14,
  kTransferResp = 15,
  kResolveInitPsk = 16,
  kResolveInitPk = 17,  // not supported by this codec
  kResolveResp = 18,
  kSakke = 26,        // RFC 6509 [V:KAP]
};

// Next Payload values: RFC 3830 §6.1 Table 6.1.b, RFC 6043 §6.
enum class PayloadType : std::uint8_t {
  kLast = 0,          // [V:IANA]
  kKemac = 1,         // §6.2 [V:IANA]
  kPke = 2,           // §6.3
  kDh = 3,            // §6.4
  kSign = 4,          // §6.5
  kT = 5,             // §6.6
  kId = 6,            // §6.7
  kCert = 7,          // §6.7
  kChash = 8,         // §6.8
  kV = 9,             // §6.9
  kSp = 10,           // §6.10
  kRand = 11,         // §6.11
  kErr = 12,          // §6.12
  kTr = 13,           // RFC 6043 §6.4 [V:KAP]
  kIdr = 14,          // RFC 6043 §6.6 [V:KAP, WS]
  kRandr = 15,        // RFC 6043 §6.8 [V:KAP]
  kTp = 16,           // RFC 6043 §6.10 [V:KAP]
  kTicket = 17,       // RFC 6043 §6.10 [V:KAP]
  kKeyData = 20,      // §6.13, only inside KEMAC [V:IANA]
  kGeneralExt = 21,   // §6.15 [V:IANA]
  kSakke = 26,        // RFC 6509 [V:KAP]
};

// HDR PRF func (7 bits): RFC 3830 §6.1 Table 6.1.c, RFC 6043 §6.1.
enum class PrfFunc : std::uint8_t {
  kMikey1 = 0,           // HMAC-SHA-1 P-function, RFC 3830 §4.1.2 [V:IANA, WS]
  kHmacSha256 = 1,       // PRF-HMAC-SHA-256, RFC 6043 §6.1 [V:KAP]
};

// HDR CS ID map type: RFC 3830 §6.1 Table 6.1.d, RFC 4563, RFC 6043 §6.1.1.
enum class CsIdMapType : std::uint8_t {
  kSrtpId = 0,           // RFC 3830 §6.1.1 [V:WS]
  kEmpty = 1,            // RFC 4563 §3 [V:KAP]
  kGenericId = 2,        // RFC 6043 §6.1.1 [V:KAP]; entry layout [UNVERIFIED], see codec.cc
};

// SRTP-ID map entry: Policy_no(8) SSRC(32) ROC(32), RFC 3830 §6.1.1 [V:WS].
constexpr std::size_t kSrtpIdEntrySize = 9;

// T payload TS type: RFC 3830 §6.6 Table 6.6, RFC 6043 §6.3.
enum class TsType : std::uint8_t {
  kNtpUtc = 0,    // 64 bit [V:WS]
  kNtp = 1,       // 64 bit [V:WS]
  kCounter = 2,   // 32 bit [V:WS]
  kNtpUtc32 = 3,  // 32 bit, RFC 6043 §6.3 [V:KAP]
};

// ID payload ID type: RFC 3830 §6.7 Table 6.7.a, RFC 6043 §6.6.
enum class IdType : std::uint8_t {
  kNai = 0,         // [V:WS]
  kUri = 1,         // [V:WS]
  kByteString = 2,  // RFC 6043 [V:WS value table]
};

// IDR ID Role: RFC 6043 §6.6, RFC 6509 §4.4 [V:KAP, WS].
enum class IdRole : std::uint8_t {
  kInitiator = 1,     // IDRi
  kResponder = 2,     // IDRr
  kKms = 3,           // IDRkms
  kPsk = 4,           // IDRpsk
  kApp = 5,           // IDRapp
  kInitiatorKms = 6,  // IDRkmsi (RFC 6509)
  kResponderKms = 7,  // IDRkmsr (RFC 6509)
};

// RANDR RAND Role: RFC 6043 §6.8 Table 6.13 [V:6043].
enum class RandRole : std::uint8_t {
  kInitiator = 1,  // RANDRi
  kResponder = 2,  // RANDRr
  kKms = 3,        // RANDRkms
};

// TR TS Role: RFC 6043 §6.4 Table 6.9 [V:6043].
enum class TsRole : std::uint8_t {
  kTimeOfIssue = 1,     // TRi
  kValidityStart = 2,   // TRs
  kValidityEnd = 3,     // TRe
  kRekeyInterval = 4,   // TRr
};

// KEMAC Encr alg: RFC 3830 §6.2 Table 6.2.a [V:WS].
enum class EncrAlg : std::uint8_t {
  kNull = 0,
  kAesCm128 = 1,
  kAesKw128 = 2,  // decoded, not implemented (RFC 3394 key wrap)
};

// KEMAC / V MAC alg: RFC 3830 §6.2 Table 6.2.b, §6.9 [V:WS].
enum class MacAlg : std::uint8_t {
  kNull = 0,
  kHmacSha1_160 = 1,
};
constexpr std::size_t kHmacSha1Len = 20;

// Key data sub-payload Type (high nibble): RFC 3830 §6.13 Table 6.13.a [V:WS], RFC 6043.
enum class KeyDataType : std::uint8_t {
  kTgk = 0,
  kTgkSalt = 1,
  kTek = 2,
  kTekSalt = 3,
  // RFC 6043 §6.2.1 Table 6.6 [V:6043].
  kGtgk = 4,      // group TGK
  kGtgkSalt = 5,  // group TGK + salt
  kMpk = 6,       // MIKEY Protection Key
};
inline constexpr bool carries_salt(KeyDataType t) {
  return t == KeyDataType::kTgkSalt || t == KeyDataType::kTekSalt ||
         t == KeyDataType::kGtgkSalt;
}

// Key data sub-payload KV type (low nibble): RFC 3830 §6.13 Table 6.13.b [V:WS].
enum class KvType : std::uint8_t {
  kNull = 0,
  kSpi = 1,       // SPI/MKI: SPI len(8) SPI
  kInterval = 2,  // VF len(8) VF VT len(8) VT
};

// SP payload Prot type: RFC 3830 §6.10 Table 6.10.a [V:WS].
enum class ProtType : std::uint8_t { kSrtp = 0 };

// SRTP policy parameter types: RFC 3830 §6.10.1 Table 6.10.1.a [V:WS].
enum class SrtpParam : std::uint8_t {
  kEncrAlg = 0,          // 0 NULL, 1 AES-CM, 2 AES-F8
  kEncrKeyLen = 1,       // bytes
  kAuthAlg = 2,          // 0 NULL, 1 HMAC-SHA-1
  kAuthKeyLen = 3,       // bytes
  kSaltKeyLen = 4,       // bytes
  kSrtpPrf = 5,          // 0 AES-CM
  kKdr = 6,              // key derivation rate
  kSrtpEncr = 7,         // 0 off, 1 on
  kSrtcpEncr = 8,        // 0 off, 1 on
  kFecOrder = 9,         // 0 FEC-SRTP
  kSrtpAuth = 10,        // 0 off, 1 on
  kAuthTagLen = 11,      // bytes
  kSrtpPrefixLen = 12,   // bytes
};

// ERR payload Error no: RFC 3830 §6.12 Table 6.12 [V:WS, IANA].
enum class ErrorNo : std::uint8_t {
  kAuthFailure = 0,
  kInvalidTimestamp = 1,
  kPrfNotSupported = 2,
  kMacNotSupported = 3,
  kEncrNotSupported = 4,
  kHashNotSupported = 5,
  kDhNotSupported = 6,
  kIdNotSupported = 7,
  kCertNotSupported = 8,
  kSpTypeNotSupported = 9,
  kSpParamNotSupported = 10,
  kDataTypeNotSupported = 11,
  kUnspecified = 12,
  // RFC 6043 §6.9 Table 6.14 [V:6043].
  kInvalidTicket = 14,  // Ticket Type not supported
  kInvalidTpPar = 15,   // TP parameters not supported
};

// General extension Type: RFC 3830 §6.15 Table 6.15 [V:WS]. Other types (RFC 4563, 4909,
// 5410) are decoded as opaque data.
enum class GeneralExtType : std::uint8_t {
  kVendorId = 0,
  kSdpIds = 1,
};

// TP / TICKET flags, RFC 6043 §6.10 [V:6043]. On the wire D shares a byte with the 7-bit PRF
// Func and E..O fill the next 11 bits; here they are one 12-bit set, D the highest bit.
namespace ticket_flag {
constexpr std::uint16_t kD = 1u << 11;  // ticket generated by the KMS
constexpr std::uint16_t kE = 1u << 10;  // Ticket Resolve exchange is mandatory
constexpr std::uint16_t kF = 1u << 9;   // TRANSFER_RESP shall be sent
constexpr std::uint16_t kG = 1u << 8;   // Responder shall generate RANDRr
constexpr std::uint16_t kH = 1u << 7;   // RANDRi used when deriving keys from a TGK/GTGK
constexpr std::uint16_t kI = 1u << 6;   // key forking
constexpr std::uint16_t kJ = 1u << 5;   // ticket may be reused
constexpr std::uint16_t kK = 1u << 4;   // KMS changed the desired policy or KEMAC
constexpr std::uint16_t kL = 1u << 3;   // Initiator may supply session keys
constexpr std::uint16_t kM = 1u << 2;   // Responder may supply session keys
constexpr std::uint16_t kN = 1u << 1;   // Initiator can send TRANSFER_INIT with this ticket
constexpr std::uint16_t kO = 1u << 0;   // Responder can process TRANSFER_INIT with this ticket
constexpr std::uint16_t kAll = 0x0FFF;
}  // namespace ticket_flag
constexpr std::uint8_t kMaxTicketPrfFunc = 0x7F;  // PRF Func is 7 bits

// TICKET / TP Ticket Type: RFC 6043 §6.10 Table 6.15 [V:6043] (values 1, 2).
enum class TicketType : std::uint16_t {
  kMikeyBase = 1,   // MIKEY base ticket (RFC 6043 Appendix A)
  kThreeGppBase = 2,  // 3GPP base ticket (TS 33.328)
  // imssim's own ticket for the "mikey" variant: Ticket Data is a KMS key-id (a reference to
  // a key the KMS stores). Private-use range per the registry's 0xFFxx convention [our choice].
  kImssimKeyId = 0xFF01,
  // imssim's sealed ticket for the ticket variants (nodes/kms/ticket_seal.h): the key-id and an
  // AES-GCM container of the key only the KMS opens [our choice; TS 33.328's type 2 layout was
  // not readable].
  kImssimSealed = 0xFF02,
};

// Key derivation constants, RFC 3830 §4.1.3 / §4.1.4: successive 9-digit groups of e
// [V:MYK; hex conversion X].
namespace derive {
constexpr std::uint32_t kTek = 0x2AD01C64;         // 718281828, TEK from TGK
constexpr std::uint32_t kTgkAuth = 0x1B5C7973;     // 459045235, authentication key from TGK
constexpr std::uint32_t kTgkEncr = 0x15798CEF;     // 360287471, encryption key from TGK
constexpr std::uint32_t kSalt = 0x39A2C14B;        // 966967627, salting key from TGK
constexpr std::uint32_t kEncrKey = 0x150533E1;     // 352662497, KEMAC encr_key from PSK/env key
constexpr std::uint32_t kAuthKey = 0x2D22AC75;     // 757247093, auth_key from PSK/env key
constexpr std::uint32_t kSaltKey = 0x29B88916;     // 699959574, salt_key from PSK/env key
// RFC 6043 §5.1: MPK/forked-key derivation uses the next e-groups (724076630, 353547594)
// [UNVERIFIED assignment]; not used by the builders (the KMS transports the MPK in KEMAC).
constexpr std::uint32_t kMpkNext1 = 0x2B288856;
constexpr std::uint32_t kMpkNext2 = 0x1512B54A;
// RFC 3830 §4.1.4: the cs_id byte of a PSK/envelope-key label.
constexpr std::uint8_t kMessageKeyCsId = 0xFF;
}  // namespace derive

// Key lengths for MIKEY-1 (RFC 3830 §4.1.4, §4.2.3) [V:MYK].
constexpr std::size_t kEncrKeyLen = 16;   // AES-CM-128
constexpr std::size_t kAuthKeyLen = 20;   // HMAC-SHA-1-160
constexpr std::size_t kSaltKeyLen = 14;   // 112-bit salt
constexpr std::size_t kTekLen = 16;
constexpr std::size_t kSrtpSaltLen = 14;
// RFC 3830 §4.1.2: the inkey is split into 256-bit chunks; HMAC-SHA-1 gives 160 bits a step.
constexpr std::size_t kPrfChunkLen = 32;

// UDP port for MIKEY outside SDP (Wireshark default; IANA "mikey" 2269).
constexpr std::uint16_t kUdpPort = 2269;

// NTP era offset: seconds from 1900-01-01 to 1970-01-01 (RFC 5905 §6).
constexpr std::uint64_t kNtpUnixOffset = 2'208'988'800ull;

}  // namespace imssim::mikey
