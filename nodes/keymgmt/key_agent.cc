#include "nodes/keymgmt/key_agent.h"

#include "nodes/keymgmt/key_transfer.h"

namespace imssim::keymgmt {

Result<Bytes> KeyAgent::key_transfer(const MediaKey& key, const std::string& callee) {
  return build_key_transfer(env_, key, impu_, callee, verified_transfers(), epoch_);
}

void KeyAgent::offer(const KmsCredentials& c, const std::vector<std::string>& receivers,
                     const std::string& callee, KeyDone<SessionKey> done) {
  request_key(c, receivers,
              [this, callee, done = std::move(done)](Result<MediaKey> key,
                                                     const ExchangeStats& stats) mutable {
                if (!key) return done(Unexpected{key.error()}, stats);
                auto transfer = key_transfer(*key, callee);
                if (!transfer) return done(Unexpected{transfer.error()}, stats);
                done(SessionKey{std::move(*key), std::move(*transfer)}, stats);
              });
}

void KeyAgent::resolve_transfer(const KmsCredentials& c, ByteView transfer, Time max_age,
                                KeyDone<std::pair<MediaKey, mikey::ExchangeBinding>> done) {
  auto info = read_key_transfer(transfer);
  if (!info) return done(Unexpected{info.error()}, {});
  if (info->sealed_ticket != sealed_tickets())
    return done(fail(sealed_tickets() ? "the offer carries no KMS ticket"
                                      : "the offer carries a ticket, not a KMS key-id"),
                {});
  resolve(c, info->reference,
          [this, max_age, transfer = Bytes(transfer.begin(), transfer.end()),
           done = std::move(done)](Result<MediaKey> key, const ExchangeStats& stats) mutable {
            if (!key) return done(Unexpected{key.error()}, stats);
            auto binding = verify_key_transfer(transfer, *key, env_.now(), epoch_, max_age);
            if (!binding) return done(Unexpected{binding.error()}, stats);
            done(std::make_pair(std::move(*key), std::move(*binding)), stats);
          });
}

void KeyAgent::accept(const KmsCredentials& c, ByteView offer_key_mgmt, KeyDone<SessionKey> done) {
  resolve_transfer(c, offer_key_mgmt, kMaxClockSkew,
                   [this, done = std::move(done)](
                       Result<std::pair<MediaKey, mikey::ExchangeBinding>> r,
                       const ExchangeStats& stats) mutable {
                     if (!r) return done(Unexpected{r.error()}, stats);
                     auto answer = answer_for(r->second);
                     if (!answer) return done(Unexpected{answer.error()}, stats);
                     done(SessionKey{std::move(r->first), std::move(*answer)}, stats);
                   });
}

void KeyAgent::accept_stored(const KmsCredentials& c, ByteView stored_key_mgmt,
                             KeyDone<MediaKey> done) {
  resolve_transfer(c, stored_key_mgmt, kStoredTransferMaxAge,
                   [done = std::move(done)](Result<std::pair<MediaKey, mikey::ExchangeBinding>> r,
                                            const ExchangeStats& stats) mutable {
                     if (!r) return done(Unexpected{r.error()}, stats);
                     done(std::move(r->first), stats);
                   });
}

}  // namespace imssim::keymgmt
