#include "nodes/kms/mikey_service.h"

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

}  // namespace

Result<std::unique_ptr<MikeyService>> MikeyService::start(Environment& env, Kms& kms,
                                                          NafKeySource& keys,
                                                          MikeyServiceConfig config) {
  auto socket = env.open_udp(config.port);
  if (!socket) return fail("KMS MIKEY service: " + socket.error().message);
  return std::unique_ptr<MikeyService>(
      new MikeyService(env, kms, keys, std::move(config), std::move(*socket)));
}

MikeyService::MikeyService(Environment& env, Kms& kms, NafKeySource& keys,
                           MikeyServiceConfig config, std::unique_ptr<DatagramSocket> socket)
    : env_(env),
      kms_(kms),
      naf_keys_(keys),
      config_(std::move(config)),
      socket_(std::move(socket)),
      replay_(keymgmt::kReplayCacheEntries, keymgmt::kMaxClockSkew) {
  socket_->on_receive([this](const Endpoint& from, ByteView wire) { on_datagram(from, wire); });
}

mikey::Timestamp MikeyService::now_ts() const {
  auto t = mikey::make_timestamp(mikey::TsType::kNtpUtc, env_.now(), config_.epoch);
  return t ? *t : mikey::Timestamp{};
}

mikey::Freshness MikeyService::freshness() {
  return {env_.now(), config_.epoch, keymgmt::kMaxClockSkew, &replay_};
}

void MikeyService::expire_cache() {
  while (!cache_order_.empty() && cache_order_.front().first <= env_.now()) {
    responses_.erase(cache_order_.front().second);
    cache_order_.pop_front();
  }
}

void MikeyService::on_datagram(const Endpoint& from, ByteView wire) {
  expire_cache();
  Incoming in{from, Bytes(wire.begin(), wire.end())};
  if (auto cached = responses_.find(in.wire); cached != responses_.end()) {
    ++kms_.work().retransmitted_requests;
    socket_->send_to(from, cached->second.response, cached->second.label);
    return;
  }
  if (in_progress_.count(in.wire)) {  // retransmitted while its Ks_NAF is being fetched
    ++kms_.work().retransmitted_requests;
    return;
  }
  // Only the B-TID is read before the MAC is checked: it names the key to check with.
  std::optional<mikey::Identity> psk_id;
  in.is_request = wire.size() >= 2 && wire[1] == std::uint8_t(DataType::kRequestInitPsk);
  if (in.is_request) {
    if (auto m = mikey::peek_request_init(wire)) {
      psk_id = m->psk_id;
      in.csb_id = m->header.csb_id;
      in.prf = m->header.prf;
    }
  } else if (auto m = mikey::peek_resolve_init(wire)) {
    psk_id = m->psk_id;
    in.csb_id = m->header.csb_id;
    in.prf = m->header.prf;
  }
  if (!psk_id) {  // not a request we serve, malformed, or no IDRpsk: nothing to verify with
    ++kms_.work().malformed;
    if (env_.tracing()) env_.trace_note("KMS drops a datagram: no MIKEY request with IDRpsk");
    return;
  }
  in_progress_.insert(in.wire);
  ++kms_.work().naf_key_fetches;
  naf_keys_.fetch(as_string(psk_id), [this, in = std::move(in)](Result<NafKey> key) {
    in_progress_.erase(in.wire);
    on_naf_key(in, key);
  });
}

void MikeyService::on_naf_key(const Incoming& in, const Result<NafKey>& key) {
  Reply reply;
  if (!key) {
    // Without Ks_NAF the request cannot be authenticated, nor an answer signed.
    reply = error_reply(ErrorNo::kAuthFailure, in.csb_id, in.prf, nullptr,
                        "no Ks_NAF for the request's B-TID: " + key.error().message);
  } else {
    ++kms_.work().mac_checks;
    ++kms_.work().key_derivations;
    reply = in.is_request ? answer_request(in, *key) : answer_resolve(in, *key);
  }
  send(in, std::move(reply));
}

MikeyService::Reply MikeyService::answer_request(const Incoming& in, const NafKey& key) {
  auto v = mikey::parse_request_init(in.wire, key.ks_naf, freshness());
  if (!v) return rejected(in, v.error());
  const auto& m = v->message;
  std::vector<std::string> receivers;
  for (const auto& r : m.responders) receivers.emplace_back(r.id.begin(), r.id.end());
  auto issued = kms_.issue(key.impi, as_string(m.initiator), receivers);
  if (!issued) return refused(issued.error(), v->binding);

  mikey::RequestResp resp;
  resp.header.csb_id = m.header.csb_id;
  resp.header.prf = m.header.prf;
  resp.t = now_ts();
  resp.kms = mikey::Identity::uri(config_.kms_uri);
  resp.ticket = mikey::key_id_ticket((*issued)->key_id);
  resp.keys = key_data(**issued);
  auto wire = mikey::build_request_resp(resp, v->binding);
  if (!wire) return {{}, {}, "building REQUEST_RESP: " + wire.error().message};
  ++kms_.work().mac_computations;
  ++kms_.work().kemac_encryptions;
  if (env_.tracing()) env_.trace_step(keymgmt::kStepKeyResponse, "KMS returns key and key-id");
  return {std::move(*wire), "MIKEY REQUEST_RESP (key-id)", {}};
}

MikeyService::Reply MikeyService::answer_resolve(const Incoming& in, const NafKey& key) {
  auto v = mikey::parse_resolve_init(in.wire, key.ks_naf, freshness());
  if (!v) return rejected(in, v.error());
  const auto& m = v->message;
  auto resolved = kms_.resolve(key.impi, as_string(m.responder), m.ticket.ticket_data);
  if (!resolved) return refused(resolved.error(), v->binding);

  mikey::ResolveResp resp;
  resp.header.csb_id = m.header.csb_id;
  resp.header.prf = m.header.prf;
  resp.t = now_ts();
  resp.kms = mikey::Identity::uri(config_.kms_uri);
  resp.initiator = mikey::Identity::uri((*resolved)->initiator);
  resp.keys = key_data(**resolved);
  auto wire = mikey::build_resolve_resp(resp, v->binding);
  if (!wire) return {{}, {}, "building RESOLVE_RESP: " + wire.error().message};
  ++kms_.work().mac_computations;
  ++kms_.work().kemac_encryptions;
  if (env_.tracing())
    env_.trace_step(keymgmt::kStepResolveResponse, "KMS checks the receiver, returns the key");
  return {std::move(*wire), "MIKEY RESOLVE_RESP (key)", {}};
}

std::vector<mikey::KeyData> MikeyService::key_data(const IssuedKey& k) const {
  // RFC 6043 §6.2.1: every key carries an SPI; ours is the key-id that names it.
  return {
      mikey::KeyData{mikey::KeyDataType::kTgk, mikey::KvType::kSpi, k.tgk, {}, k.key_id, {}, {}},
      mikey::KeyData{mikey::KeyDataType::kMpk, mikey::KvType::kSpi, k.mpk, {}, k.key_id, {}, {}}};
}

MikeyService::Reply MikeyService::rejected(const Incoming& in, const mikey::MikeyError& e) {
  if (e.kind == mikey::MikeyError::Kind::kReplay) {  // answering replays would amplify them
    ++kms_.work().replays;
    return {{}, {}, "replayed request dropped: " + e.message};
  }
  ++kms_.work().malformed;
  return error_reply(error_for(e.kind), in.csb_id, in.prf, nullptr, e.message);
}

MikeyService::Reply MikeyService::refused(Refusal r, const mikey::ExchangeBinding& binding) {
  return error_reply(error_for(r), binding.csb_id, binding.prf, &binding,
                     std::string(to_string(r)));
}

MikeyService::Reply MikeyService::error_reply(ErrorNo e, std::uint32_t csb_id, mikey::PrfFunc prf,
                                              const mikey::ExchangeBinding* binding,
                                              std::string why) {
  mikey::ErrorMessage err{csb_id, prf, now_ts(), {std::uint8_t(e)}};
  auto wire = mikey::build_error(err, binding);
  if (!wire) return {{}, {}, why + "; building the Error message: " + wire.error().message};
  if (binding) ++kms_.work().mac_computations;
  return {std::move(*wire), "MIKEY Error", std::move(why)};
}

void MikeyService::send(const Incoming& in, Reply reply) {
  if (!reply.refusal.empty() && env_.tracing()) env_.trace_note("KMS: " + reply.refusal);
  if (reply.wire.empty()) return;
  socket_->send_to(in.from, reply.wire, reply.label);
  cache_order_.emplace_back(env_.now() + keymgmt::kResponseCacheLifetime, in.wire);
  responses_[in.wire] = Cached{std::move(reply.wire), std::move(reply.label)};
}

}  // namespace imssim::kms
