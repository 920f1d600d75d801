// The Key Management Server's decisions, the same for every key-management variant: issue a
// fresh key and key-id for the receivers a caller names, resolve a key-id for an authorised
// receiver, hand a key to the LI function under an active warrant. The variant services
// (mikey_service.h, ...) put these on the wire. Work counters feed the results.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "common/env.h"
#include "nodes/kms/key_store.h"
#include "nodes/kms/policy.h"

namespace imssim::kms {

inline constexpr std::size_t kKeyIdBytes = 16;  // random, so key-ids cannot be guessed
inline constexpr std::size_t kTgkBytes = 16;    // AES-128 SRTP master key strength
inline constexpr std::size_t kMpkBytes = 16;    // a MIKEY pre-shared key of the same strength

struct KmsConfig {
  Time key_lifetime = Time::sec(3600);
};

// What the KMS did, for the results and the variant comparison.
struct KmsWork {
  std::uint64_t keys_issued = 0, resolves = 0, intercepts = 0;
  std::map<std::string, std::uint64_t> refusals;  // by Refusal name
  std::uint64_t mac_checks = 0, mac_computations = 0, key_derivations = 0, kemac_encryptions = 0;
  std::uint64_t naf_key_fetches = 0, retransmitted_requests = 0, malformed = 0, replays = 0;
  nlohmann::json to_json() const;
};

class Kms {
 public:
  Kms(Environment& env, KmsConfig config) : env_(env), config_(config) {}

  Policy& policy() { return policy_; }
  KeyStore& store() { return store_; }
  KmsWork& work() { return work_; }
  const KmsWork& work() const { return work_; }

  // `impi` is the GBA-authenticated identity the request was protected for.
  Result<const IssuedKey*, Refusal> issue(const std::string& impi, const std::string& initiator,
                                          const std::vector<std::string>& named_receivers);
  Result<const IssuedKey*, Refusal> resolve(const std::string& impi, const std::string& receiver,
                                            ByteView key_id);
  Result<const IssuedKey*, Refusal> intercept(ByteView key_id);

  nlohmann::json results() const;

 private:
  Result<const IssuedKey*, Refusal> refuse(Refusal r);

  Environment& env_;
  KmsConfig config_;
  Policy policy_;
  KeyStore store_;
  KmsWork work_;
};

}  // namespace imssim::kms
