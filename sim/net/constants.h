// Transport constants of the simulated network, each with where it comes from. TcpConfig
// (tcp_config.h) takes its defaults from here; a scenario may override them.
#pragma once

#include <cstdint>

#include "common/time.h"

namespace imssim::sim::constants {

using namespace imssim::time_literals;

// RFC 791 §3.2: every internet module must be able to forward a datagram of 68 octets; the
// smallest MTU a zone may have.
constexpr int kMinMtu = 68;
constexpr int kMaxMtu = 65535;

// IANA dynamic/private port range, used for ephemeral ports (RFC 6335 §6: 49152-65535).
constexpr std::uint16_t kEphemeralFirst = 49152;
constexpr std::uint16_t kEphemeralLast = 65535;

// RFC 6298 §2.1: until an RTT is measured, RTO = 1 second.
constexpr Time kInitialRto = 1_s;
// RFC 6298 §2.4 says RTO SHOULD be rounded up to 1 s; Linux uses 200 ms (TCP_RTO_MIN = HZ/5),
// and so do the UEs and servers we model, so we follow Linux.
constexpr Time kMinRto = 200_ms;
// RFC 6298 §2.5: a maximum MAY be placed on RTO provided it is at least 60 seconds.
constexpr Time kMaxRto = 60_s;
// RFC 6298 §2: G, the clock granularity in RTO = SRTT + max(G, K*RTTVAR).
constexpr Time kClockGranularity = 1_ms;
// RFC 6298 §5.7: after a SYN timed out, RTO restarts at 3 s once data transmission begins.
constexpr Time kRtoAfterSynTimeout = 3_s;
// RFC 6298 §2.3: alpha = 1/8, beta = 1/4, K = 4 (as shifts and a factor below).
constexpr int kRttAlphaShift = 3;
constexpr int kRttBetaShift = 2;
constexpr int kRttVarFactor = 4;

// RFC 1122 §4.2.3.5: R2 for a SYN MUST allow retransmission for at least 3 minutes. With an
// initial RTO of 1 s, doubling and capped at 60 s, 7 retransmissions give up at 183 s (6,
// Linux's tcp_syn_retries, would stop at 123 s).
constexpr int kSynRetries = 7;
// Linux tcp_retries2 = 15 (~924 s with the minimum RTO); RFC 1122 §4.2.3.5 asks R2 >= 100 s.
constexpr int kDataRetries = 15;

// RFC 5681 §3.2: fast retransmit on the third duplicate ACK.
constexpr int kDupAckThreshold = 3;
// RFC 6928 §2: initial window min(10*MSS, max(2*MSS, 14600)).
constexpr int kInitialWindowSegments = 10;
constexpr std::uint32_t kInitialWindowCapBytes = 14600;
// Without the window scale option (RFC 7323) the advertised window is at most 65535 bytes.
constexpr std::uint16_t kReceiveWindow = 65535;

// Linux TCP_TIMEWAIT_LEN (60 s) stands in for 2*MSL (RFC 9293 §3.4.2 MSL = 2 minutes).
constexpr Time kTimeWait = 60_s;
// Linux tcp_fin_timeout: an orphaned (closed and released) stream waits this long in FIN-WAIT-2.
constexpr Time kFinWait2Timeout = 60_s;

}  // namespace imssim::sim::constants
