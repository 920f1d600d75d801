#include "nodes/proto/mikey/analysis.h"

#include "nodes/proto/mikey/describe.h"

namespace imssim::mikey {
namespace {
using K = MikeyError::Kind;

ByteView idr_of(const Message& m, IdRole role) {
  for (const auto* p : m.find_all<IdrPayload>())
    if (p->role == std::uint8_t(role)) return p->id;
  return {};
}
}  // namespace

bool is_initiating(DataType t) {
  return t == DataType::kPskInit || t == DataType::kRequestInitPsk || t == DataType::kResolveInitPsk ||
         t == DataType::kTransferInit;
}

MikeyResult<ExchangeBinding> binding_from_message(const Message& m, ByteView init_wire,
                                                  ByteView key) {
  const auto* t = m.find<TPayload>();
  if (!t) return mikey_fail(K::kMissingPayload, 0, "no T payload to bind the exchange to");
  ByteView rand, a, b;
  switch (m.header.data_type) {
    case DataType::kPskInit: {
      const auto* r = m.find<RandPayload>();
      if (r) rand = r->rand;
      auto ids = m.find_all<IdPayload>();
      if (ids.size() > 0) a = ids[0]->id;
      if (ids.size() > 1) b = ids[1]->id;
      break;
    }
    case DataType::kRequestInitPsk:
    case DataType::kTransferInit:
    case DataType::kResolveInitPsk: {
      const auto* r = m.find<RandrPayload>();
      if (r) rand = r->rand;
      bool resolve = m.header.data_type == DataType::kResolveInitPsk;
      bool transfer = m.header.data_type == DataType::kTransferInit;
      a = idr_of(m, resolve ? IdRole::kResponder : IdRole::kInitiator);
      b = idr_of(m, transfer ? IdRole::kResponder : IdRole::kKms);
      break;
    }
    default:
      return mikey_fail(K::kWrongMessage, 1,
                        data_type_name(std::uint8_t(m.header.data_type)) +
                            " does not start an exchange");
  }
  if (rand.empty()) return mikey_fail(K::kMissingPayload, 0, "no RAND to derive the keys from");
  auto binding =
      make_binding(m.header.data_type, m.header.prf, key, m.header.csb_id, rand, a, b, t->ts);
  if (binding) binding->init_wire.assign(init_wire.begin(), init_wire.end());
  return binding;
}

MikeyResult<Ok> verify_message_mac(ByteView wire, const Message& m, const ExchangeBinding& b) {
  if (m.payloads.empty()) return mikey_fail(K::kBadMac, wire.size(), "the message carries no MAC");
  const Payload& last = m.payloads.back();
  bool has_mac = false;
  if (const auto* v = std::get_if<VPayload>(&last)) has_mac = v->auth_alg == MacAlg::kHmacSha1_160;
  if (const auto* k = std::get_if<KemacPayload>(&last)) has_mac = k->mac_alg == MacAlg::kHmacSha1_160;
  if (!has_mac) return mikey_fail(K::kBadMac, wire.size(), "the message carries no MAC (NULL)");
  if (m.header.data_type == DataType::kPskInit) return verify_seal(wire, b.keys.auth_key, {}, "KEMAC");
  if (is_initiating(m.header.data_type))
    return verify_seal(wire, b.keys.auth_key, {b.id_a, b.id_b}, "V");
  if (b.request_type == DataType::kPskInit)  // RFC 3830 §5.2 R_MESSAGE
    return verify_seal(wire, b.keys.auth_key, {b.id_a, b.id_b, b.t_init}, "V");
  return verify_seal(wire, b.keys.auth_key, {b.init_wire}, "V");  // RFC 6043 §5.5
}

MikeyResult<std::vector<KeyData>> open_kemac(const Message& m, const ExchangeBinding& b) {
  const auto* k = m.find<KemacPayload>();
  const auto* t = m.find<TPayload>();
  if (!k) return std::vector<KeyData>{};
  if (!t) return mikey_fail(K::kMissingPayload, 0, "no T payload for the KEMAC IV");
  return kemac_decrypt(*k, b.keys, m.header.csb_id, t->ts.value, 0);
}

}  // namespace imssim::mikey
