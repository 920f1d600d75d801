// Seeded random streams with our own distributions, so the same seed gives the same bytes on
// every standard library (std:: distributions are implementation-defined).
//
// A run has one seed; every actor/purpose draws from its own stream derived from (seed, name),
// e.g. Rng::derive(seed, "ue-alice/mikey-rand"). Adding a new stream never shifts another.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/bytes.h"

namespace imssim {

class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  static Rng derive(std::uint64_t seed, std::string_view name);

  std::uint64_t next_u64();  // xoshiro256**
  std::uint32_t next_u32() { return std::uint32_t(next_u64() >> 32); }

  // Uniform integer in [0, bound); bound > 0. Unbiased (Lemire's multiply-and-reject).
  std::uint64_t uniform(std::uint64_t bound);
  // Uniform integer in [lo, hi], inclusive.
  std::int64_t uniform_int(std::int64_t lo, std::int64_t hi);
  // Uniform double in [0, 1) with 53 random bits.
  double uniform01();
  double uniform_real(double lo, double hi) { return lo + (hi - lo) * uniform01(); }
  bool bernoulli(double p) { return p > 0 && uniform01() < p; }
  double exponential(double mean);
  // Box-Muller; the spare value is kept so consecutive calls stay deterministic.
  double normal(double mean, double stddev);
  // exp(N(mu, sigma)) where mu/sigma are of the underlying normal.
  double lognormal(double mu, double sigma);

  void fill(std::uint8_t* out, std::size_t n);
  Bytes bytes(std::size_t n);

 private:
  std::uint64_t s_[4];
  bool has_spare_ = false;
  double spare_ = 0;
};

// FNV-1a over a name; used to derive stream seeds and stable identifiers.
std::uint64_t stable_hash(std::string_view s);

}  // namespace imssim
