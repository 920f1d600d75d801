#include "nodes/kms/mikey_responder.h"

#include "nodes/keymgmt/constants.h"
#include "nodes/keymgmt/steps.h"
#include "nodes/proto/mikey/psk_messages.h"

namespace imssim::kms {
namespace {

using mikey::DataType;
using mikey::ErrorNo;

std::string as_string(const std::optional<mikey::Identity>& id) {
  return id ? std::string(id->id.begin(), id->id.end()) : std::string();
}

// RFC 3830 §6.12 / RFC 6043 §6.9 error numbers for the KMS's refusals.
ErrorNo error_for(Refusal r) {
  switch (r) {
    case Refusal::kNotOwnIdentity:
    case Refusal::kUnknownReceiver:
      return ErrorNo::kIdNotSupported;
    case Refusal::kUnknownKeyId:
    case Refusal::kExpired:
    case Refusal::kInvalidTicket:
      return ErrorNo::kInvalidTicket;
    case Refusal::kNotAuthorised:
    case Refusal::kNoWarrant:
      return ErrorNo::kAuthFailure;
  }
  return ErrorNo::kUnspecified;
}

ErrorNo error_for(mikey::MikeyError::Kind kind) {
  using K = mikey::MikeyError::Kind;
  switch (kind) {
    case K::kBadMac:
      return ErrorNo::kAuthFailure;
    case K::kStaleTimestamp:
      return ErrorNo::kInvalidTimestamp;
    default:
      return ErrorNo::kUnspecified;
  }
}

// What every KMS response repeats from its request (CSB ID, PRF), its time and our IDRkms.
template <typename Resp, typename Init>
Resp response_to(const Init& request, const mikey::Timestamp& t, const std::string& kms_uri) {
  Resp r;
  r.header.csb_id = request.header.csb_id;
  r.header.prf = request.header.prf;
  r.t = t;
  r.kms = mikey::Identity::uri(kms_uri);
  return r;
}

}  // namespace

MikeyResponder::MikeyResponder(Environment& env, Kms& kms, MikeyResponderConfig config)
    : env_(env),
      kms_(kms),
      config_(std::move(config)),
      replay_(keymgmt::kReplayCacheEntries, keymgmt::kMaxClockSkew) {}

std::optional<MikeyRequestHead> MikeyResponder::peek(ByteView wire) {
  // Only the B-TID is read before the MAC is checked: it names the key to check with.
  MikeyRequestHead head;
  std::optional<mikey::Identity> psk_id;
  head.is_request = wire.size() >= 2 && wire[1] == std::uint8_t(DataType::kRequestInitPsk);
  if (head.is_request) {
    if (auto m = mikey::peek_request_init(wire)) {
      psk_id = m->psk_id;
      head.csb_id = m->header.csb_id;
      head.prf = m->header.prf;
    }
  } else if (auto m = mikey::peek_resolve_init(wire)) {
    psk_id = m->psk_id;
    head.csb_id = m->header.csb_id;
    head.prf = m->header.prf;
  }
  if (!psk_id) return std::nullopt;
  head.btid = as_string(psk_id);
  return head;
}

MikeyReply MikeyResponder::answer(const MikeyRequestHead& head, ByteView wire, const NafKey& key) {
  ++kms_.work().mac_checks;
  ++kms_.work().key_derivations;
  return head.is_request ? answer_request(head, wire, key) : answer_resolve(head, wire, key);
}

MikeyReply MikeyResponder::no_key(const MikeyRequestHead& head, const std::string& why) {
  // Without Ks_NAF the request cannot be authenticated, nor an answer signed.
  return error_reply(ErrorNo::kAuthFailure, head.csb_id, head.prf, nullptr,
                     "no Ks_NAF for the request's B-TID: " + why);
}

MikeyReply MikeyResponder::answer_request(const MikeyRequestHead& head, ByteView wire,
                                          const NafKey& key) {
  auto v = mikey::parse_request_init(wire, key.ks_naf, freshness());
  if (!v) return rejected(head, v.error());
  const auto& m = v->message;
  std::vector<std::string> receivers;
  for (const auto& r : m.responders) receivers.emplace_back(r.id.begin(), r.id.end());
  auto issued = kms_.issue(key.impi, as_string(m.initiator), receivers);
  if (!issued) return refused(issued.error(), v->binding);

  auto resp = response_to<mikey::RequestResp>(m, now_ts(), config_.kms_uri);
  if (m.tp.ticket_type == std::uint16_t(mikey::TicketType::kImssimSealed)) {
    auto sealed = kms_.seal(**issued);
    if (!sealed) return {{}, {}, "sealing the ticket: " + sealed.error().message};
    resp.ticket = mikey::kms_ticket(mikey::TicketType::kImssimSealed, *sealed);
  } else {
    resp.ticket = mikey::key_id_ticket((*issued)->key_id);
  }
  resp.keys = key_data(**issued);
  auto out = mikey::build_request_resp(resp, v->binding);
  if (!out) return {{}, {}, "building REQUEST_RESP: " + out.error().message};
  ++kms_.work().mac_computations;
  ++kms_.work().kemac_encryptions;
  if (env_.tracing()) env_.trace_step(keymgmt::kStepKeyResponse, "KMS returns key and key-id");
  bool sealed = resp.ticket.policy.ticket_type == std::uint16_t(mikey::TicketType::kImssimSealed);
  return {
      std::move(*out), sealed ? "MIKEY REQUEST_RESP (ticket)" : "MIKEY REQUEST_RESP (key-id)", {}};
}

MikeyReply MikeyResponder::answer_resolve(const MikeyRequestHead& head, ByteView wire,
                                          const NafKey& key) {
  auto v = mikey::parse_resolve_init(wire, key.ks_naf, freshness());
  if (!v) return rejected(head, v.error());
  const auto& m = v->message;
  bool sealed = m.ticket.policy.ticket_type == std::uint16_t(mikey::TicketType::kImssimSealed);
  auto resolved = sealed
                      ? kms_.resolve_ticket(key.impi, as_string(m.responder), m.ticket.ticket_data)
                      : kms_.resolve(key.impi, as_string(m.responder), m.ticket.ticket_data);
  if (!resolved) return refused(resolved.error(), v->binding);

  auto resp = response_to<mikey::ResolveResp>(m, now_ts(), config_.kms_uri);
  resp.initiator = mikey::Identity::uri((*resolved)->initiator);
  resp.keys = key_data(**resolved);
  auto out = mikey::build_resolve_resp(resp, v->binding);
  if (!out) return {{}, {}, "building RESOLVE_RESP: " + out.error().message};
  ++kms_.work().mac_computations;
  ++kms_.work().kemac_encryptions;
  if (env_.tracing())
    env_.trace_step(keymgmt::kStepResolveResponse, "KMS checks the receiver, returns the key");
  return {std::move(*out), "MIKEY RESOLVE_RESP (key)", {}};
}

std::vector<mikey::KeyData> MikeyResponder::key_data(const IssuedKey& k) const {
  // RFC 6043 §6.2.1: every key carries an SPI; ours is the key-id that names it.
  return {
      mikey::KeyData{mikey::KeyDataType::kTgk, mikey::KvType::kSpi, k.tgk, {}, k.key_id, {}, {}},
      mikey::KeyData{mikey::KeyDataType::kMpk, mikey::KvType::kSpi, k.mpk, {}, k.key_id, {}, {}}};
}

MikeyReply MikeyResponder::rejected(const MikeyRequestHead& head, const mikey::MikeyError& e) {
  if (e.kind == mikey::MikeyError::Kind::kReplay) {  // answering replays would amplify them
    ++kms_.work().replays;
    return {{}, {}, "replayed request dropped: " + e.message};
  }
  ++kms_.work().malformed;
  return error_reply(error_for(e.kind), head.csb_id, head.prf, nullptr, e.message);
}

MikeyReply MikeyResponder::refused(Refusal r, const mikey::ExchangeBinding& binding) {
  return error_reply(error_for(r), binding.csb_id, binding.prf, &binding,
                     std::string(to_string(r)));
}

MikeyReply MikeyResponder::error_reply(ErrorNo e, std::uint32_t csb_id, mikey::PrfFunc prf,
                                       const mikey::ExchangeBinding* binding, std::string why) {
  mikey::ErrorMessage err{csb_id, prf, now_ts(), {std::uint8_t(e)}};
  auto wire = mikey::build_error(err, binding);
  if (!wire) return {{}, {}, why + "; building the Error message: " + wire.error().message};
  if (binding) ++kms_.work().mac_computations;
  return {std::move(*wire), "MIKEY Error", std::move(why)};
}

mikey::Timestamp MikeyResponder::now_ts() const {
  auto t = mikey::make_timestamp(mikey::TsType::kNtpUtc, env_.now(), config_.epoch);
  return t ? *t : mikey::Timestamp{};
}

mikey::Freshness MikeyResponder::freshness() {
  return {env_.now(), config_.epoch, keymgmt::kMaxClockSkew, &replay_};
}

}  // namespace imssim::kms
