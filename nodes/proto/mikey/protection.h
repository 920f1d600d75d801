// Message protection shared by every PSK/MPK-protected MIKEY message: the MAC that ends a
// message (V payload, or the KEMAC MAC of an I_MESSAGE) and KEMAC encryption.
//
// MAC coverage (RFC 3830 §5.2, RFC 6043 §5.5 Table 5.2):
//   initiating message:    MAC = HMAC(auth_key, M || ID_a || ID_b)
//   RFC 3830 R_MESSAGE:    MAC = HMAC(auth_key, M || ID_a || ID_b || T_init)
//   RFC 6043 response:     MAC = HMAC(auth_key, M || the entire initiating message)
// M is the message up to (excluding) the MAC field, ID_a/ID_b the ID data of the two parties
// named in the initiating message (empty if absent) and T_init the TS value field of the
// initiating message's T payload as on the wire. The RFC 3830 I_MESSAGE KEMAC MAC covers M
// only. auth_key/encr_key/salt_key are derived from the PSK (or MPK) with the CSB ID and the
// RAND of the initiating message (§4.1.4).
#pragma once

#include "common/bytes.h"
#include "nodes/proto/mikey/crypto.h"
#include "nodes/proto/mikey/error.h"
#include "nodes/proto/mikey/freshness.h"
#include "nodes/proto/mikey/message.h"

namespace imssim::mikey {

// The keys and context of one exchange, made from its initiating message. A response is
// built and verified against the binding of the request it answers.
struct ExchangeBinding {
  DataType request_type = DataType::kPskInit;
  PrfFunc prf = PrfFunc::kMikey1;
  std::uint32_t csb_id = 0;
  Bytes rand;      // RAND of the initiating message
  Bytes id_a;      // ID data of the first party (IDi / IDRi / IDRr)
  Bytes id_b;      // ID data of the second party (IDr / IDRkms / IDRr)
  Bytes t_init;    // TS value field of the initiating message
  Bytes init_wire; // the whole initiating message: RFC 6043 §5.5 responses cover it
  MessageKeys keys;
};
MikeyResult<ExchangeBinding> make_binding(DataType request_type, PrfFunc prf, ByteView key,
                                          std::uint32_t csb_id, ByteView rand, ByteView id_a,
                                          ByteView id_b, const Timestamp& t_init);

// TS value field bytes of a timestamp, as on the wire.
Bytes ts_value_bytes(const Timestamp& ts);

// Writes the 20-byte HMAC-SHA-1-160 over wire[0 .. size-20] || suffix... into the last 20
// bytes of `wire` (the MAC field of its last payload).
MikeyResult<Ok> seal(Bytes& wire, ByteView auth_key, std::initializer_list<ByteView> suffix);
// Checks the MAC in the last 20 bytes of `wire` (kBadMac on mismatch, naming `what`).
MikeyResult<Ok> verify_seal(ByteView wire, ByteView auth_key,
                            std::initializer_list<ByteView> suffix, const char* what);

// KEMAC Encr data from key data sub-payloads: NULL (clear) or AES-CM-128 under
// keys.encr_key with the §4.2.3 IV from keys.salt_key, the CSB ID and the message's T value.
MikeyResult<Bytes> kemac_encrypt(EncrAlg alg, const std::vector<KeyData>& keys,
                                 const MessageKeys& mk, std::uint32_t csb_id,
                                 std::uint64_t ts_value);
// The reverse; errors name the KEMAC offset.
MikeyResult<std::vector<KeyData>> kemac_decrypt(const KemacPayload& kemac, const MessageKeys& mk,
                                                std::uint32_t csb_id, std::uint64_t ts_value,
                                                std::size_t kemac_offset);

// Timestamp window then replay check; `id` is the message's MAC.
MikeyResult<Ok> check_fresh(const Timestamp& ts, std::size_t t_offset, ByteView id,
                            const Freshness& f);

}  // namespace imssim::mikey
