#include "nodes/proto/mikey/ticket_messages.h"

#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/shape.h"

namespace imssim::mikey {
namespace {

using K = MikeyError::Kind;
using detail::Shape;

constexpr const char* kRequestInitOrder =
    "REQUEST_INIT = HDR, T, RANDRi, [IDRi], [IDRkms], {IDRr}, {SP}, [IDRpsk], TP, V";
constexpr const char* kRequestRespOrder = "REQUEST_RESP = HDR, T, [IDRkms], TICKET, KEMAC, V";
constexpr const char* kResolveInitOrder =
    "RESOLVE_INIT = HDR, T, RANDRr, [IDRr], [IDRkms], [IDRpsk], TICKET, V";
constexpr const char* kResolveRespOrder = "RESOLVE_RESP = HDR, T, [IDRkms], [IDRi], KEMAC, V";
constexpr const char* kTransferInitOrder =
    "TRANSFER_INIT = HDR, T, RANDRi, [IDRi], [IDRr], {SP}, TICKET, V";
constexpr const char* kTransferRespOrder = "TRANSFER_RESP = HDR, T, [IDRr], [RANDRr], V";

Bytes id_of(const std::optional<Identity>& i) { return i ? i->id : Bytes{}; }

IdrPayload idr(IdRole role, const Identity& i) { return IdrPayload{std::uint8_t(role), i.type, i.id}; }
std::optional<Identity> identity(const IdrPayload* p) {
  if (!p) return std::nullopt;
  return Identity{p->id_type, p->id};
}

Message start(DataType type, const TicketHeader& th, PrfFunc prf, std::uint32_t csb_id, bool v) {
  Message m;
  Header& h = m.header;
  h.data_type = type;
  h.v_flag = v;
  h.prf = prf;
  h.csb_id = csb_id;
  h.map_type = th.map_type;
  h.srtp_map = th.srtp_map;
  h.generic_map = th.generic_map;
  h.n_cs = std::uint8_t(th.map_type == CsIdMapType::kSrtpId ? th.srtp_map.size()
                                                            : th.generic_map.size());
  return m;
}

TicketHeader ticket_header(const Header& h) {
  return TicketHeader{h.csb_id, h.prf, h.map_type, h.srtp_map, h.generic_map};
}

// A message that cannot be built (tests bind empty messages to probe parsers) leaves the wire
// empty; sealing or checking a response against such a binding then fails, naming §5.5.
MikeyResult<ExchangeBinding> with_wire(MikeyResult<ExchangeBinding> b, MikeyResult<Bytes> wire) {
  if (b && wire) b->init_wire = std::move(*wire);
  return b;
}

// RFC 6043 §5.5: a response's MAC covers the whole initiating message.
Unexpected<MikeyError> no_initial_message() {
  return mikey_fail(K::kCrypto, 0,
                    "the exchange binding lacks the initiating message a response's MAC covers "
                    "(RFC 6043 §5.5)");
}

MikeyResult<Bytes> seal_message(Message& m, const ExchangeBinding& b, bool response) {
  m.payloads.push_back(VPayload{MacAlg::kHmacSha1_160, Bytes(kHmacSha1Len, 0)});
  auto wire = encode(m);
  if (!wire) return wire;
  if (response && b.init_wire.empty()) return no_initial_message();
  auto ok = response ? seal(*wire, b.keys.auth_key, {b.init_wire})
                     : seal(*wire, b.keys.auth_key, {b.id_a, b.id_b});
  if (!ok) return Unexpected{ok.error()};
  return wire;
}

// An initiating message ends with an HMAC V payload.
MikeyResult<Ok> need_hmac_v(Shape& s, const char* name) {
  auto v = s.need<VPayload>("V");
  if (!v) return Unexpected{v.error()};
  auto ok = s.finish();
  if (!ok) return ok;
  if ((*v)->auth_alg != MacAlg::kHmacSha1_160)
    return mikey_fail(K::kBadMac, s.at(),
                      std::string(name) + ": V at offset " + std::to_string(s.at()) +
                          " has Auth alg NULL, the message is not authenticated");
  return Ok{};
}

// The V payload that ends every ticket message: must be HMAC, verifies against `b`.
MikeyResult<const VPayload*> check_v(Shape& s, ByteView wire, const ExchangeBinding& b,
                                     bool response, const char* name) {
  auto v = s.need<VPayload>("V");
  if (!v) return v;
  auto ok = s.finish();
  if (!ok) return Unexpected{ok.error()};
  if ((*v)->auth_alg != MacAlg::kHmacSha1_160)
    return mikey_fail(K::kBadMac, s.at(),
                      std::string(name) + ": V at offset " + std::to_string(s.at()) +
                          " has Auth alg NULL, the message is not authenticated");
  if (response && b.init_wire.empty()) return no_initial_message();
  ok = response ? verify_seal(wire, b.keys.auth_key, {b.init_wire}, "V")
                : verify_seal(wire, b.keys.auth_key, {b.id_a, b.id_b}, "V");
  if (!ok) return Unexpected{ok.error()};
  return v;
}

MikeyResult<Ok> check_csb(const Message& m, const ExchangeBinding& b) {
  if (m.header.csb_id != b.csb_id)
    return mikey_fail(K::kBadValue, 4,
                      "HDR at offset 0: CSB ID " + std::to_string(m.header.csb_id) +
                          " does not match the request's " + std::to_string(b.csb_id));
  return Ok{};
}

MikeyResult<Bytes> rand_ok(const Bytes& rand, const char* what) {
  if (rand.size() < 16)
    return mikey_fail(K::kBadLength, 0,
                      std::string(what) + " must be at least 16 bytes (RFC 3830 §6.11)");
  return rand;
}

// Reads T (first payload of every ticket message); returns its offset.
MikeyResult<std::size_t> read_t(Shape& s, Timestamp& t) {
  auto p = s.need<TPayload>("T");
  if (!p) return Unexpected{p.error()};
  t = (*p)->ts;
  return s.at();
}

}  // namespace

TicketPayload key_id_ticket(ByteView key_id) {
  return kms_ticket(TicketType::kImssimKeyId, key_id);
}

TicketPayload kms_ticket(TicketType type, ByteView data) {
  TicketPayload t;
  t.policy.ticket_type = std::uint16_t(type);
  t.policy.version = 1;
  t.policy.flags = ticket_flag::kD | ticket_flag::kE;  // KMS-made; resolving is mandatory
  t.ticket_data.assign(data.begin(), data.end());
  return t;
}

// ---------------------------------------------------------------- REQUEST_INIT

static MikeyResult<ExchangeBinding> base_binding(const RequestInit& m, ByteView psk) {
  return make_binding(DataType::kRequestInitPsk, m.header.prf, psk, m.header.csb_id, m.rand_i,
                      id_of(m.initiator), id_of(m.kms), m.t);
}

MikeyResult<Bytes> build_request_init(const RequestInit& m, ByteView psk) {
  auto r = rand_ok(m.rand_i, "RANDRi");
  if (!r) return r;
  auto b = base_binding(m, psk);
  if (!b) return Unexpected{b.error()};
  Message msg = start(DataType::kRequestInitPsk, m.header, m.header.prf, m.header.csb_id, false);
  msg.payloads.push_back(TPayload{m.t});
  msg.payloads.push_back(RandrPayload{std::uint8_t(RandRole::kInitiator), m.rand_i});
  if (m.initiator) msg.payloads.push_back(idr(IdRole::kInitiator, *m.initiator));
  if (m.kms) msg.payloads.push_back(idr(IdRole::kKms, *m.kms));
  for (const auto& r_id : m.responders) msg.payloads.push_back(idr(IdRole::kResponder, r_id));
  for (const auto& sp : m.policies) msg.payloads.push_back(sp);
  if (m.psk_id) msg.payloads.push_back(idr(IdRole::kPsk, *m.psk_id));
  msg.payloads.push_back(TpPayload{m.tp});
  return seal_message(msg, *b, false);
}

namespace {
MikeyResult<RequestInit> read_request_init(ByteView wire, std::size_t& t_at) {
  std::vector<std::size_t> offsets;
  auto m = detail::decode_as(wire, DataType::kRequestInitPsk, offsets);
  if (!m) return Unexpected{m.error()};
  Shape s(*m, offsets, wire.size(), "REQUEST_INIT", kRequestInitOrder);
  RequestInit r;
  r.header = ticket_header(m->header);
  auto t = read_t(s, r.t);
  if (!t) return Unexpected{t.error()};
  t_at = *t;
  auto rand = s.need_randr(RandRole::kInitiator, "RANDR (RANDRi)");
  if (!rand) return Unexpected{rand.error()};
  r.rand_i = (*rand)->rand;
  r.initiator = identity(s.take_idr(IdRole::kInitiator));
  r.kms = identity(s.take_idr(IdRole::kKms));
  while (const auto* p = s.take_idr(IdRole::kResponder)) r.responders.push_back(*identity(p));
  while (const auto* sp = s.take<SpPayload>()) r.policies.push_back(*sp);
  r.psk_id = identity(s.take_idr(IdRole::kPsk));
  auto tp = s.need<TpPayload>("TP");
  if (!tp) return Unexpected{tp.error()};
  r.tp = (*tp)->policy;
  // The MAC is checked by the caller that has the key; here only that V is there and last.
  auto ok = need_hmac_v(s, "REQUEST_INIT");
  if (!ok) return Unexpected{ok.error()};
  return r;
}

template <typename M, typename Reader>
MikeyResult<Verified<M>> verify_init(ByteView wire, ByteView key, const Freshness& f,
                                     Reader read) {
  std::size_t t_at = 0;
  auto m = read(wire, t_at);
  if (!m) return Unexpected{m.error()};
  auto b = base_binding(*m, key);
  if (!b) return Unexpected{b.error()};
  b->init_wire.assign(wire.begin(), wire.end());
  ByteView mac = wire.last(kHmacSha1Len);  // read_* checked: an HMAC V payload ends the message
  auto ok = verify_seal(wire, b->keys.auth_key, {b->id_a, b->id_b}, "V");
  if (!ok) return Unexpected{ok.error()};
  ok = check_fresh(m->t, t_at, mac, f);
  if (!ok) return Unexpected{ok.error()};
  return Verified<M>{std::move(*m), std::move(*b)};
}
}  // namespace

MikeyResult<RequestInit> peek_request_init(ByteView wire) {
  std::size_t t_at = 0;
  return read_request_init(wire, t_at);
}

MikeyResult<Verified<RequestInit>> parse_request_init(ByteView wire, ByteView psk,
                                                      const Freshness& f) {
  return verify_init<RequestInit>(wire, psk, f, read_request_init);
}

// ---------------------------------------------------------------- RESOLVE_INIT

static MikeyResult<ExchangeBinding> base_binding(const ResolveInit& m, ByteView psk) {
  return make_binding(DataType::kResolveInitPsk, m.header.prf, psk, m.header.csb_id, m.rand_r,
                      id_of(m.responder), id_of(m.kms), m.t);
}

MikeyResult<Bytes> build_resolve_init(const ResolveInit& m, ByteView psk) {
  auto r = rand_ok(m.rand_r, "RANDRr");
  if (!r) return r;
  auto b = base_binding(m, psk);
  if (!b) return Unexpected{b.error()};
  Message msg = start(DataType::kResolveInitPsk, m.header, m.header.prf, m.header.csb_id, false);
  msg.payloads.push_back(TPayload{m.t});
  msg.payloads.push_back(RandrPayload{std::uint8_t(RandRole::kResponder), m.rand_r});
  if (m.responder) msg.payloads.push_back(idr(IdRole::kResponder, *m.responder));
  if (m.kms) msg.payloads.push_back(idr(IdRole::kKms, *m.kms));
  if (m.psk_id) msg.payloads.push_back(idr(IdRole::kPsk, *m.psk_id));
  msg.payloads.push_back(m.ticket);
  return seal_message(msg, *b, false);
}

namespace {
MikeyResult<ResolveInit> read_resolve_init(ByteView wire, std::size_t& t_at) {
  std::vector<std::size_t> offsets;
  auto m = detail::decode_as(wire, DataType::kResolveInitPsk, offsets);
  if (!m) return Unexpected{m.error()};
  Shape s(*m, offsets, wire.size(), "RESOLVE_INIT", kResolveInitOrder);
  ResolveInit r;
  r.header = ticket_header(m->header);
  auto t = read_t(s, r.t);
  if (!t) return Unexpected{t.error()};
  t_at = *t;
  auto rand = s.need_randr(RandRole::kResponder, "RANDR (RANDRr)");
  if (!rand) return Unexpected{rand.error()};
  r.rand_r = (*rand)->rand;
  r.responder = identity(s.take_idr(IdRole::kResponder));
  r.kms = identity(s.take_idr(IdRole::kKms));
  r.psk_id = identity(s.take_idr(IdRole::kPsk));
  auto ticket = s.need<TicketPayload>("TICKET");
  if (!ticket) return Unexpected{ticket.error()};
  r.ticket = **ticket;
  auto ok = need_hmac_v(s, "RESOLVE_INIT");
  if (!ok) return Unexpected{ok.error()};
  return r;
}
}  // namespace

MikeyResult<ResolveInit> peek_resolve_init(ByteView wire) {
  std::size_t t_at = 0;
  return read_resolve_init(wire, t_at);
}

MikeyResult<Verified<ResolveInit>> parse_resolve_init(ByteView wire, ByteView psk,
                                                      const Freshness& f) {
  return verify_init<ResolveInit>(wire, psk, f, read_resolve_init);
}

// ---------------------------------------------------------------- TRANSFER_INIT

static MikeyResult<ExchangeBinding> base_binding(const TransferInit& m, ByteView mpk) {
  return make_binding(DataType::kTransferInit, m.header.prf, mpk, m.header.csb_id, m.rand_i,
                      id_of(m.initiator), id_of(m.responder), m.t);
}

MikeyResult<Bytes> build_transfer_init(const TransferInit& m, ByteView mpk) {
  auto r = rand_ok(m.rand_i, "RANDRi");
  if (!r) return r;
  auto b = base_binding(m, mpk);
  if (!b) return Unexpected{b.error()};
  Message msg =
      start(DataType::kTransferInit, m.header, m.header.prf, m.header.csb_id, m.want_verify);
  msg.payloads.push_back(TPayload{m.t});
  msg.payloads.push_back(RandrPayload{std::uint8_t(RandRole::kInitiator), m.rand_i});
  if (m.initiator) msg.payloads.push_back(idr(IdRole::kInitiator, *m.initiator));
  if (m.responder) msg.payloads.push_back(idr(IdRole::kResponder, *m.responder));
  for (const auto& sp : m.policies) msg.payloads.push_back(sp);
  msg.payloads.push_back(m.ticket);
  return seal_message(msg, *b, false);
}

namespace {
MikeyResult<TransferInit> read_transfer_init(ByteView wire, std::size_t& t_at) {
  std::vector<std::size_t> offsets;
  auto m = detail::decode_as(wire, DataType::kTransferInit, offsets);
  if (!m) return Unexpected{m.error()};
  Shape s(*m, offsets, wire.size(), "TRANSFER_INIT", kTransferInitOrder);
  TransferInit r;
  r.header = ticket_header(m->header);
  r.want_verify = m->header.v_flag;
  auto t = read_t(s, r.t);
  if (!t) return Unexpected{t.error()};
  t_at = *t;
  auto rand = s.need_randr(RandRole::kInitiator, "RANDR (RANDRi)");
  if (!rand) return Unexpected{rand.error()};
  r.rand_i = (*rand)->rand;
  r.initiator = identity(s.take_idr(IdRole::kInitiator));
  r.responder = identity(s.take_idr(IdRole::kResponder));
  while (const auto* sp = s.take<SpPayload>()) r.policies.push_back(*sp);
  auto ticket = s.need<TicketPayload>("TICKET");
  if (!ticket) return Unexpected{ticket.error()};
  r.ticket = **ticket;
  auto ok = need_hmac_v(s, "TRANSFER_INIT");
  if (!ok) return Unexpected{ok.error()};
  return r;
}
}  // namespace

MikeyResult<TransferInit> peek_transfer_init(ByteView wire) {
  std::size_t t_at = 0;
  return read_transfer_init(wire, t_at);
}

MikeyResult<Verified<TransferInit>> parse_transfer_init(ByteView wire, ByteView mpk,
                                                        const Freshness& f) {
  return verify_init<TransferInit>(wire, mpk, f, read_transfer_init);
}

// ---------------------------------------------------------------- responses

namespace {

// The common tail of REQUEST_RESP / RESOLVE_RESP: KEMAC then V; decrypts the KEMAC.
MikeyResult<std::vector<KeyData>> read_kemac_and_v(Shape& s, ByteView wire, const Message& m,
                                                   const ExchangeBinding& b, const Timestamp& t,
                                                   std::size_t t_at, EncrAlg& encr,
                                                   const Freshness& f, const char* name) {
  auto kemac = s.need<KemacPayload>("KEMAC");
  if (!kemac) return Unexpected{kemac.error()};
  std::size_t kemac_at = s.at();
  auto v = check_v(s, wire, b, true, name);
  if (!v) return Unexpected{v.error()};
  auto ok = check_fresh(t, t_at, (*v)->mac, f);
  if (!ok) return Unexpected{ok.error()};
  encr = EncrAlg((*kemac)->encr_alg);
  return kemac_decrypt(**kemac, b.keys, m.header.csb_id, t.value, kemac_at);
}

MikeyResult<KemacPayload> make_kemac(EncrAlg encr, const std::vector<KeyData>& keys,
                                     const ExchangeBinding& b, const Timestamp& t) {
  if (keys.empty()) return mikey_fail(K::kMissingPayload, 0, "the response carries no key data");
  auto data = kemac_encrypt(encr, keys, b.keys, b.csb_id, t.value);
  if (!data) return Unexpected{data.error()};
  return KemacPayload{std::uint8_t(encr), std::move(*data), MacAlg::kNull, {}};
}

}  // namespace

MikeyResult<Bytes> build_request_resp(const RequestResp& m, const ExchangeBinding& req) {
  Message msg = start(DataType::kRequestResp, m.header, req.prf, req.csb_id, false);
  msg.payloads.push_back(TPayload{m.t});
  if (m.kms) msg.payloads.push_back(idr(IdRole::kKms, *m.kms));
  msg.payloads.push_back(m.ticket);
  auto kemac = make_kemac(m.encr, m.keys, req, m.t);
  if (!kemac) return Unexpected{kemac.error()};
  msg.payloads.push_back(std::move(*kemac));
  return seal_message(msg, req, true);
}

MikeyResult<RequestResp> parse_request_resp(ByteView wire, const ExchangeBinding& req,
                                            const Freshness& f) {
  std::vector<std::size_t> offsets;
  auto m = detail::decode_as(wire, DataType::kRequestResp, offsets);
  if (!m) return Unexpected{m.error()};
  auto ok = check_csb(*m, req);
  if (!ok) return Unexpected{ok.error()};
  Shape s(*m, offsets, wire.size(), "REQUEST_RESP", kRequestRespOrder);
  RequestResp r;
  r.header = ticket_header(m->header);
  auto t = read_t(s, r.t);
  if (!t) return Unexpected{t.error()};
  r.kms = identity(s.take_idr(IdRole::kKms));
  auto ticket = s.need<TicketPayload>("TICKET");
  if (!ticket) return Unexpected{ticket.error()};
  r.ticket = **ticket;
  auto keys = read_kemac_and_v(s, wire, *m, req, r.t, *t, r.encr, f, "REQUEST_RESP");
  if (!keys) return Unexpected{keys.error()};
  r.keys = std::move(*keys);
  return r;
}

MikeyResult<Bytes> build_resolve_resp(const ResolveResp& m, const ExchangeBinding& req) {
  Message msg = start(DataType::kResolveResp, m.header, req.prf, req.csb_id, false);
  msg.payloads.push_back(TPayload{m.t});
  if (m.kms) msg.payloads.push_back(idr(IdRole::kKms, *m.kms));
  if (m.initiator) msg.payloads.push_back(idr(IdRole::kInitiator, *m.initiator));
  auto kemac = make_kemac(m.encr, m.keys, req, m.t);
  if (!kemac) return Unexpected{kemac.error()};
  msg.payloads.push_back(std::move(*kemac));
  return seal_message(msg, req, true);
}

MikeyResult<ResolveResp> parse_resolve_resp(ByteView wire, const ExchangeBinding& req,
                                            const Freshness& f) {
  std::vector<std::size_t> offsets;
  auto m = detail::decode_as(wire, DataType::kResolveResp, offsets);
  if (!m) return Unexpected{m.error()};
  auto ok = check_csb(*m, req);
  if (!ok) return Unexpected{ok.error()};
  Shape s(*m, offsets, wire.size(), "RESOLVE_RESP", kResolveRespOrder);
  ResolveResp r;
  r.header = ticket_header(m->header);
  auto t = read_t(s, r.t);
  if (!t) return Unexpected{t.error()};
  r.kms = identity(s.take_idr(IdRole::kKms));
  r.initiator = identity(s.take_idr(IdRole::kInitiator));
  auto keys = read_kemac_and_v(s, wire, *m, req, r.t, *t, r.encr, f, "RESOLVE_RESP");
  if (!keys) return Unexpected{keys.error()};
  r.keys = std::move(*keys);
  return r;
}

MikeyResult<Bytes> build_transfer_resp(const TransferResp& m, const ExchangeBinding& req) {
  Message msg = start(DataType::kTransferResp, m.header, req.prf, req.csb_id, false);
  msg.payloads.push_back(TPayload{m.t});
  if (m.responder) msg.payloads.push_back(idr(IdRole::kResponder, *m.responder));
  if (!m.rand_r.empty())
    msg.payloads.push_back(RandrPayload{std::uint8_t(RandRole::kResponder), m.rand_r});
  return seal_message(msg, req, true);
}

MikeyResult<TransferResp> parse_transfer_resp(ByteView wire, const ExchangeBinding& req,
                                              const Freshness& f) {
  std::vector<std::size_t> offsets;
  auto m = detail::decode_as(wire, DataType::kTransferResp, offsets);
  if (!m) return Unexpected{m.error()};
  auto ok = check_csb(*m, req);
  if (!ok) return Unexpected{ok.error()};
  Shape s(*m, offsets, wire.size(), "TRANSFER_RESP", kTransferRespOrder);
  TransferResp r;
  r.header = ticket_header(m->header);
  auto t = read_t(s, r.t);
  if (!t) return Unexpected{t.error()};
  r.responder = identity(s.take_idr(IdRole::kResponder));
  if (const auto* rr = s.take_randr(RandRole::kResponder)) r.rand_r = rr->rand;
  auto v = check_v(s, wire, req, true, "TRANSFER_RESP");
  if (!v) return Unexpected{v.error()};
  ok = check_fresh(r.t, *t, (*v)->mac, f);
  if (!ok) return Unexpected{ok.error()};
  return r;
}

// The binding of an initiating message one built: the message is built again (the same bytes)
// so the binding holds the wire its response's MAC covers.
MikeyResult<ExchangeBinding> binding_of(const RequestInit& m, ByteView psk) {
  return with_wire(base_binding(m, psk), build_request_init(m, psk));
}
MikeyResult<ExchangeBinding> binding_of(const ResolveInit& m, ByteView psk) {
  return with_wire(base_binding(m, psk), build_resolve_init(m, psk));
}
MikeyResult<ExchangeBinding> binding_of(const TransferInit& m, ByteView mpk) {
  return with_wire(base_binding(m, mpk), build_transfer_init(m, mpk));
}

}  // namespace imssim::mikey
