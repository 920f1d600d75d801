// UMTS AKA on top of Milenage (3GPP TS 33.102 §6.3 and Annex C): authentication vectors at the
// HSS, the USIM's AUTN check with SQN freshness, AUTS on a synchronisation failure, and the
// HSS's AUTS check and SQN re-synchronisation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "common/rng.h"
#include "nodes/proto/gba/constants.h"
#include "nodes/proto/gba/milenage.h"

namespace imssim::gba {

using Autn = std::array<std::uint8_t, kAutnBytes>;
using Auts = std::array<std::uint8_t, kAutsBytes>;

// SQN as a 48-bit big-endian integer and back (values above 2^48 - 1 are masked).
std::uint64_t sqn_value(const Sqn& sqn);
Sqn sqn_bytes(std::uint64_t value);

// A quintet (TS 33.102 §6.3.2): what the HSS hands to the BSF (or S-CSCF).
struct AuthVector {
  Block rand{};
  Autn autn{};
  Res xres{};
  Block ck{};
  Block ik{};
};

// AUTN = (SQN xor AK) || AMF || MAC-A, with the other outputs of the same run.
AuthVector make_vector(const Milenage& m, const Block& rand, std::uint64_t sqn, const Amf& amf);
// The same with a RAND drawn from `rng` (16 bytes of the caller's seeded stream).
AuthVector make_vector(const Milenage& m, Rng& rng, std::uint64_t sqn, const Amf& amf);

// SQN = SEQ || IND (Annex C.1.1); IND has `ind_bits` bits.
struct SqnLayout {
  unsigned ind_bits = kDefaultIndBits;
  std::uint64_t seq(std::uint64_t sqn) const { return sqn >> ind_bits; }
  std::uint64_t ind(std::uint64_t sqn) const { return sqn & ((std::uint64_t(1) << ind_bits) - 1); }
  std::uint64_t join(std::uint64_t seq, std::uint64_t ind) const {
    return ((seq << ind_bits) | ind) & kSqnMax;
  }
};

// The USIM's sequence-number state (Annex C.2): the array SEQ_MS(0..a-1) indexed by IND, the
// highest accepted SQN (SQN_MS), the jump limit Δ and the optional age limit L.
class UsimSqnState {
 public:
  struct Policy {
    SqnLayout layout{};
    std::uint64_t delta = kDefaultSeqDelta;  // accept only SEQ - SEQ_MS <= Δ (C.2.1)
    std::optional<std::uint64_t> age_limit;  // L: accept only SEQ_MS - SEQ < L (C.2.2)
  };
  UsimSqnState() : UsimSqnState(Policy{}) {}
  explicit UsimSqnState(Policy policy);

  // Why `sqn` would be refused, or nothing if it is fresh (does not change the state).
  std::optional<std::string> check(std::uint64_t sqn) const;
  void accept(std::uint64_t sqn);
  std::uint64_t sqn_ms() const { return sqn_ms_; }  // highest accepted SQN anywhere
  const Policy& policy() const { return policy_; }

 private:
  Policy policy_;
  std::vector<std::uint64_t> seq_ms_;  // SEQ_MS(i), initially 0
  std::uint64_t sqn_ms_ = 0;
};

// Outcome of the USIM's check of (RAND, AUTN) (§6.3.3).
struct AkaSuccess {
  Res res{};
  Block ck{};
  Block ik{};
  std::uint64_t sqn = 0;
};
struct AkaSyncFailure {
  Auts auts{};         // (SQN_MS xor AK*) || MAC-S, MAC-S over AMF* = 0 (§6.3.3, Annex C)
  std::string reason;  // why SQN was not accepted
};
using UsimResult = std::variant<AkaSuccess, AkaSyncFailure>;

// MAC check first, then SQN (§6.3.3). A wrong MAC or a wrong length is an error (the UE
// answers "MAC failure"); an unacceptable SQN is an AkaSyncFailure carrying AUTS. On success
// the SQN is accepted into `state`.
Result<UsimResult> usim_authenticate(const Milenage& m, UsimSqnState& state, ByteView rand,
                                     ByteView autn);

// The HSS's check of AUTS for the RAND it had sent (§6.3.5): recovers SQN_MS with f5* and
// verifies MAC-S with f1* over AMF* = 0. Returns SQN_MS.
Result<std::uint64_t> verify_auts(const Milenage& m, ByteView rand, ByteView auts);

// The HSS's sequence-number generator (Annex C.1.2 / C.3: SEQ_HE increases by one per vector,
// IND cycles through the array so batches from different serving nodes do not collide).
class HeSqnGenerator {
 public:
  explicit HeSqnGenerator(std::uint64_t seq_he = 0, SqnLayout layout = {},
                          std::uint64_t delta = kDefaultSeqDelta)
      : layout_(layout), delta_(delta), seq_he_(seq_he) {}
  std::uint64_t next();
  std::uint64_t seq_he() const { return seq_he_; }
  // After a verified AUTS (§6.3.5): if the next SQN would not be accepted by a USIM whose highest
  // accepted value is `sqn_ms`, SEQ_HE is reset to SEQ of SQN_MS. Returns whether it was reset.
  bool resynchronise(std::uint64_t sqn_ms);

 private:
  SqnLayout layout_;
  std::uint64_t delta_;
  std::uint64_t seq_he_;
  std::uint64_t ind_ = 0;
};

}  // namespace imssim::gba
