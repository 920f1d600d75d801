// The KMS's Ks_NAF from the BSF over Zn (TS 29.109): adapts the GBA ZnClient (with its cache)
// to the KMS's NafKeySource.
#pragma once

#include <memory>

#include "nodes/gba_nodes/zn_client.h"
#include "nodes/kms/naf_key_source.h"

namespace imssim::kms {

class ZnKeySource : public NafKeySource {
 public:
  ZnKeySource(std::unique_ptr<gba_nodes::ZnClient> client, std::int64_t epoch_unix)
      : client_(std::move(client)), epoch_unix_(epoch_unix) {}
  void fetch(const std::string& btid, UniqueFunction<void(Result<NafKey>)> done) override {
    client_->fetch(btid, [this, done = std::move(done)](
                             Result<gba_nodes::NafKey, gba_nodes::ZnError> k) mutable {
      if (!k) return done(fail("Zn: " + k.error().message));
      done(NafKey{Bytes(k->ks_naf.begin(), k->ks_naf.end()), k->impi,
                  Time::sec(k->expiry_unix - epoch_unix_)});
    });
  }
  const gba_nodes::ZnClient& client() const { return *client_; }

 private:
  std::unique_ptr<gba_nodes::ZnClient> client_;
  std::int64_t epoch_unix_;
};

}  // namespace imssim::kms
