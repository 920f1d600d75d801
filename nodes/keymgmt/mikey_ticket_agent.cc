#include "nodes/keymgmt/mikey_ticket_agent.h"

#include "nodes/keymgmt/constants.h"
#include "nodes/keymgmt/key_transfer.h"
#include "nodes/keymgmt/steps.h"

namespace imssim::keymgmt {
namespace {

constexpr int kHttpOk = 200;  // RFC 9110 §15.3.1

}  // namespace

MikeyTicketAgent::MikeyTicketAgent(Environment& env, TicketAgentConfig config)
    : KeyAgent(env, config.impu, config.epoch),
      config_(config),
      https_(env, config.https),
      replay_(kReplayCacheEntries, kMaxClockSkew) {}

MikeyParty MikeyTicketAgent::party(const KmsCredentials& c) const {
  return {config_.kms_uri, config_.impu, c.btid, c.ks_naf, config_.epoch};
}

void MikeyTicketAgent::exchange(const KmsCredentials& c, Result<PreparedInit> init,
                                std::string label, KeyDone<MediaKey> done) {
  if (!init) return done(Unexpected{init.error()}, {});
  Bytes wire = init->wire;
  https_.post(c, kPathMikey, kContentTypeMikey, std::move(wire), std::move(label),
              [this, init = std::move(*init), done = std::move(done)](
                  Result<http::Response> r, const ExchangeStats& stats) mutable {
                Result<MediaKey> key = fail("no answer");
                if (!r) {
                  key = Unexpected{r.error()};
                } else if (r->status != kHttpOk) {
                  key = fail("KMS answered HTTP " + std::to_string(r->status));
                } else {
                  mikey::Freshness f{env_.now(), config_.epoch, kMaxClockSkew, &replay_};
                  auto answer = read_kms_answer(init, r->body, f);
                  key = answer ? std::move(*answer)
                               : Result<MediaKey>(fail("the KMS's MIKEY answer does not verify"));
                }
                count(stats, key.ok());
                if (!key) return done(fail("key management: " + key.error().message), stats);
                done(std::move(key), stats);
              });
}

void MikeyTicketAgent::request_key(const KmsCredentials& c,
                                   const std::vector<std::string>& receivers,
                                   KeyDone<MediaKey> done) {
  if (env_.tracing())
    env_.trace_step(kStepKeyRequest, "UE sends REQUEST_INIT to the KMS (HTTP over TLS)");
  auto init = prepare_request(env_, party(c), env_.rng("mikey-csb").next_u32(), receivers,
                              mikey::TicketType::kImssimSealed);
  exchange(c, std::move(init), "MIKEY REQUEST_INIT (HTTP POST)", std::move(done));
}

Result<Bytes> MikeyTicketAgent::answer_for(const mikey::ExchangeBinding& transfer) {
  return build_transfer_answer(env_, transfer, config_.impu, config_.epoch);
}

Result<Ok> MikeyTicketAgent::check_answer(ByteView answer_key_mgmt, ByteView offer_key_mgmt,
                                          const MediaKey& key, Time now) {
  return verify_transfer_answer(answer_key_mgmt, offer_key_mgmt, key, now, config_.epoch);
}

void MikeyTicketAgent::resolve(const KmsCredentials& c, ByteView reference,
                               KeyDone<MediaKey> done) {
  if (env_.tracing())
    env_.trace_step(kStepResolveRequest, "RESOLVE_INIT to the KMS (HTTP over TLS)");
  auto init = prepare_resolve(env_, party(c), env_.rng("mikey-csb").next_u32(), reference,
                              mikey::TicketType::kImssimSealed);
  exchange(c, std::move(init), "MIKEY RESOLVE_INIT (HTTP POST)", std::move(done));
}

}  // namespace imssim::keymgmt
