// The MIKEY message model: a common header plus an ordered list of payloads, one struct per
// payload (RFC 3830 §6, RFC 6043 §6). Fields hold exactly what is on the wire, so
// encode(decode(x)) == x; enums are stored as raw integers where an unknown value is still
// well-formed (names come from describe.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "nodes/proto/mikey/constants.h"

namespace imssim::mikey {

// SRTP-ID map entry, RFC 3830 §6.1.1.
struct SrtpIdEntry {
  std::uint8_t policy_no = 0;
  std::uint32_t ssrc = 0;
  std::uint32_t roc = 0;
  bool operator==(const SrtpIdEntry&) const = default;
};

// GENERIC-ID map entry, RFC 6043 §6.1.1 [UNVERIFIED layout]:
// CS ID(8) | Prot type(8) | S(1) #P(7) | Ps(#P x 8) | Session Data len(16) | Session Data |
// SPI len(8) | SPI.
struct GenericIdEntry {
  std::uint8_t cs_id = 0;
  std::uint8_t prot_type = 0;
  bool s_flag = false;
  std::vector<std::uint8_t> policies;
  Bytes session_data;
  Bytes spi;
  bool operator==(const GenericIdEntry&) const = default;
};

// Common header, RFC 3830 §6.1. `next_payload` is derived from the payload list on encode
// (and checked against it on decode), so it is not stored.
struct Header {
  std::uint8_t version = kVersion;
  DataType data_type = DataType::kPskInit;
  bool v_flag = false;
  PrfFunc prf = PrfFunc::kMikey1;
  std::uint32_t csb_id = 0;
  CsIdMapType map_type = CsIdMapType::kSrtpId;
  std::uint8_t n_cs = 0;  // #CS; equals the entry count for SRTP-ID/GENERIC-ID maps
  std::vector<SrtpIdEntry> srtp_map;
  std::vector<GenericIdEntry> generic_map;
  bool operator==(const Header&) const = default;
};

// T (§6.6) and TR (RFC 6043 §6.4): a 64-bit value for NTP types, 32-bit for the others.
struct Timestamp {
  TsType type = TsType::kNtpUtc;
  std::uint64_t value = 0;
  bool operator==(const Timestamp&) const = default;
};
struct TPayload {
  Timestamp ts;
  bool operator==(const TPayload&) const = default;
};
struct TrPayload {
  std::uint8_t role = 0;  // TsRole
  Timestamp ts;
  bool operator==(const TrPayload&) const = default;
};

// RAND (§6.11) and RANDR (RFC 6043 §6.8).
struct RandPayload {
  Bytes rand;
  bool operator==(const RandPayload&) const = default;
};
struct RandrPayload {
  std::uint8_t role = 0;  // RandRole
  Bytes rand;
  bool operator==(const RandrPayload&) const = default;
};

// ID (§6.7) and IDR (RFC 6043 §6.6).
struct IdPayload {
  std::uint8_t id_type = 0;  // IdType
  Bytes id;
  bool operator==(const IdPayload&) const = default;
};
struct IdrPayload {
  std::uint8_t role = 0;     // IdRole
  std::uint8_t id_type = 0;  // IdType
  Bytes id;
  bool operator==(const IdrPayload&) const = default;
};

// Key data sub-payload, RFC 3830 §6.13 (carried inside the KEMAC's Encr data).
struct KeyData {
  KeyDataType type = KeyDataType::kTgk;
  KvType kv = KvType::kNull;
  Bytes key;
  Bytes salt;          // only for TGK+SALT / TEK+SALT
  Bytes spi;           // KV = SPI/MKI
  Bytes valid_from;    // KV = Interval
  Bytes valid_to;
  bool operator==(const KeyData&) const = default;
};

// KEMAC, RFC 3830 §6.2. `encr_data` is the (possibly encrypted) concatenation of key data
// sub-payloads exactly as on the wire; key_data.h encodes and decodes it.
struct KemacPayload {
  std::uint8_t encr_alg = 0;  // EncrAlg
  Bytes encr_data;
  MacAlg mac_alg = MacAlg::kNull;
  Bytes mac;  // 0 or 20 bytes
  bool operator==(const KemacPayload&) const = default;
};

// SP, RFC 3830 §6.10.
struct SpParam {
  std::uint8_t type = 0;
  Bytes value;
  bool operator==(const SpParam&) const = default;
};
struct SpPayload {
  std::uint8_t policy_no = 0;
  std::uint8_t prot_type = 0;  // ProtType
  std::vector<SpParam> params;
  bool operator==(const SpPayload&) const = default;
};

// V, RFC 3830 §6.9.
struct VPayload {
  MacAlg auth_alg = MacAlg::kNull;
  Bytes mac;
  bool operator==(const VPayload&) const = default;
};

// ERR, RFC 3830 §6.12.
struct ErrPayload {
  std::uint8_t error_no = 0;  // ErrorNo
  std::uint16_t reserved = 0;
  bool operator==(const ErrPayload&) const = default;
};

// General extension, RFC 3830 §6.15.
struct GeneralExtPayload {
  std::uint8_t type = 0;
  Bytes data;
  bool operator==(const GeneralExtPayload&) const = default;
};

// Ticket Policy, RFC 6043 §6.10: Ticket Type(16) | Subtype(8) | Version(8) | PRF Func(7) |
// flags D..O(12) | Res(5) | TP Data length(16) | TP Data (MIKEY payloads, kept as bytes).
struct TicketPolicy {
  std::uint16_t ticket_type = 0;  // TicketType
  std::uint8_t subtype = 0;
  std::uint8_t version = 0;
  std::uint8_t prf_func = 0;  // 7 bits: the PRF for key forking
  std::uint16_t flags = 0;    // ticket_flag bits D..O
  Bytes policy_data;          // "TP Data"
  std::uint8_t reserved = 0;  // the 5 Res bits as received (ignored, kept for round trips)
  bool operator==(const TicketPolicy&) const = default;
};
struct TpPayload {
  TicketPolicy policy;
  bool operator==(const TpPayload&) const = default;
};

// TICKET, RFC 6043 §6.10: the granted Ticket Policy, then Ticket Data length(16) | Ticket Data |
// Initiator Data length(16) | Initiator Data (empty unless key forking is used).
struct TicketPayload {
  TicketPolicy policy;
  Bytes ticket_data;
  Bytes initiator_data;
  bool operator==(const TicketPayload&) const = default;
};

using Payload = std::variant<TPayload, TrPayload, RandPayload, RandrPayload, IdPayload,
                             IdrPayload, KemacPayload, SpPayload, VPayload, ErrPayload,
                             GeneralExtPayload, TpPayload, TicketPayload>;

PayloadType payload_type(const Payload& p);

struct Message {
  Header header;
  std::vector<Payload> payloads;
  bool operator==(const Message&) const = default;

  // The first payload of type P, or null.
  template <typename P>
  const P* find() const {
    for (const auto& p : payloads)
      if (const auto* v = std::get_if<P>(&p)) return v;
    return nullptr;
  }
  template <typename P>
  std::vector<const P*> find_all() const {
    std::vector<const P*> out;
    for (const auto& p : payloads)
      if (const auto* v = std::get_if<P>(&p)) out.push_back(v);
    return out;
  }
};

// Byte length of the value of a timestamp type (8 for NTP types, 4 otherwise); 0 if unknown.
std::size_t ts_value_len(std::uint8_t ts_type);

}  // namespace imssim::mikey
