#include "nodes/keymgmt/mikey_agent.h"


namespace imssim::keymgmt {

Result<MikeyClient*> MikeyAgent::client(const KmsCredentials& c) {
  if (!client_ || client_btid_ != c.btid) {
    auto client =
        MikeyClient::create(env_, MikeyClientConfig{config_.kms, config_.kms_uri, config_.impu,
                                                    c.btid, c.ks_naf, config_.epoch});
    if (!client) return Unexpected{client.error()};
    client_ = std::move(*client);
    client_btid_ = c.btid;
  }
  return client_.get();
}

void MikeyAgent::request_key(const KmsCredentials& c, const std::vector<std::string>& receivers,
                             KeyDone<MediaKey> done) {
  auto kms = client(c);
  if (!kms) return done(Unexpected{kms.error()}, {});
  (*kms)->request_key(receivers, [this, done = std::move(done)](
                                     Result<MediaKey> key, const ExchangeStats& stats) mutable {
    count(stats, key.ok());
    if (!key) return done(fail("key management: " + key.error().message), stats);
    done(std::move(key), stats);
  });
}

void MikeyAgent::resolve(const KmsCredentials& c, ByteView reference, KeyDone<MediaKey> done) {
  auto kms = client(c);
  if (!kms) return done(Unexpected{kms.error()}, {});
  (*kms)->resolve_key(reference, [this, done = std::move(done)](
                                     Result<MediaKey> key, const ExchangeStats& stats) mutable {
    count(stats, key.ok());
    if (!key) return done(fail("key management: " + key.error().message), stats);
    done(std::move(key), stats);
  });
}

}  // namespace imssim::keymgmt
