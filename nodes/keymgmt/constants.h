// Constants of the key-management variants that are imssim's own choices (the RFCs leave them
// to the transport or the deployment); each says why its value was chosen.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/time.h"

namespace imssim::keymgmt {

// MIKEY over UDP: the IANA-registered MIKEY port (RFC 3830 §10 / IANA service names "mikey").
inline constexpr std::uint16_t kMikeyUdpPort = 2269;

// RFC 3830 leaves retransmission to the transport. Over UDP the UE retransmits like a SIP
// non-INVITE client (RFC 3261 §17.1.2.2): first after T1 = 500 ms, doubling, capped at T2 = 4 s,
// giving up after 64*T1 = 32 s. The KMS answers a retransmitted request with its cached response.
inline constexpr Time kRetransmitFirst = Time::ms(500);
inline constexpr Time kRetransmitCap = Time::sec(4);
inline constexpr Time kGiveUpAfter = Time::sec(32);

// How long the KMS keeps a response for retransmitted copies of its request (= the UE's
// give-up time, so every retransmission finds it).
inline constexpr Time kResponseCacheLifetime = kGiveUpAfter;

// Clock-skew window for MIKEY timestamps (RFC 3830 §5.4 suggests it be configurable; a few
// minutes is the usual deployment value) and the replay cache bound.
inline constexpr Time kMaxClockSkew = Time::sec(300);
// A TRANSFER_INIT stored by the media mailbox is read long after it was sent: its timestamp is
// accepted within this age (the KMS still refuses a key past its lifetime). Deferred delivery
// is why RFC 6043 §6.1 ties a ticket's validity to the KMS, not to the message's freshness.
inline constexpr Time kStoredTransferMaxAge = Time::sec(7 * 24 * 3600);
inline constexpr std::size_t kReplayCacheEntries = 100000;

// KMS key-ids: 16 random bytes, so they cannot be guessed (2^-128 per try).
inline constexpr std::size_t kKeyIdBytes = 16;

// SRTP keys from the KMS's TGK (RFC 3830 §4.1.3): both ends derive them from the key-id alone,
// so the caller's and the callee's crypto sessions are fixed by it: CSB ID = the key-id's first
// four bytes (big-endian), RAND = the key-id, CS ID 1 for media from the caller, 2 for media
// from the callee(s).
inline constexpr std::uint8_t kCsIdFromCaller = 1;
inline constexpr std::uint8_t kCsIdFromCallee = 2;

// ---- The TLS variants (tls-ticket, mikey-ticket): HTTP over TLS over TCP to the KMS.

// HTTPS (RFC 9110 §4.2.2): the KMS is a NAF reached on the Ua interface over HTTPS.
inline constexpr std::uint16_t kKmsHttpsPort = 443;
// TS 33.328 carries REQUEST and RESOLVE over HTTP but its text (URIs, content type) was not
// readable here (reference/protocols.md Gaps 2): these paths and types are our choice.
inline constexpr std::string_view kPathMikey = "/kms/mikey";            // mikey-ticket
inline constexpr std::string_view kPathTicketRequest = "/kms/ticket";   // tls-ticket: key+ticket
inline constexpr std::string_view kPathTicketResolve = "/kms/resolve";  // tls-ticket: ticket->key
inline constexpr std::string_view kContentTypeMikey = "application/mikey";
inline constexpr std::string_view kContentTypeJson = "application/json";  // RFC 8259
// A UE gives up on an HTTPS exchange with the KMS after as long as on a MIKEY one over UDP.
inline constexpr Time kHttpsGiveUpAfter = kGiveUpAfter;

}  // namespace imssim::keymgmt
