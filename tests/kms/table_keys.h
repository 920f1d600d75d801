// Ks_NAF by B-TID for KMS tests, answered after a Zn-like delay (never synchronously, as the
// NafKeySource contract says).
#pragma once

#include <map>
#include <string>

#include "nodes/kms/naf_key_source.h"

namespace imssim::kms::testing {

class TableKeys : public NafKeySource {
 public:
  explicit TableKeys(Environment& env) : env_(env) {}
  void add(const std::string& btid, Bytes ks_naf, std::string impi) {
    keys_[btid] = NafKey{std::move(ks_naf), std::move(impi), Time::sec(100000)};
  }
  void fetch(const std::string& btid, UniqueFunction<void(Result<NafKey>)> done) override {
    ++fetches;
    env_.start_timer(Time::ms(2), [this, btid, done = std::move(done)]() mutable {
      auto it = keys_.find(btid);
      if (it == keys_.end()) return done(fail("unknown B-TID " + btid));
      done(it->second);
    });
  }
  int fetches = 0;

 private:
  Environment& env_;
  std::map<std::string, NafKey> keys_;
};

}  // namespace imssim::kms::testing
