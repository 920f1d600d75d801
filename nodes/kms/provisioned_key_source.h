// Keys of network functions provisioned with the KMS (the LI function, the media mailbox):
// they have no USIM to bootstrap GBA with, so each shares a key with the KMS by configuration
// and names it the way a UE names Ks_NAF with its B-TID. Any other name goes to the next
// source (Zn, for UEs). The provisioned keys are configuration: they outlive a KMS restart,
// the next source (the process's Zn client) does not.
#pragma once

#include <map>
#include <string>

#include "common/env.h"
#include "nodes/kms/naf_key_source.h"

namespace imssim::kms {

class ProvisionedKeySource : public NafKeySource {
 public:
  explicit ProvisionedKeySource(Environment& env) : env_(env) {}
  void set_next(NafKeySource& next) { next_ = &next; }
  void add(const std::string& key_name, NafKey key) { keys_[key_name] = std::move(key); }
  void fetch(const std::string& btid, UniqueFunction<void(Result<NafKey>)> done) override {
    auto it = keys_.find(btid);
    if (it == keys_.end() && next_) return next_->fetch(btid, std::move(done));
    Result<NafKey> key = it != keys_.end() ? Result<NafKey>(it->second)
                                           : Result<NafKey>(fail("no key for B-TID " + btid));
    // Never from inside fetch (NafKeySource's contract).
    env_.start_timer(Time(), [key = std::move(key), done = std::move(done)]() mutable {
      done(std::move(key));
    });
  }

 private:
  Environment& env_;
  NafKeySource* next_ = nullptr;
  std::map<std::string, NafKey> keys_;
};

}  // namespace imssim::kms
