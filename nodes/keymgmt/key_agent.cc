#include "nodes/keymgmt/key_agent.h"

#include "nodes/keymgmt/key_transfer.h"

namespace imssim::keymgmt {

void KeyAgent::accept(const KmsCredentials& c, ByteView offer_key_mgmt, KeyDone<SessionKey> done) {
  auto info = read_key_transfer(offer_key_mgmt);
  if (!info) return done(Unexpected{info.error()}, {});
  if (info->sealed_ticket != sealed_tickets())
    return done(fail(sealed_tickets() ? "the offer carries no KMS ticket"
                                      : "the offer carries a ticket, not a KMS key-id"),
                {});
  resolve(c, info->reference,
          [this, transfer = Bytes(offer_key_mgmt.begin(), offer_key_mgmt.end()),
           done = std::move(done)](Result<MediaKey> key, const ExchangeStats& stats) mutable {
            if (!key) return done(Unexpected{key.error()}, stats);
            auto binding = verify_key_transfer(transfer, *key, env_.now(), epoch_);
            if (!binding) return done(Unexpected{binding.error()}, stats);
            auto answer = answer_for(*binding);
            if (!answer) return done(Unexpected{answer.error()}, stats);
            done(SessionKey{std::move(*key), std::move(*answer)}, stats);
          });
}

}  // namespace imssim::keymgmt
