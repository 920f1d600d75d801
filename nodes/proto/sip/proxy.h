// Stateless proxy operations on a Message (RFC 3261 §16): Via push/pop, Record-Route, loose
// routing, Max-Forwards and retargeting. Each either changes the message or returns a SipError
// naming the reason and the status to answer with; the message is unchanged on error.
#pragma once

#include <string_view>

#include "nodes/proto/sip/error.h"
#include "nodes/proto/sip/message.h"

namespace imssim::sip {

// RFC 3261 §16.6 step 8: a new top Via "SIP/2.0/<transport> <sent_by>;branch=<branch>"; the
// branch must carry the z9hG4bK magic cookie (§8.1.1.7).
Result<Ok, SipError> push_via(Message& m, std::string_view transport, std::string_view sent_by,
                              std::string_view branch);
// RFC 3261 §16.7 step 3: a proxy removes its own Via from a response before forwarding it.
Result<Ok, SipError> pop_via(Message& m);

// RFC 3261 §16.6 step 4: "<uri;lr>" on top of the Record-Route list.
Result<Ok, SipError> add_record_route(Message& m, std::string_view uri);

// RFC 3261 §16.4: when the top Route names this proxy (same host and port, default ports
// equal), it is removed. Returns whether it was removed.
bool pop_route_if_self(Message& m, std::string_view self_uri);

// RFC 3261 §16.3 step 2 / §16.6 step 3: Max-Forwards 0 -> SipError 483 (Too Many Hops);
// otherwise decrement it, or add 70 when the header is missing.
Result<Ok, SipError> decrement_max_forwards(Message& m);

// RFC 3261 §16.6 step 2: the forwarded copy gets the target as its Request-URI (retargeting).
Result<Ok, SipError> set_request_uri(Message& m, std::string_view uri);

// RFC 3325 §5, TS 24.229 §5.2.6.3: inside the trust domain P-Asserted-Identity names who sent a
// request or response. remove_asserted_identity drops every instance (a UE's own claim is not
// trusted); assert_identity replaces them with "<uri>".
void remove_asserted_identity(Message& m);
Result<Ok, SipError> assert_identity(Message& m, std::string_view uri);

// RFC 3261 §8.1.1.7 / §17.2.3: the top Via branch carries the magic cookie followed by an
// identifier. A bare "z9hG4bK" (RFC 4475 §3.2.1) -> 400.
Result<Ok, SipError> check_branch(const Message& m);

}  // namespace imssim::sip
