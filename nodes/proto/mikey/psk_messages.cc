#include "nodes/proto/mikey/psk_messages.h"

#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/shape.h"

namespace imssim::mikey {
namespace {

using K = MikeyError::Kind;
using detail::Shape;

constexpr const char* kInitOrder = "I_MESSAGE = HDR, T, RAND, [IDi], [IDr], {SP}, KEMAC";
constexpr const char* kVerifyOrder = "R_MESSAGE = HDR, T, [IDr], V";
constexpr const char* kErrorOrder = "Error = HDR, T, ERR, {ERR}, [V]";

Bytes id_data(const std::optional<IdPayload>& id) { return id ? id->id : Bytes{}; }

Header make_header(DataType type, std::uint32_t csb_id, PrfFunc prf, bool v,
                   const std::vector<SrtpIdEntry>& sessions) {
  Header h;
  h.data_type = type;
  h.csb_id = csb_id;
  h.prf = prf;
  h.v_flag = v;
  h.map_type = CsIdMapType::kSrtpId;
  h.n_cs = std::uint8_t(sessions.size());
  h.srtp_map = sessions;
  return h;
}

VPayload placeholder_v() { return VPayload{MacAlg::kHmacSha1_160, Bytes(kHmacSha1Len, 0)}; }

MikeyResult<Bytes> encode_and_seal(const Message& m, ByteView auth_key,
                                   std::initializer_list<ByteView> suffix) {
  auto wire = encode(m);
  if (!wire) return wire;
  auto ok = seal(*wire, auth_key, suffix);
  if (!ok) return Unexpected{ok.error()};
  return wire;
}

MikeyResult<Ok> check_binding_csb(const Message& m, const ExchangeBinding& init) {
  if (m.header.csb_id != init.csb_id)
    return mikey_fail(K::kBadValue, 4,
                      "HDR at offset 0: CSB ID " + std::to_string(m.header.csb_id) +
                          " does not match the exchange's CSB ID " + std::to_string(init.csb_id));
  return Ok{};
}

}  // namespace

MikeyResult<ExchangeBinding> psk_init_binding(const PskInit& m, ByteView psk) {
  return make_binding(DataType::kPskInit, m.prf, psk, m.csb_id, m.rand, id_data(m.idi),
                      id_data(m.idr), m.t);
}

MikeyResult<Bytes> build_psk_init(const PskInit& m, ByteView psk) {
  if (m.rand.size() < 16)
    return mikey_fail(K::kBadLength, 0, "I_MESSAGE RAND must be at least 16 bytes (RFC 3830 §6.11)");
  if (m.keys.empty()) return mikey_fail(K::kMissingPayload, 0, "I_MESSAGE carries no key data");
  auto b = psk_init_binding(m, psk);
  if (!b) return Unexpected{b.error()};
  Message msg;
  msg.header = make_header(DataType::kPskInit, m.csb_id, m.prf, m.want_verify, m.sessions);
  msg.payloads.push_back(TPayload{m.t});
  msg.payloads.push_back(RandPayload{m.rand});
  if (m.idi) msg.payloads.push_back(*m.idi);
  if (m.idr) msg.payloads.push_back(*m.idr);
  for (const auto& sp : m.policies) msg.payloads.push_back(sp);
  auto encr = kemac_encrypt(m.encr, m.keys, b->keys, m.csb_id, m.t.value);
  if (!encr) return Unexpected{encr.error()};
  msg.payloads.push_back(KemacPayload{std::uint8_t(m.encr), std::move(*encr),
                                      MacAlg::kHmacSha1_160, Bytes(kHmacSha1Len, 0)});
  // KEMAC MAC: the whole I_MESSAGE except the MAC field (RFC 3830 §6.2).
  return encode_and_seal(msg, b->keys.auth_key, {});
}

MikeyResult<ParsedPskInit> parse_psk_init(ByteView wire, ByteView psk, const Freshness& f) {
  std::vector<std::size_t> offsets;
  auto m = detail::decode_as(wire, DataType::kPskInit, offsets);
  if (!m) return Unexpected{m.error()};
  if (m->header.map_type != CsIdMapType::kSrtpId)
    return mikey_fail(K::kUnsupported, 9, "I_MESSAGE: only the SRTP-ID CS map is supported");
  Shape s(*m, offsets, wire.size(), "I_MESSAGE", kInitOrder);
  ParsedPskInit out;
  PskInit& r = out.message;
  r.csb_id = m->header.csb_id;
  r.want_verify = m->header.v_flag;
  r.prf = m->header.prf;
  r.sessions = m->header.srtp_map;
  auto t = s.need<TPayload>("T");
  if (!t) return Unexpected{t.error()};
  r.t = (*t)->ts;
  std::size_t t_at = s.at();
  auto rand = s.need<RandPayload>("RAND");
  if (!rand) return Unexpected{rand.error()};
  r.rand = (*rand)->rand;
  if (const auto* id = s.take<IdPayload>()) r.idi = *id;
  if (const auto* id = s.take<IdPayload>()) r.idr = *id;
  while (const auto* sp = s.take<SpPayload>()) r.policies.push_back(*sp);
  auto kemac = s.need<KemacPayload>("KEMAC");
  if (!kemac) return Unexpected{kemac.error()};
  std::size_t kemac_at = s.at();
  auto done = s.finish();
  if (!done) return Unexpected{done.error()};
  if ((*kemac)->mac_alg != MacAlg::kHmacSha1_160)
    return mikey_fail(K::kBadMac, kemac_at,
                      "KEMAC at offset " + std::to_string(kemac_at) +
                          ": MAC alg NULL, the I_MESSAGE is not authenticated");
  auto b = psk_init_binding(r, psk);
  if (!b) return Unexpected{b.error()};
  auto ok = verify_seal(wire, b->keys.auth_key, {}, "KEMAC");
  if (!ok) return Unexpected{ok.error()};
  ok = check_fresh(r.t, t_at, (*kemac)->mac, f);
  if (!ok) return Unexpected{ok.error()};
  auto keys = kemac_decrypt(**kemac, b->keys, r.csb_id, r.t.value, kemac_at);
  if (!keys) return Unexpected{keys.error()};
  r.keys = std::move(*keys);
  r.encr = EncrAlg((*kemac)->encr_alg);
  out.binding = std::move(*b);
  return out;
}

MikeyResult<Bytes> build_psk_verify(const PskVerify& m, const ExchangeBinding& init) {
  Message msg;
  msg.header = make_header(DataType::kPskVerify, init.csb_id, init.prf, false, {});
  msg.payloads.push_back(TPayload{m.t});
  if (m.idr) msg.payloads.push_back(*m.idr);
  msg.payloads.push_back(placeholder_v());
  return encode_and_seal(msg, init.keys.auth_key, {init.id_a, init.id_b, init.t_init});
}

MikeyResult<PskVerify> parse_psk_verify(ByteView wire, const ExchangeBinding& init,
                                        const Freshness& f) {
  std::vector<std::size_t> offsets;
  auto m = detail::decode_as(wire, DataType::kPskVerify, offsets);
  if (!m) return Unexpected{m.error()};
  auto ok = check_binding_csb(*m, init);
  if (!ok) return Unexpected{ok.error()};
  Shape s(*m, offsets, wire.size(), "R_MESSAGE", kVerifyOrder);
  PskVerify r;
  auto t = s.need<TPayload>("T");
  if (!t) return Unexpected{t.error()};
  r.t = (*t)->ts;
  std::size_t t_at = s.at();
  if (const auto* id = s.take<IdPayload>()) r.idr = *id;
  auto v = s.need<VPayload>("V");
  if (!v) return Unexpected{v.error()};
  ok = s.finish();
  if (!ok) return Unexpected{ok.error()};
  if ((*v)->auth_alg != MacAlg::kHmacSha1_160)
    return mikey_fail(K::kBadMac, s.at(), "V at offset " + std::to_string(s.at()) +
                                              ": Auth alg NULL, the R_MESSAGE is not authenticated");
  ok = verify_seal(wire, init.keys.auth_key, {init.id_a, init.id_b, init.t_init}, "V");
  if (!ok) return Unexpected{ok.error()};
  ok = check_fresh(r.t, t_at, (*v)->mac, f);
  if (!ok) return Unexpected{ok.error()};
  return r;
}

MikeyResult<Bytes> build_error(const ErrorMessage& m, const ExchangeBinding* init) {
  if (m.errors.empty()) return mikey_fail(K::kMissingPayload, 0, "an Error message needs an ERR payload");
  Message msg;
  msg.header = make_header(DataType::kError, init ? init->csb_id : m.csb_id,
                           init ? init->prf : m.prf, false, {});
  msg.payloads.push_back(TPayload{m.t});
  for (auto e : m.errors) msg.payloads.push_back(ErrPayload{e, 0});
  if (!init) return encode(msg);
  msg.payloads.push_back(placeholder_v());
  if (init->request_type != DataType::kPskInit)  // RFC 6043 §5.4: the Error message alone
    return encode_and_seal(msg, init->keys.auth_key, {});
  return encode_and_seal(msg, init->keys.auth_key, {init->id_a, init->id_b, init->t_init});
}

MikeyResult<ErrorMessage> parse_error(ByteView wire, const ExchangeBinding* init,
                                      const Freshness& f) {
  std::vector<std::size_t> offsets;
  auto m = detail::decode_as(wire, DataType::kError, offsets);
  if (!m) return Unexpected{m.error()};
  if (init) {
    auto ok = check_binding_csb(*m, *init);
    if (!ok) return Unexpected{ok.error()};
  }
  Shape s(*m, offsets, wire.size(), "Error", kErrorOrder);
  ErrorMessage r;
  r.csb_id = m->header.csb_id;
  r.prf = m->header.prf;
  auto t = s.need<TPayload>("T");
  if (!t) return Unexpected{t.error()};
  r.t = (*t)->ts;
  std::size_t t_at = s.at();
  auto first = s.need<ErrPayload>("ERR");
  if (!first) return Unexpected{first.error()};
  r.errors.push_back((*first)->error_no);
  while (const auto* e = s.take<ErrPayload>()) r.errors.push_back(e->error_no);
  const VPayload* v = s.take<VPayload>();
  std::size_t v_at = s.at();
  auto ok = s.finish();
  if (!ok) return Unexpected{ok.error()};
  if (!init) {
    if (v) return mikey_fail(K::kMisplacedPayload, v_at, "Error: V payload present but no key to verify it");
    ok = check_timestamp(r.t, f, t_at);
    if (!ok) return Unexpected{ok.error()};
    return r;
  }
  if (!v || v->auth_alg != MacAlg::kHmacSha1_160)
    return mikey_fail(K::kBadMac, wire.size(), "Error: no HMAC V payload, the message is not authenticated");
  ok = init->request_type != DataType::kPskInit
           ? verify_seal(wire, init->keys.auth_key, {}, "V")  // RFC 6043 §5.4
           : verify_seal(wire, init->keys.auth_key, {init->id_a, init->id_b, init->t_init}, "V");
  if (!ok) return Unexpected{ok.error()};
  ok = check_fresh(r.t, t_at, v->mac, f);
  if (!ok) return Unexpected{ok.error()};
  return r;
}

}  // namespace imssim::mikey
