// The Key Management Server's decisions, the same for every key-management variant: issue a
// fresh key and key-id for the receivers a caller names, resolve a key-id for an authorised
// receiver, hand a key to the LI function under an active warrant. The variant services
// (mikey_service.h, ...) put these on the wire. Work counters feed the results.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "common/env.h"
#include "nodes/keymgmt/constants.h"
#include "nodes/kms/cpu_meter.h"
#include "nodes/kms/cpu_model.h"
#include "nodes/kms/key_store.h"
#include "nodes/kms/policy.h"

namespace imssim::kms {

using keymgmt::kKeyIdBytes;
inline constexpr std::size_t kTgkBytes = 16;  // AES-128 SRTP master key strength
inline constexpr std::size_t kMpkBytes = 16;  // a MIKEY pre-shared key of the same strength

struct KmsConfig {
  Time key_lifetime = Time::sec(3600);
  CpuModelConfig cpu;  // the processor as a modelled resource (load studies)
};

// What the KMS did, for the results and the variant comparison.
struct KmsWork {
  std::uint64_t keys_issued = 0, resolves = 0, intercepts = 0;
  std::map<std::string, std::uint64_t> refusals;  // by Refusal name
  std::uint64_t mac_checks = 0, mac_computations = 0, key_derivations = 0, kemac_encryptions = 0;
  std::uint64_t naf_key_fetches = 0, retransmitted_requests = 0, malformed = 0, replays = 0;
  std::uint64_t ticket_seals = 0, ticket_opens = 0;     // ticket variants
  std::uint64_t tls_handshakes = 0, http_requests = 0;  // HTTPS interface
  nlohmann::json to_json() const;
};

class Kms {
 public:
  Kms(Environment& env, KmsConfig config);

  Policy& policy() { return policy_; }
  KeyStore& store() { return store_; }
  KmsWork& work() { return work_; }
  CpuMeter& cpu() { return cpu_; }
  const CpuMeter& cpu() const { return cpu_; }
  // When the reply to an operation arriving now may leave (now, unless the CPU is modelled).
  Time reply_delay(KmsOp op) { return cpu_model_.admit(op, env_.now()); }
  const KmsWork& work() const { return work_; }

  // `impi` is the GBA-authenticated (or provisioned) identity the request was protected for; a
  // resolve by the LI function's is an interception.
  Result<const IssuedKey*, Refusal> issue(const std::string& impi, const std::string& initiator,
                                          const std::vector<std::string>& named_receivers);
  Result<const IssuedKey*, Refusal> resolve(const std::string& impi, const std::string& receiver,
                                            ByteView key_id);
  Result<const IssuedKey*, Refusal> intercept(ByteView key_id);

  // Ticket variants: the sealed ticket of an issued key; resolving a ticket opens it (a ticket
  // this KMS did not seal, or an altered one, is refused) and decides on its key-id.
  Result<Bytes> seal(const IssuedKey& key);
  Result<const IssuedKey*, Refusal> resolve_ticket(const std::string& impi,
                                                   const std::string& receiver, ByteView ticket);

  nlohmann::json results() const;

 private:
  Result<const IssuedKey*, Refusal> refuse(Refusal r);

  Environment& env_;
  KmsConfig config_;
  Policy policy_;
  KeyStore store_;
  KmsWork work_;
  CpuMeter cpu_;  // real CPU time, outside the results (varies between runs)
  CpuModel cpu_model_;
  Bytes ticket_key_;  // durable like the store: tickets sealed before a restart still open
};

}  // namespace imssim::kms
