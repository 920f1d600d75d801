// RFC 6043 MIKEY-TICKET messages in their PSK-protected form, and the "mikey" variant of the
// proposal, which reuses REQUEST and RESOLVE with a KMS key-id as Ticket Data (README).
//
//   REQUEST_INIT  = HDR(11,V), T, RANDRi, [IDRi], [IDRkms], {IDRr}, {SP}, [IDRpsk], TP, V
//   REQUEST_RESP  = HDR(13), T, [IDRkms], TICKET, KEMAC, V
//   RESOLVE_INIT  = HDR(16,V), T, RANDRr, [IDRr], [IDRkms], [IDRpsk], TICKET, V
//   RESOLVE_RESP  = HDR(18), T, [IDRkms], [IDRi], KEMAC, V
//   TRANSFER_INIT = HDR(14,V?), T, RANDRi, [IDRi], [IDRr], {SP}, TICKET, V
//   TRANSFER_RESP = HDR(15), T, [IDRr], [RANDRr], V
//
// REQUEST and RESOLVE are protected with keys derived from the PSK the UE shares with the KMS
// (GBA Ks_NAF in imssim); TRANSFER with keys derived from the MPK the KMS handed out. The
// KEMAC of a response is encrypted with the encr_key of the exchange and carries the TGK/TEK
// (and MPK) key data; its own MAC is NULL because the V payload covers the whole message.
#pragma once

#include <optional>
#include <vector>

#include "nodes/proto/mikey/protection.h"

namespace imssim::mikey {

// An identity (ID type + data); its IDR role is given by the slot it fills.
struct Identity {
  std::uint8_t type = std::uint8_t(IdType::kUri);
  Bytes id;
  bool operator==(const Identity&) const = default;
  static Identity uri(std::string_view s) { return {std::uint8_t(IdType::kUri), to_bytes(s)}; }
  static Identity nai(std::string_view s) { return {std::uint8_t(IdType::kNai), to_bytes(s)}; }
};

// Header fields a ticket message sets (data type and V flag are set by the builder).
struct TicketHeader {
  std::uint32_t csb_id = 0;
  PrfFunc prf = PrfFunc::kMikey1;
  CsIdMapType map_type = CsIdMapType::kEmpty;
  std::vector<SrtpIdEntry> srtp_map;
  std::vector<GenericIdEntry> generic_map;
  bool operator==(const TicketHeader&) const = default;
};

struct RequestInit {
  TicketHeader header;
  Timestamp t;
  Bytes rand_i;
  std::optional<Identity> initiator, kms;
  std::vector<Identity> responders;  // one IDRr each: an IMPU, a group identity, or a list
  std::vector<SpPayload> policies;
  std::optional<Identity> psk_id;    // IDRpsk, e.g. the GBA B-TID
  TicketPolicy tp;
  bool operator==(const RequestInit&) const = default;
};

struct RequestResp {
  TicketHeader header;
  Timestamp t;
  std::optional<Identity> kms;
  TicketPayload ticket;
  std::vector<KeyData> keys;
  EncrAlg encr = EncrAlg::kAesCm128;
  bool operator==(const RequestResp&) const = default;
};

struct ResolveInit {
  TicketHeader header;
  Timestamp t;
  Bytes rand_r;
  std::optional<Identity> responder, kms, psk_id;
  TicketPayload ticket;
  bool operator==(const ResolveInit&) const = default;
};

struct ResolveResp {
  TicketHeader header;
  Timestamp t;
  std::optional<Identity> kms, initiator;
  std::vector<KeyData> keys;
  EncrAlg encr = EncrAlg::kAesCm128;
  bool operator==(const ResolveResp&) const = default;
};

struct TransferInit {
  TicketHeader header;
  bool want_verify = true;
  Timestamp t;
  Bytes rand_i;
  std::optional<Identity> initiator, responder;
  std::vector<SpPayload> policies;
  TicketPayload ticket;
  bool operator==(const TransferInit&) const = default;
};

struct TransferResp {
  TicketHeader header;
  Timestamp t;
  std::optional<Identity> responder;
  Bytes rand_r;  // empty: no RANDRr
  bool operator==(const TransferResp&) const = default;
};

// A verified initiating message plus the binding its response is built/checked with.
template <typename M>
struct Verified {
  M message;
  ExchangeBinding binding;
};

// Initiating messages: `key` is the PSK (REQUEST, RESOLVE) or the MPK (TRANSFER).
MikeyResult<Bytes> build_request_init(const RequestInit& m, ByteView psk);
MikeyResult<Bytes> build_resolve_init(const ResolveInit& m, ByteView psk);
MikeyResult<Bytes> build_transfer_init(const TransferInit& m, ByteView mpk);
// Decode and shape check only (no key needed): a KMS reads IDRi/IDRpsk to find the PSK.
MikeyResult<RequestInit> peek_request_init(ByteView wire);
MikeyResult<ResolveInit> peek_resolve_init(ByteView wire);
MikeyResult<TransferInit> peek_transfer_init(ByteView wire);
// Full parse: shape, MAC, timestamp window, replay.
MikeyResult<Verified<RequestInit>> parse_request_init(ByteView wire, ByteView psk, const Freshness& f);
MikeyResult<Verified<ResolveInit>> parse_resolve_init(ByteView wire, ByteView psk, const Freshness& f);
MikeyResult<Verified<TransferInit>> parse_transfer_init(ByteView wire, ByteView mpk, const Freshness& f);
// Bindings of initiating messages one built itself.
MikeyResult<ExchangeBinding> binding_of(const RequestInit& m, ByteView psk);
MikeyResult<ExchangeBinding> binding_of(const ResolveInit& m, ByteView psk);
MikeyResult<ExchangeBinding> binding_of(const TransferInit& m, ByteView mpk);

// Responses, bound to the initiating message's binding.
MikeyResult<Bytes> build_request_resp(const RequestResp& m, const ExchangeBinding& req);
MikeyResult<Bytes> build_resolve_resp(const ResolveResp& m, const ExchangeBinding& req);
MikeyResult<Bytes> build_transfer_resp(const TransferResp& m, const ExchangeBinding& req);
MikeyResult<RequestResp> parse_request_resp(ByteView wire, const ExchangeBinding& req, const Freshness& f);
MikeyResult<ResolveResp> parse_resolve_resp(ByteView wire, const ExchangeBinding& req, const Freshness& f);
MikeyResult<TransferResp> parse_transfer_resp(ByteView wire, const ExchangeBinding& req, const Freshness& f);

// The proposal's ticket: a KMS key-id as Ticket Data (TicketType::kImssimKeyId).
TicketPayload key_id_ticket(ByteView key_id);
// A KMS-made ticket of `type` (flags D and E: made by the KMS, must be resolved there).
TicketPayload kms_ticket(TicketType type, ByteView data);

}  // namespace imssim::mikey
