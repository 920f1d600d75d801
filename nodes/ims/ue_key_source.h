// Where a UE gets the key it shares with the KMS: GBA (a bootstrapped session's Ks_NAF for the
// KMS's FQDN, bootstrapping again when it expired), or a table in tests.
#pragma once

#include <string>

#include "common/bytes.h"
#include "common/function.h"
#include "common/result.h"
#include "common/time.h"

namespace imssim::ims {

struct UeKmsKey {
  std::string btid;  // names the key at the KMS (IDRpsk)
  Bytes ks_naf;
  Time expiry;
};

class UeKeySource {
 public:
  virtual ~UeKeySource() = default;
  // Calls `done` exactly once; may be immediate when a valid session is at hand.
  virtual void get(UniqueFunction<void(Result<UeKmsKey>)> done) = 0;
};

}  // namespace imssim::ims
