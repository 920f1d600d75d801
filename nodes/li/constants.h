// Lawful-interception constants. X2 (interception-related information) and X3 (content of
// communication) are TS 33.107/33.108 interfaces (ETSI TS 102 232 encodings over TCP/TLS in
// deployments); imssim models X2 as a SIP MESSAGE and X3 as a UDP copy of each media packet.
#pragma once

#include <cstdint>

namespace imssim::li {

// The X2 report's body is the intercepted INVITE as message/sipfrag (sip::kMessageSipfrag), so
// Wireshark shows the INVITE, its SDP and its key-mgmt inside the report.
// X3 has no registered port (IANA service-names registry: none for X3); ours, in the dynamic
// range (RFC 6335 §6), on the LI function's host.
inline constexpr std::uint16_t kX3Port = 50003;

}  // namespace imssim::li
