// RFC 3830 pre-shared-key mode (§3.1): I_MESSAGE, R_MESSAGE and the Error message (§5.3).
//
//   I_MESSAGE = HDR(data type 0), T, RAND, [IDi], [IDr], {SP}, KEMAC      (KEMAC MAC last)
//   R_MESSAGE = HDR(data type 1), T, [IDr], V                            (if V flag set)
//   Error     = HDR(data type 6), T, ERR, {ERR}, [V]
//
// Parsing verifies: the MAC (KEMAC MAC of the I_MESSAGE, V of R_MESSAGE/Error), the timestamp
// window and the replay cache; the KEMAC is decrypted into its key data.
#pragma once

#include <optional>
#include <vector>

#include "nodes/proto/mikey/protection.h"

namespace imssim::mikey {

struct PskInit {
  std::uint32_t csb_id = 0;
  bool want_verify = false;  // HDR V flag: the Responder must answer with an R_MESSAGE
  PrfFunc prf = PrfFunc::kMikey1;
  std::vector<SrtpIdEntry> sessions;  // SRTP-ID CS map (RFC 3830 §6.1.1)
  Timestamp t;
  Bytes rand;  // RFC 3830 §6.11: at least 128 bits
  std::optional<IdPayload> idi, idr;
  std::vector<SpPayload> policies;
  std::vector<KeyData> keys;  // TGK/TEK key data carried in the KEMAC
  EncrAlg encr = EncrAlg::kAesCm128;
  bool operator==(const PskInit&) const = default;
};

struct PskVerify {
  Timestamp t;
  std::optional<IdPayload> idr;
  bool operator==(const PskVerify&) const = default;
};

struct ErrorMessage {
  std::uint32_t csb_id = 0;
  PrfFunc prf = PrfFunc::kMikey1;
  Timestamp t;
  std::vector<std::uint8_t> errors;  // ErrorNo values, at least one
  bool operator==(const ErrorMessage&) const = default;
};

MikeyResult<Bytes> build_psk_init(const PskInit& m, ByteView psk);
// Also returns the binding a Responder needs to answer with build_psk_verify.
struct ParsedPskInit {
  PskInit message;
  ExchangeBinding binding;
};
MikeyResult<ParsedPskInit> parse_psk_init(ByteView wire, ByteView psk, const Freshness& f);
// The binding of an I_MESSAGE the Initiator built itself (to check the R_MESSAGE).
MikeyResult<ExchangeBinding> psk_init_binding(const PskInit& m, ByteView psk);

// V MAC covers R_MESSAGE || IDi || IDr || T_i (RFC 3830 §5.2), keys from the I_MESSAGE.
MikeyResult<Bytes> build_psk_verify(const PskVerify& m, const ExchangeBinding& init);
MikeyResult<PskVerify> parse_psk_verify(ByteView wire, const ExchangeBinding& init,
                                        const Freshness& f);

// An Error message answering the exchange `init`, or unsigned when the key is unknown (e.g.
// the MAC failed): pass nullptr. Its V MAC covers, with the exchange's auth_key, the Error
// message alone in RFC 6043 exchanges (§5.4) and, like an R_MESSAGE, M || IDi || IDr || T_i
// in RFC 3830 ones.
MikeyResult<Bytes> build_error(const ErrorMessage& m, const ExchangeBinding* init);
// With `init`, the V payload must be present and verify; without, V must be absent.
MikeyResult<ErrorMessage> parse_error(ByteView wire, const ExchangeBinding* init,
                                      const Freshness& f);

}  // namespace imssim::mikey
