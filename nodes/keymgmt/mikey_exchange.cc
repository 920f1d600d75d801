#include "nodes/keymgmt/mikey_exchange.h"

#include "nodes/keymgmt/steps.h"
#include "nodes/proto/mikey/describe.h"
#include "nodes/proto/mikey/psk_messages.h"

namespace imssim::keymgmt {
namespace {

constexpr std::size_t kRandBytes = 16;  // RFC 3830 §6.11: at least 128 bits

std::string error_names(const mikey::ErrorMessage& e) {
  std::string s;
  for (auto no : e.errors) s += (s.empty() ? "" : ", ") + mikey::error_name(no);
  return s;
}

// The fields REQUEST_INIT and RESOLVE_INIT share, then the binding (which holds the wire).
template <typename Init>
Result<PreparedInit> prepare(Environment& env, const MikeyParty& me, std::uint32_t csb_id, Init& m,
                             PreparedInit p, std::string_view what) {
  m.header.csb_id = csb_id;
  auto t = mikey::make_timestamp(mikey::TsType::kNtpUtc, env.now(), me.epoch);
  if (!t) return fail("MIKEY timestamp: " + t.error().message);
  m.t = *t;
  m.kms = mikey::Identity::uri(me.kms_uri);
  m.psk_id = mikey::Identity{std::uint8_t(mikey::IdType::kByteString), to_bytes(me.btid)};
  auto binding = mikey::binding_of(m, me.ks_naf);
  if (binding && binding->init_wire.empty())
    binding =
        mikey::mikey_fail(mikey::MikeyError::Kind::kBadValue, 0, "the message does not build");
  if (!binding) return fail("building " + std::string(what) + ": " + binding.error().message);
  p.wire = binding->init_wire;
  p.binding = std::move(*binding);
  return p;
}

}  // namespace

Result<PreparedInit> prepare_request(Environment& env, const MikeyParty& me, std::uint32_t csb_id,
                                     const std::vector<std::string>& receivers,
                                     mikey::TicketType type) {
  mikey::RequestInit m;
  m.rand_i = env.rng("mikey-rand").bytes(kRandBytes);
  m.initiator = mikey::Identity::uri(me.impu);
  for (const auto& r : receivers) m.responders.push_back(mikey::Identity::uri(r));
  m.tp = mikey::kms_ticket(type, {}).policy;
  PreparedInit p;
  p.ticket_type = type;
  return prepare(env, me, csb_id, m, std::move(p), "REQUEST_INIT");
}

Result<PreparedInit> prepare_resolve(Environment& env, const MikeyParty& me, std::uint32_t csb_id,
                                     ByteView reference, mikey::TicketType type) {
  mikey::ResolveInit m;
  m.rand_r = env.rng("mikey-rand").bytes(kRandBytes);
  m.responder = mikey::Identity::uri(me.impu);
  m.ticket = mikey::kms_ticket(type, reference);
  PreparedInit p;
  p.is_request = false;
  p.reference.assign(reference.begin(), reference.end());
  p.ticket_type = type;
  return prepare(env, me, csb_id, m, std::move(p), "RESOLVE_INIT");
}

std::optional<Result<MediaKey>> read_kms_answer(const PreparedInit& init, ByteView wire,
                                                const mikey::Freshness& f) {
  if (wire.size() >= 2 && wire[1] == std::uint8_t(mikey::DataType::kError)) {
    auto signed_err = mikey::parse_error(wire, &init.binding, f);
    if (signed_err) return fail("KMS refused: " + error_names(*signed_err));
    auto unsigned_err = mikey::parse_error(wire, nullptr, f);
    if (unsigned_err) return fail("KMS refused (unsigned error): " + error_names(*unsigned_err));
    return std::nullopt;
  }
  Bytes reference, tgk, mpk;
  auto pick = [&](const std::vector<mikey::KeyData>& keys) {
    for (const auto& k : keys) {
      if (k.type == mikey::KeyDataType::kTgk) tgk = k.key;
      if (k.type == mikey::KeyDataType::kMpk) mpk = k.key;
    }
  };
  if (init.is_request) {
    auto r = mikey::parse_request_resp(wire, init.binding, f);
    if (!r) return std::nullopt;
    if (r->ticket.policy.ticket_type != std::uint16_t(init.ticket_type))
      return fail("the KMS answered with TICKET type " +
                  std::to_string(r->ticket.policy.ticket_type) + ", not the one asked for");
    reference = r->ticket.ticket_data;
    pick(r->keys);
  } else {
    auto r = mikey::parse_resolve_resp(wire, init.binding, f);
    if (!r) return std::nullopt;
    reference = init.reference;
    pick(r->keys);
  }
  if (tgk.empty()) return fail("the KMS response carries no TGK");
  return media_key_for(reference, init.ticket_type == mikey::TicketType::kImssimSealed, tgk, mpk);
}

}  // namespace imssim::keymgmt
