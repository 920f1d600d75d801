// Where a NAF (the KMS) gets the GBA key a UE protects its requests with: Ks_NAF by B-TID. The
// BSF's Zn interface implements it over the network; tests may implement it directly.
#pragma once

#include <string>

#include "common/bytes.h"
#include "common/function.h"
#include "common/result.h"
#include "common/time.h"

namespace imssim::kms {

struct NafKey {
  Bytes ks_naf;
  std::string impi;
  Time expiry;
};

class NafKeySource {
 public:
  virtual ~NafKeySource() = default;
  // Calls `done` exactly once, later (never from inside fetch).
  virtual void fetch(const std::string& btid, UniqueFunction<void(Result<NafKey>)> done) = 0;
};

}  // namespace imssim::kms
