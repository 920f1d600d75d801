// Where the S-CSCF gets the AKA vector that challenges a REGISTER: the HSS over Cx (a
// Multimedia-Auth-Request), or a table in tests.
#pragma once

#include <string>

#include "common/bytes.h"
#include "common/function.h"
#include "common/result.h"

namespace imssim::ims {

struct ImsAuthVector {
  Bytes rand, autn, xres, ck, ik;
};

class AuthVectorSource {
 public:
  virtual ~AuthVectorSource() = default;
  // Calls `done` exactly once, later (never from inside fetch).
  virtual void fetch(const std::string& impi, const std::string& impu,
                     UniqueFunction<void(Result<ImsAuthVector>)> done) = 0;
};

}  // namespace imssim::ims
