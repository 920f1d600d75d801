// Generic verification of a decoded message, for tools (CLI decode, trace cross-checks) that
// look at any message rather than build one exchange: the exchange binding of an initiating
// message, the MAC check of any protected message and the KEMAC contents.
#pragma once

#include "nodes/proto/mikey/protection.h"

namespace imssim::mikey {

// True for I_MESSAGE, REQUEST_INIT, RESOLVE_INIT and TRANSFER_INIT.
bool is_initiating(DataType t);

// The binding an initiating message (`init`, decoded from `init_wire`) sets up, with `key`
// the PSK (or MPK for TRANSFER): RAND from its RAND/RANDR payload, identities per RFC 3830
// §5.2 / RFC 6043 §5.5 (README), and the wire a ticket response's MAC covers.
MikeyResult<ExchangeBinding> binding_from_message(const Message& init, ByteView init_wire,
                                                  ByteView key);

// Checks the message's MAC (KEMAC MAC of an I_MESSAGE, else the final V payload) against
// `b`, which is the message's own binding for initiating messages and the request's binding
// for responses. kBadMac if it does not verify or the message carries no MAC.
MikeyResult<Ok> verify_message_mac(ByteView wire, const Message& m, const ExchangeBinding& b);

// Decrypts the message's KEMAC (if any) with the binding's keys.
MikeyResult<std::vector<KeyData>> open_kemac(const Message& m, const ExchangeBinding& b);

}  // namespace imssim::mikey
