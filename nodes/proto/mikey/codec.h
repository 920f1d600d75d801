// Strict MIKEY wire codec (RFC 3830 §6, RFC 6043 §6): every length checked, unknown or
// misplaced payloads and trailing bytes are typed errors, and for every message decode()
// accepts, encode(decode(x)) == x byte for byte.
#pragma once

#include "common/bytes.h"
#include "nodes/proto/mikey/error.h"
#include "nodes/proto/mikey/message.h"

namespace imssim::mikey {

// `offsets`, if given, receives the byte offset of each decoded payload (for error messages
// of the message parsers).
MikeyResult<Message> decode(ByteView wire, std::vector<std::size_t>* offsets = nullptr);

// Errors: the model cannot be put on the wire (a length does not fit its field, #CS does not
// match the map, a MAC of the wrong size for its algorithm, ...).
MikeyResult<Bytes> encode(const Message& message);
// Appends to `out` (reuse a buffer on hot paths).
MikeyResult<Ok> encode_into(const Message& message, Bytes& out);

// Key data sub-payload chain inside a KEMAC (RFC 3830 §6.13). `base_offset` is where the
// chain starts in the message, for error offsets.
MikeyResult<std::vector<KeyData>> decode_key_data(ByteView chain, std::size_t base_offset = 0);
MikeyResult<Ok> encode_key_data(const std::vector<KeyData>& keys, Bytes& out);

}  // namespace imssim::mikey
