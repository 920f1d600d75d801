// Diameter constants: the RFC 6733 base protocol and the 3GPP Zn/Zh applications (TS 29.109,
// with the Cx AVPs of TS 29.229 that Zh reuses).
//
// Sources: RFC 6733 §3 (header), §4.1 (AVP header), §4.5 (base AVP codes), §7.1 (result codes).
// 3GPP codes were confirmed against Wireshark's Diameter dictionary, the decoder the tests run
// (/usr/share/wireshark/diameter/dictionary.xml: applications 16777220 "3GPP Zn" and 16777221
// "3GPP Zh", command 310 "Boostrapping-Info", AVPs 400-412; TGPP.xml: command 303
// "Multimedia-Auth", AVPs 601, 602, 607-613, 625, 626 with M and V "must"), against cipango
// org.cipango.diameter.ims.Zh (tleseney/cipango: BIR/BIA ABNF, AVPs 400-418, result codes
// 5401-5403) and the Go BSF "package bag" (Zh MAR/MAA ABNF; SIP-Authenticate = RAND || AUTN,
// SIP-Authorization = RAND || AUTS in the request and XRES in the answer, CK 625, IK 626).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace imssim::diameter {

// --- Header (RFC 6733 §3) --------------------------------------------------------------------
inline constexpr std::uint8_t kVersion = 1;
inline constexpr std::size_t kHeaderBytes = 20;
inline constexpr std::uint8_t kFlagRequest = 0x80;     // R
inline constexpr std::uint8_t kFlagProxiable = 0x40;   // P
inline constexpr std::uint8_t kFlagError = 0x20;       // E (answers only)
inline constexpr std::uint8_t kFlagRetransmit = 0x10;  // T (requests only)
inline constexpr std::uint8_t kCommandFlagsReserved = 0x0F;

// --- AVP header (RFC 6733 §4.1) ----------------------------------------------------------------
inline constexpr std::uint8_t kAvpFlagVendor = 0x80;     // V: Vendor-ID field present
inline constexpr std::uint8_t kAvpFlagMandatory = 0x40;  // M
inline constexpr std::uint8_t kAvpFlagProtected = 0x20;  // P (deprecated by RFC 6733, must be 0)
inline constexpr std::uint8_t kAvpFlagsReserved = 0x1F;
inline constexpr std::size_t kAvpHeaderBytes = 8;
inline constexpr std::size_t kAvpVendorHeaderBytes = 12;

// --- Vendors and applications ---------------------------------------------------------------
inline constexpr std::uint32_t kVendor3gpp = 10415;          // IANA enterprise number of 3GPP
inline constexpr std::uint32_t kAppZn = 16777220;            // TS 29.109 §6.1 (NAF <-> BSF)
inline constexpr std::uint32_t kAppZh = 16777221;            // TS 29.109 §5.1 (BSF <-> HSS)
inline constexpr std::uint32_t kCmdBootstrappingInfo = 310;  // BIR/BIA, TS 29.109 §6.1.1/6.1.2
inline constexpr std::uint32_t kCmdMultimediaAuth = 303;     // MAR/MAA, TS 29.109 §5.1.1/5.1.2

// --- Base AVP codes (RFC 6733 §4.5; User-Name from RFC 6733 §8.14) ----------------------------
inline constexpr std::uint32_t kUserName = 1;
inline constexpr std::uint32_t kAuthApplicationId = 258;
inline constexpr std::uint32_t kVendorSpecificApplicationId = 260;
inline constexpr std::uint32_t kSessionId = 263;
inline constexpr std::uint32_t kOriginHost = 264;
inline constexpr std::uint32_t kVendorId = 266;
inline constexpr std::uint32_t kResultCode = 268;
inline constexpr std::uint32_t kAuthSessionState = 277;
inline constexpr std::uint32_t kDestinationRealm = 283;
inline constexpr std::uint32_t kDestinationHost = 293;
inline constexpr std::uint32_t kOriginRealm = 296;
inline constexpr std::uint32_t kExperimentalResult = 297;
inline constexpr std::uint32_t kExperimentalResultCode = 298;
inline constexpr std::uint32_t kNoStateMaintained = 1;  // Auth-Session-State, RFC 6733 §8.11

// --- Zn/Zh AVPs (TS 29.109 §6.3; vendor 3GPP) ------------------------------------------------
// Flag rules: V must be set; this codec also sets M (as cipango and the Go BSF do). The M rule of
// TS 29.109 Table 6.3.1 itself could not be read [M]; the decoder accepts either M value here.
inline constexpr std::uint32_t kGbaUserSecSettings = 400;         // OctetString (GUSS XML)
inline constexpr std::uint32_t kTransactionIdentifier = 401;      // OctetString: B-TID
inline constexpr std::uint32_t kNafId = 402;                      // OctetString: NAF FQDN || Ua id
inline constexpr std::uint32_t kGaaServiceIdentifier = 403;       // OctetString
inline constexpr std::uint32_t kKeyExpiryTime = 404;              // Time
inline constexpr std::uint32_t kMeKeyMaterial = 405;              // OctetString: Ks_(ext)_NAF
inline constexpr std::uint32_t kUiccKeyMaterial = 406;            // OctetString: Ks_int_NAF
inline constexpr std::uint32_t kGbaUAwarenessIndicator = 407;     // Enumerated NO(0)/YES(1)
inline constexpr std::uint32_t kBootstrapInfoCreationTime = 408;  // Time
inline constexpr std::uint32_t kGussTimestamp = 409;              // Time
inline constexpr std::uint32_t kGbaType = 410;  // Enumerated 3G GBA(0) / 2G GBA(1)

// --- Cx AVPs reused by Zh (TS 29.229 §6.3; M and V must) ----------------------------------
inline constexpr std::uint32_t kPublicIdentity = 601;
inline constexpr std::uint32_t kServerName = 602;
inline constexpr std::uint32_t kSipNumberAuthItems = 607;
inline constexpr std::uint32_t kSipAuthenticationScheme = 608;
inline constexpr std::uint32_t kSipAuthenticate = 609;   // RAND || AUTN (32 octets)
inline constexpr std::uint32_t kSipAuthorization = 610;  // XRES, or RAND || AUTS on resync
inline constexpr std::uint32_t kSipAuthDataItem = 612;   // Grouped
inline constexpr std::uint32_t kSipItemNumber = 613;
inline constexpr std::uint32_t kConfidentialityKey = 625;  // CK
inline constexpr std::uint32_t kIntegrityKey = 626;        // IK
// TS 29.229 §6.3.9 / TS 33.203: the scheme name for AKA in SIP-Authentication-Scheme.
inline constexpr std::string_view kSchemeDigestAkaV1Md5 = "Digest-AKAv1-MD5";

// --- Result codes (RFC 6733 §7.1; TS 29.109 §6.2 experimental, vendor 3GPP) -----------------
inline constexpr std::uint32_t kDiameterSuccess = 2001;
inline constexpr std::uint32_t kDiameterUnableToComply = 5012;
inline constexpr std::uint32_t kErrorIdentityUnknown = 5401;
inline constexpr std::uint32_t kErrorNotAuthorized = 5402;
inline constexpr std::uint32_t kErrorTransactionIdentifierInvalid = 5403;

// IANA-registered TCP port for Diameter (RFC 6733 §2.1).
inline constexpr std::uint16_t kPort = 3868;

}  // namespace imssim::diameter
