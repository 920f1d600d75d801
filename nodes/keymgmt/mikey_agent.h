// The `mikey` variant (the proposal) at the UE: MikeyClient for REQUEST/RESOLVE over UDP,
// and the key-id TRANSFER_INIT of key_transfer.h in the offer; no MIKEY in the answer.
#pragma once

#include <memory>
#include <string>

#include "common/env.h"
#include "nodes/keymgmt/key_agent.h"
#include "nodes/keymgmt/mikey_client.h"

namespace imssim::keymgmt {

struct MikeyAgentConfig {
  Endpoint kms;
  std::string kms_uri;
  std::string impu;
  mikey::NtpEpoch epoch = mikey::default_epoch();
};

class MikeyAgent : public KeyAgent {
 public:
  MikeyAgent(Environment& env, MikeyAgentConfig config)
      : KeyAgent(env, config.impu, config.epoch), config_(std::move(config)) {}

  std::string_view variant() const override { return kVariantMikey; }
  void request_key(const KmsCredentials& c, const std::vector<std::string>& receivers,
                   KeyDone<MediaKey> done) override;
  void resolve(const KmsCredentials& c, ByteView reference, KeyDone<MediaKey> done) override;

 private:
  bool sealed_tickets() const override { return false; }
  // The client for this B-TID (a new one after GBA bootstrapped again).
  Result<MikeyClient*> client(const KmsCredentials& c);

  MikeyAgentConfig config_;
  std::unique_ptr<MikeyClient> client_;
  std::string client_btid_;
};

}  // namespace imssim::keymgmt
