#include "nodes/kms/kms.h"

#include "nodes/kms/ticket_seal.h"

namespace imssim::kms {

nlohmann::json KmsWork::to_json() const {
  return {{"keys_issued", keys_issued},
          {"resolves", resolves},
          {"intercepts", intercepts},
          {"refusals", refusals},
          {"mac_checks", mac_checks},
          {"mac_computations", mac_computations},
          {"key_derivations", key_derivations},
          {"kemac_encryptions", kemac_encryptions},
          {"naf_key_fetches", naf_key_fetches},
          {"retransmitted_requests", retransmitted_requests},
          {"malformed", malformed},
          {"replays", replays},
          {"ticket_seals", ticket_seals},
          {"ticket_opens", ticket_opens},
          {"tls_handshakes", tls_handshakes},
          {"http_requests", http_requests}};
}

Kms::Kms(Environment& env, KmsConfig config)
    : env_(env),
      config_(config),
      cpu_model_(config.cpu),
      ticket_key_(env.rng("kms-ticket-key").bytes(kTicketKeyBytes)) {}

Result<Bytes> Kms::seal(const IssuedKey& key) {
  ++work_.ticket_seals;
  return seal_ticket(ticket_key_, env_.rng("kms-ticket-nonce").bytes(kTicketNonceBytes), key);
}

Result<const IssuedKey*, Refusal> Kms::resolve_ticket(const std::string& impi,
                                                      const std::string& receiver,
                                                      ByteView ticket) {
  ++work_.ticket_opens;
  auto c = open_ticket(ticket_key_, ticket);
  if (!c) return refuse(Refusal::kInvalidTicket);
  return resolve(impi, receiver, c->key_id);
}

Result<const IssuedKey*, Refusal> Kms::refuse(Refusal r) {
  ++work_.refusals[std::string(to_string(r))];
  return Unexpected{r};
}

Result<const IssuedKey*, Refusal> Kms::issue(const std::string& impi, const std::string& initiator,
                                             const std::vector<std::string>& named_receivers) {
  if (!policy_.owns(impi, initiator)) return refuse(Refusal::kNotOwnIdentity);
  auto receivers = policy_.expand(named_receivers);
  if (!receivers) return refuse(receivers.error());
  IssuedKey k;
  k.key_id = env_.rng("kms-key-id").bytes(kKeyIdBytes);
  k.tgk = env_.rng("kms-tgk").bytes(kTgkBytes);
  k.mpk = env_.rng("kms-mpk").bytes(kMpkBytes);
  k.initiator = initiator;
  k.named = named_receivers;
  k.receivers = std::move(*receivers);
  k.issued = env_.now();
  k.expires = k.issued + config_.key_lifetime;
  ++work_.keys_issued;
  return &store_.add(std::move(k));
}

Result<const IssuedKey*, Refusal> Kms::resolve(const std::string& impi, const std::string& receiver,
                                               ByteView key_id) {
  if (policy_.interceptor(impi)) return intercept(key_id);
  if (!policy_.owns(impi, receiver)) return refuse(Refusal::kNotOwnIdentity);
  IssuedKey* k = store_.find(key_id);
  if (!k) return refuse(Refusal::kUnknownKeyId);
  if (auto ok = policy_.may_resolve(*k, receiver, env_.now()); !ok) return refuse(ok.error());
  ++k->resolutions;
  ++work_.resolves;
  return k;
}

Result<const IssuedKey*, Refusal> Kms::intercept(ByteView key_id) {
  IssuedKey* k = store_.find(key_id);
  if (!k) return refuse(Refusal::kUnknownKeyId);
  if (auto ok = policy_.may_intercept(*k, env_.now()); !ok) return refuse(ok.error());
  ++k->resolutions;
  ++work_.intercepts;
  return k;
}

nlohmann::json Kms::results() const {
  auto j = work_.to_json();
  j["keys_stored"] = store_.size();
  j["cpu_model"] = cpu_model_.to_json();
  return j;
}

}  // namespace imssim::kms
