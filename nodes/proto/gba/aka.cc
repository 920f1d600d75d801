#include "nodes/proto/gba/aka.h"

#include <openssl/crypto.h>

#include <algorithm>
#include <cstring>

namespace imssim::gba {

std::uint64_t sqn_value(const Sqn& sqn) {
  std::uint64_t v = 0;
  for (std::uint8_t b : sqn) v = v << 8 | b;
  return v;
}

Sqn sqn_bytes(std::uint64_t value) {
  Sqn s{};
  for (std::size_t i = 0; i < s.size(); ++i) s[s.size() - 1 - i] = std::uint8_t(value >> (8 * i));
  return s;
}

namespace {

Sqn xor_ak(const Sqn& sqn, const Ak& ak) {
  Sqn out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = std::uint8_t(sqn[i] ^ ak[i]);
  return out;
}

Sqn slice_sqn(ByteView b) {
  Sqn s{};
  std::memcpy(s.data(), b.data(), s.size());
  return s;
}

}  // namespace

AuthVector make_vector(const Milenage& m, const Block& rand, std::uint64_t sqn, const Amf& amf) {
  const Sqn sqn_b = sqn_bytes(sqn);
  const MilenageOutput out = m.compute(rand, sqn_b, amf);
  AuthVector v;
  v.rand = rand;
  const Sqn concealed = xor_ak(sqn_b, out.f5);
  std::memcpy(v.autn.data(), concealed.data(), kSqnBytes);
  std::memcpy(v.autn.data() + kSqnBytes, amf.data(), kAmfBytes);
  std::memcpy(v.autn.data() + kSqnBytes + kAmfBytes, out.f1.data(), kMacBytes);
  v.xres = out.f2;
  v.ck = out.f3;
  v.ik = out.f4;
  return v;
}

AuthVector make_vector(const Milenage& m, Rng& rng, std::uint64_t sqn, const Amf& amf) {
  Block rand{};
  rng.fill(rand.data(), rand.size());
  return make_vector(m, rand, sqn, amf);
}

UsimSqnState::UsimSqnState(Policy policy)
    : policy_(policy), seq_ms_(std::size_t(1) << policy.layout.ind_bits, 0) {}

std::optional<std::string> UsimSqnState::check(std::uint64_t sqn) const {
  const SqnLayout& l = policy_.layout;
  const std::uint64_t seq = l.seq(sqn);
  const std::uint64_t highest = l.seq(sqn_ms_);
  // C.2.1: no jumps larger than Δ beyond the highest accepted SEQ.
  if (seq > highest && seq - highest > policy_.delta)
    return "SQN " + std::to_string(sqn) + ": SEQ " + std::to_string(seq) +
           " is more than Δ = " + std::to_string(policy_.delta) + " ahead of SEQ_MS " +
           std::to_string(highest);
  // C.2.2 (optional): not too old compared with the highest accepted SEQ.
  if (policy_.age_limit && highest >= seq && highest - seq >= *policy_.age_limit)
    return "SQN " + std::to_string(sqn) + ": SEQ " + std::to_string(seq) +
           " is at least L = " + std::to_string(*policy_.age_limit) + " behind SEQ_MS " +
           std::to_string(highest);
  // C.2.2: fresh only if SEQ > SEQ_MS(IND).
  const std::uint64_t ind = l.ind(sqn);
  if (seq <= seq_ms_[ind])
    return "SQN " + std::to_string(sqn) + ": SEQ " + std::to_string(seq) + " is not above SEQ_MS(" +
           std::to_string(ind) + ") = " + std::to_string(seq_ms_[ind]) +
           " (replayed or out of order)";
  return std::nullopt;
}

void UsimSqnState::accept(std::uint64_t sqn) {
  const SqnLayout& l = policy_.layout;
  seq_ms_[l.ind(sqn)] = l.seq(sqn);
  if (l.seq(sqn) > l.seq(sqn_ms_)) sqn_ms_ = sqn;
}

Result<UsimResult> usim_authenticate(const Milenage& m, UsimSqnState& state, ByteView rand_bytes,
                                     ByteView autn_bytes) {
  auto rand = to_array<kRandBytes>(rand_bytes, "RAND");
  if (!rand) return Unexpected{rand.error()};
  if (autn_bytes.size() != kAutnBytes)
    return fail("AUTN: " + std::to_string(autn_bytes.size()) + " byte(s), expected " +
                std::to_string(kAutnBytes));
  const Milenage::Keys keys = m.f2345(*rand);
  const Sqn sqn = xor_ak(slice_sqn(autn_bytes.subspan(0, kSqnBytes)), keys.ak);
  Amf amf{};
  std::memcpy(amf.data(), autn_bytes.data() + kSqnBytes, kAmfBytes);
  const Milenage::Macs macs = m.f1(*rand, sqn, amf);
  if (CRYPTO_memcmp(macs.mac_a.data(), autn_bytes.data() + kSqnBytes + kAmfBytes, kMacBytes) != 0)
    return fail("AUTN: MAC failure (XMAC computed from K and RAND differs from the MAC in AUTN)");

  const std::uint64_t sqn_v = sqn_value(sqn);
  if (auto why = state.check(sqn_v)) {
    // AUTS = (SQN_MS xor AK*) || MAC-S, MAC-S = f1*(SQN_MS, RAND, AMF* = 0).
    AkaSyncFailure f;
    f.reason = *why;
    const Sqn sqn_ms = sqn_bytes(state.sqn_ms());
    const Milenage::Macs resync = m.f1(*rand, sqn_ms, kResyncAmf);
    const Sqn concealed = xor_ak(sqn_ms, keys.ak_star);
    std::memcpy(f.auts.data(), concealed.data(), kSqnBytes);
    std::memcpy(f.auts.data() + kSqnBytes, resync.mac_s.data(), kMacBytes);
    return UsimResult{f};
  }
  state.accept(sqn_v);
  return UsimResult{AkaSuccess{keys.res, keys.ck, keys.ik, sqn_v}};
}

Result<std::uint64_t> verify_auts(const Milenage& m, ByteView rand_bytes, ByteView auts) {
  auto rand = to_array<kRandBytes>(rand_bytes, "RAND");
  if (!rand) return Unexpected{rand.error()};
  if (auts.size() != kAutsBytes)
    return fail("AUTS: " + std::to_string(auts.size()) + " byte(s), expected " +
                std::to_string(kAutsBytes));
  const Milenage::Keys keys = m.f2345(*rand);
  const Sqn sqn_ms = xor_ak(slice_sqn(auts.subspan(0, kSqnBytes)), keys.ak_star);
  const Milenage::Macs macs = m.f1(*rand, sqn_ms, kResyncAmf);
  if (CRYPTO_memcmp(macs.mac_s.data(), auts.data() + kSqnBytes, kMacBytes) != 0)
    return fail("AUTS: MAC-S failure (f1* over SQN_MS, RAND and AMF* = 0 does not match)");
  return sqn_value(sqn_ms);
}

std::uint64_t HeSqnGenerator::next() {
  seq_he_ += 1;
  ind_ = (ind_ + 1) % (std::uint64_t(1) << layout_.ind_bits);
  return layout_.join(seq_he_, ind_);
}

bool HeSqnGenerator::resynchronise(std::uint64_t sqn_ms) {
  const std::uint64_t seq_ms = layout_.seq(sqn_ms);
  const std::uint64_t next_seq = seq_he_ + 1;
  // The next SQN is acceptable if it is above SEQ_MS and within Δ of it (Annex C.2.1/C.2.2).
  if (next_seq > seq_ms && next_seq - seq_ms <= delta_) return false;
  seq_he_ = seq_ms;
  return true;
}

}  // namespace imssim::gba
