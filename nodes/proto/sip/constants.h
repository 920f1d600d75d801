// SIP (RFC 3261) and SDP key-management (RFC 4567) constants, each with the section it comes
// from. Values marked [UNVERIFIED] could not be re-read in the RFC text during this session.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/time.h"

namespace imssim::sip {

// RFC 3261 §7.1 / §25.1: SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT; we speak 2.0 only.
inline constexpr std::string_view kSipVersion = "SIP/2.0";

// RFC 3261 §19.1.2 / §18.1.1: default ports for sip: (UDP/TCP) and sips: (TLS).
inline constexpr std::uint16_t kDefaultPort = 5060;
inline constexpr std::uint16_t kDefaultTlsPort = 5061;

// RFC 3261 §8.1.1.7: a branch that starts with this magic cookie was built by an RFC 3261
// element and is unique across space and time; transactions are matched on it (§17.2.3).
inline constexpr std::string_view kBranchMagicCookie = "z9hG4bK";

// RFC 3261 §8.1.1.6: a UAC SHOULD put 70 in Max-Forwards; §16.6 step 3: a proxy adds 70 when
// the header is missing. §16.3 step 2: a request with Max-Forwards 0 gets 483 at a proxy.
inline constexpr int kDefaultMaxForwards = 70;
inline constexpr int kMaxMaxForwards = 255;  // RFC 3261 §20.22: 0-255 (RFC 4475 §3.1.2.4)

// RFC 3261 §21: status codes a parser, proxy or transaction layer produces on its own.
inline constexpr int kTrying = 100;                // §21.1.1
inline constexpr int kRinging = 180;               // §21.1.2
inline constexpr int kSessionProgress = 183;       // §21.1.5
inline constexpr int kOk = 200;                    // §21.2.1
inline constexpr int kBadRequest = 400;            // §21.4.1
inline constexpr int kRequestTimeout = 408;        // §21.4.9 (also Timer B/F to the TU, §17.1)
inline constexpr int kUnsupportedUriScheme = 416;  // §21.4.16
inline constexpr int kTooManyHops = 483;           // §21.4.21
inline constexpr int kServerError = 500;           // §21.5.1
inline constexpr int kServiceUnavailable = 503;    // §21.5.4 (also a transport error, §8.1.3.1)
inline constexpr int kNotImplemented = 501;        // §21.5.2
inline constexpr int kVersionNotSupported = 505;   // §21.5.6
// RFC 3261 §7.2 / §21: Status-Code is 3DIGIT, classes 1xx-6xx. A response outside is dropped
// (RFC 4475 §3.1.2.19); we mark "drop, do not answer" with status 0.
inline constexpr int kMinStatus = 100;
inline constexpr int kMaxStatus = 699;
inline constexpr int kDrop = 0;

// RFC 3261 §17.1.1.1 and Appendix A (Table 4): transaction timer base values.
inline constexpr Time kT1 = Time::ms(500);  // RTT estimate
inline constexpr Time kT2 = Time::sec(4);   // cap on request / response retransmit intervals
inline constexpr Time kT4 = Time::sec(5);   // maximum time a message stays in the network
// Appendix A: Timer B, F, H, J = 64*T1; RFC 6026 §7.1/§7.2 (Timer L, M) = 64*T1.
inline constexpr std::int64_t kTransactionTimeoutFactor = 64;
// Appendix A: Timer D "> 32 s for UDP"; we use exactly 32 s (64*T1 with the default T1).
inline constexpr Time kTimerDUnreliable = Time::sec(32);

// RFC 4567 §3.1: "a=key-mgmt:" prtcl-id SP keymgmt-data, keymgmt-data = base64 (RFC 4648).
// RFC 4567 registers prtcl-id "mikey" for MIKEY (RFC 3830) with IANA [UNVERIFIED: section
// number]; Wireshark's key_mgmt dissector table uses the same name (protocols.md §3).
inline constexpr std::string_view kKeyMgmtAttribute = "key-mgmt";
inline constexpr std::string_view kKeyMgmtMikey = "mikey";
// RFC 3711 §12: the SRTP profile name used as SDP transport protocol.
inline constexpr std::string_view kRtpSavp = "RTP/SAVP";
inline constexpr std::string_view kApplicationSdp = "application/sdp";  // RFC 3261 §13.2.1
// RFC 3420 §2: a SIP message fragment as a body (the LI report carries the INVITE in one).
inline constexpr std::string_view kMessageSipfrag = "message/sipfrag";

// RFC 3551 §6 Table 4: PCMU is static payload type 0 at 8000 Hz. AMR (RFC 4867 §8.1) has a
// dynamic payload type; 97 is our choice from the dynamic range 96-127 (RFC 3551 §3).
inline constexpr int kPayloadPcmu = 0;
inline constexpr int kPayloadAmrDynamic = 97;
inline constexpr int kClockRate8k = 8000;

}  // namespace imssim::sip
