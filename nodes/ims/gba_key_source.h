// The UE's KMS key from GBA: bootstraps with the BSF on first use and again when the session
// expired, and derives Ks_NAF for the KMS (TS 33.220 Annex B.3). Requests that arrive while a
// bootstrapping runs wait for it.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "nodes/gba_nodes/gba_client.h"
#include "nodes/ims/ue_key_source.h"

namespace imssim::ims {

class GbaKeySource : public UeKeySource {
 public:
  GbaKeySource(Environment& env, std::unique_ptr<gba_nodes::GbaClient> client, std::string kms_fqdn,
               std::int64_t epoch_unix)
      : env_(env),
        client_(std::move(client)),
        kms_fqdn_(std::move(kms_fqdn)),
        epoch_unix_(epoch_unix) {}

  void get(UniqueFunction<void(Result<UeKmsKey>)> done) override;
  const gba_nodes::GbaClient& client() const { return *client_; }

 private:
  void on_session(Result<gba_nodes::GbaSession> s);

  Environment& env_;
  std::unique_ptr<gba_nodes::GbaClient> client_;
  std::string kms_fqdn_;
  std::int64_t epoch_unix_;
  std::optional<UeKmsKey> key_;
  std::vector<UniqueFunction<void(Result<UeKmsKey>)>> waiting_;
};

}  // namespace imssim::ims
