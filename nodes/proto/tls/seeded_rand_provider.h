// An in-process OpenSSL 3 provider whose only algorithm is a RAND that draws from imssim::Rng
// streams. Installed as both the DRBG type and the seed-source type of one OSSL_LIB_CTX, it
// makes every random byte OpenSSL uses in that context (hello randoms, session ids, ECDHE and
// certificate keys, ECDSA nonces, explicit IVs) reproducible from the simulation's seed, and
// nothing in that context reads the operating system's entropy.
#pragma once

#include <openssl/types.h>

#include <cstdint>
#include <mutex>

#include "common/result.h"
#include "common/rng.h"

namespace imssim::tls::detail {

// Where the provider's bytes come from: `current` while an endpoint call runs, else `fallback`.
class RandomSource {
 public:
  explicit RandomSource(Rng& fallback) : fallback_(&fallback) {}

  void fill(unsigned char* out, std::size_t n);
  Rng* exchange_current(Rng* rng);
  std::uint64_t bytes_drawn() const;

 private:
  mutable std::mutex mutex_;  // public/private DRBGs are per thread; the source is shared
  Rng* fallback_;
  Rng* current_ = nullptr;
  std::uint64_t bytes_drawn_ = 0;
};

inline constexpr const char* kSeededRandName = "IMSSIM-SEEDED-RNG";
inline constexpr const char* kSeededRandProvider = "imssim-seeded-rand";
inline constexpr const char* kSeededRandProperties = "provider=imssim-seeded-rand";

// Registers the provider in `libctx`, makes it the DRBG and seed source, and loads it. Must run
// before anything in `libctx` asks for random bytes. Returns the loaded provider.
Result<OSSL_PROVIDER*> install_seeded_rand(OSSL_LIB_CTX* libctx, RandomSource& source);

}  // namespace imssim::tls::detail
