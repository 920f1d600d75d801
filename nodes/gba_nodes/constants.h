// Constants of the GBA network functions (HSS, BSF, the UE's GBA client, the NAF's Zn client),
// each with where it comes from. Protocol constants proper live with the codecs:
// nodes/proto/gba/constants.h, nodes/proto/diameter/constants.h, nodes/proto/http/constants.h.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/time.h"
#include "nodes/proto/diameter/constants.h"
#include "nodes/proto/gba/constants.h"
#include "nodes/proto/gba/milenage.h"

namespace imssim::gba_nodes {

using namespace imssim::time_literals;

// --- Ports ------------------------------------------------------------------------------------
// RFC 6733 §2.1: Diameter uses the IANA-registered port 3868 over TCP (Zh and Zn run over it).
inline constexpr std::uint16_t kDiameterPort = diameter::kPort;
// Ub is HTTP (TS 24.109 §4.1: the UE uses HTTP over the BSF's default port); RFC 9110 §4.2.1:
// the default port of the "http" scheme is 80.
inline constexpr std::uint16_t kHttpPort = 80;

// --- Names ----------------------------------------------------------------------------------
// The default FQDNs of this simulator's network (example names, RFC 2606 style, no spec value).
inline constexpr std::string_view kDefaultNafFqdn = "kms.ims.example";
inline constexpr std::string_view kDefaultBsfFqdn = "bsf.ims.example";
inline constexpr std::string_view kDefaultHssHost = "hss.ims.example";
inline constexpr std::string_view kDefaultRealm = "ims.example";

// The Ua security protocol identifier under which the UE and the KMS derive Ks_NAF: TS 33.220
// Annex H.3 lists 01 00 00 00 06 for the "IMS UE to KMS HTTP based message exchanges" of
// TS 33.328 (value confirmed against Android's UaSecurityProtocolIdentifier, protocols.md §5.2).
inline constexpr gba::UaProtocolId kUaKms = gba::kUaImsUeKms;

// --- Ub (TS 24.109 §4, RFC 3310) ---------------------------------------------------------------
// The bootstrapping request is an HTTP GET of "/" with the IMPI as the Digest username
// (protocols.md §5.1, from TS 24.109 Annex A as implemented by the Go BSF "bag").
inline constexpr std::string_view kUbPath = "/";
inline constexpr std::string_view kUbMethod = "GET";

// --- Key lifetime -------------------------------------------------------------------------------
// TS 33.220 §4.5.2: the BSF sets the key lifetime of Ks from its local policy; the spec gives no
// number. One hour is this simulator's default (the order of magnitude of deployed BSFs).
inline constexpr std::int64_t kDefaultKeyLifetimeSeconds = 3600;
// Simulated time 0 as a Unix instant: 2025-01-01T00:00:00Z. Lifetimes on Ub (RFC 3339) and Zn
// (Diameter Time) are wall instants, so every node adds its simulated time to this epoch.
inline constexpr std::int64_t kDefaultEpochUnix = 1735689600;

// --- AKA --------------------------------------------------------------------------------------
// AMF of the vectors an HSS makes for GBA. Bit 0 is the "separation bit", set only in E-UTRAN
// vectors (TS 33.401 Annex H [M]); GBA vectors are UMTS ones, so it is 0 here; the other bits
// are operator-defined (TS 33.102 Annex F). Milenage accepts any value.
inline constexpr gba::Amf kDefaultAmf = {0x00, 0x00};

// --- Diameter results this module answers with ------------------------------------------------
// TS 29.109 (Zh, Experimental-Result with Vendor-Id 3GPP): DIAMETER_ERROR_IMPI_UNKNOWN, the HSS
// does not know the IMPI of the MAR (name as in Wireshark's dictionary.xml; Cx has the same
// meaning under DIAMETER_ERROR_USER_UNKNOWN 5001, TS 29.229 §6.2.2.1).
inline constexpr std::uint32_t kErrorImpiUnknown = diameter::kErrorIdentityUnknown;  // 5401
// TS 29.109 (Zn): DIAMETER_ERROR_TRANSACTION_IDENTIFIER_INVALID, the BSF has no valid bootstrap
// for the B-TID (unknown or expired), so the NAF must ask the UE to bootstrap again
// (protocols.md §5.3 [M] for the "expired" reading).
inline constexpr std::uint32_t kErrorBtidInvalid =
    diameter::kErrorTransactionIdentifierInvalid;  // 5403
// RFC 6733 §7.1.4: DIAMETER_AUTHENTICATION_REJECTED, used by the HSS when an AUTS does not
// verify (its MAC-S is wrong), so no new vector can be trusted to be fresh.
inline constexpr std::uint32_t kAuthenticationRejected = 4001;
// RFC 6733 §7.1.5: DIAMETER_INVALID_AVP_VALUE, a request this node can parse but not accept.
inline constexpr std::uint32_t kInvalidAvpValue = 5004;
// RFC 6733 §7.1.5: DIAMETER_APPLICATION_UNSUPPORTED, a request for another application.
inline constexpr std::uint32_t kApplicationUnsupported = 3007;

// --- Timeouts and limits ------------------------------------------------------------------------
// RFC 6733 §5.5.3 suggests Tw = 30 s for the watchdog; a request without an answer is given up
// much sooner by the nodes here (no failover peer exists). Simulator defaults, not spec values.
inline constexpr Time kDefaultDiameterTimeout = 5_s;
inline constexpr Time kDefaultBootstrapTimeout = 30_s;
// A Diameter message longer than this is refused by the stream framer (Zn/Zh messages are a few
// hundred bytes; RFC 6733 allows 2^24 - 1).
inline constexpr std::size_t kMaxDiameterMessage = 65536;
// How many AUTS re-synchronisations one bootstrap may go through (RFC 3310 §3.4 expects one).
inline constexpr int kMaxResyncs = 1;

}  // namespace imssim::gba_nodes
