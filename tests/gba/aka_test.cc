// AKA: vectors, the USIM's AUTN check (MAC, SQN freshness per TS 33.102 Annex C), AUTS and the
// HSS's re-synchronisation.
#include "nodes/proto/gba/aka.h"

#include <gtest/gtest.h>

#include "common/hex.h"

namespace imssim::gba {
namespace {

// Milenage test set 1 (TS 35.208).
Milenage set1() {
  return Milenage::with_op(*from_hex("465b5ce8b199b49faa5f0a2ee238a6bc"),
                           *from_hex("cdc202d5123e20f62b6d676ac72cb318"))
      .value();
}
Block set1_rand() { return *to_array<16>(*from_hex("23553cbe9637a89d218ae64dae47bf35"), "RAND"); }
constexpr std::uint64_t kSet1Sqn = 0xff9bb4d0b607;
constexpr Amf kSet1Amf = {0xb9, 0xb9};
constexpr Amf kAmf = {0x80, 0x00};

AkaSuccess expect_success(const Result<UsimResult>& r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return {};
  const auto* s = std::get_if<AkaSuccess>(&*r);
  EXPECT_NE(s, nullptr) << "expected success, got a sync failure: "
                        << std::get<AkaSyncFailure>(*r).reason;
  return s ? *s : AkaSuccess{};
}

AkaSyncFailure expect_sync_failure(const Result<UsimResult>& r) {
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return {};
  const auto* f = std::get_if<AkaSyncFailure>(&*r);
  EXPECT_NE(f, nullptr) << "expected a synchronisation failure";
  return f ? *f : AkaSyncFailure{};
}

TEST(Sqn, BytesRoundTrip) {
  EXPECT_EQ(to_hex(sqn_bytes(kSet1Sqn)), "ff9bb4d0b607");
  EXPECT_EQ(sqn_value(sqn_bytes(kSet1Sqn)), kSet1Sqn);
  SqnLayout l;
  EXPECT_EQ(l.join(l.seq(kSet1Sqn), l.ind(kSet1Sqn)), kSet1Sqn);
  EXPECT_EQ(l.ind(0x25), 5u);
  EXPECT_EQ(l.seq(0x25), 1u);
}

// AUTN = (SQN xor AK) || AMF || MAC-A with the published set-1 outputs.
TEST(AuthVector, MatchesTestSet1) {
  const auto m = set1();
  const AuthVector v = make_vector(m, set1_rand(), kSet1Sqn, kSet1Amf);
  // SQN ff9bb4d0b607 xor AK aa689c648370 = 55f328b43577.
  EXPECT_EQ(to_hex(v.autn), "55f328b43577b9b94a9ffac354dfafb3");
  EXPECT_EQ(to_hex(v.xres), "a54211d5e3ba50bf");
  EXPECT_EQ(to_hex(v.ck), "b40ba9a3c58b2a05bbf0d987b21bf8cb");
  EXPECT_EQ(to_hex(v.ik), "f769bcd751044604127672711c6d3441");
}

TEST(AuthVector, RandComesFromTheSeededStream) {
  const auto m = set1();
  Rng a(7), b(7), c(8);
  const auto va = make_vector(m, a, 33, kAmf), vb = make_vector(m, b, 33, kAmf);
  const auto vc = make_vector(m, c, 33, kAmf);
  EXPECT_EQ(va.rand, vb.rand);
  EXPECT_EQ(va.autn, vb.autn);
  EXPECT_NE(va.rand, vc.rand);
}

TEST(Usim, AcceptsAFreshVectorAndDerivesTheSameKeys) {
  const auto m = set1();
  UsimSqnState usim;
  HeSqnGenerator he;
  Rng rng(1);
  const AuthVector v = make_vector(m, rng, he.next(), kAmf);
  const AkaSuccess s = expect_success(usim_authenticate(m, usim, v.rand, v.autn));
  EXPECT_EQ(s.res, v.xres);
  EXPECT_EQ(s.ck, v.ck);
  EXPECT_EQ(s.ik, v.ik);
  EXPECT_EQ(usim.sqn_ms(), s.sqn);
}

TEST(Usim, ReplayedVectorGivesSyncFailureAndAutsResynchronises) {
  const auto m = set1();
  UsimSqnState usim;
  HeSqnGenerator he;
  Rng rng(2);
  const AuthVector v1 = make_vector(m, rng, he.next(), kAmf);
  expect_success(usim_authenticate(m, usim, v1.rand, v1.autn));
  // The same challenge again: MAC is right, SQN is not fresh.
  const AkaSyncFailure f = expect_sync_failure(usim_authenticate(m, usim, v1.rand, v1.autn));
  EXPECT_NE(f.reason.find("not above SEQ_MS"), std::string::npos) << f.reason;
  auto sqn_ms = verify_auts(m, v1.rand, f.auts);
  ASSERT_TRUE(sqn_ms.ok()) << sqn_ms.error().message;
  EXPECT_EQ(*sqn_ms, usim.sqn_ms());
}

TEST(Usim, HssThatLostItsSqnIsResynchronisedByAuts) {
  const auto m = set1();
  UsimSqnState usim;
  HeSqnGenerator he_ahead(100);
  Rng rng(3);
  const AuthVector first = make_vector(m, rng, he_ahead.next(), kAmf);
  expect_success(usim_authenticate(m, usim, first.rand, first.autn));
  // A second HSS state that restarted from zero: its vectors are stale for this USIM.
  HeSqnGenerator he(0);
  const AuthVector stale = make_vector(m, rng, he.next(), kAmf);
  const AkaSyncFailure f = expect_sync_failure(usim_authenticate(m, usim, stale.rand, stale.autn));
  auto sqn_ms = verify_auts(m, stale.rand, f.auts);
  ASSERT_TRUE(sqn_ms.ok()) << sqn_ms.error().message;
  EXPECT_TRUE(he.resynchronise(*sqn_ms));
  const AuthVector fresh = make_vector(m, rng, he.next(), kAmf);
  expect_success(usim_authenticate(m, usim, fresh.rand, fresh.autn));
  // An HSS that is already ahead is not reset.
  EXPECT_FALSE(he.resynchronise(usim.sqn_ms()));
}

TEST(Usim, SqnJumpBeyondDeltaIsRejected) {
  const auto m = set1();
  UsimSqnState::Policy policy;
  policy.delta = 1000;
  UsimSqnState usim(policy);
  const SqnLayout l;
  const AuthVector ok = make_vector(m, set1_rand(), l.join(1000, 0), kAmf);
  expect_success(usim_authenticate(m, usim, ok.rand, ok.autn));
  const AuthVector far = make_vector(m, set1_rand(), l.join(2001, 1), kAmf);
  const AkaSyncFailure f = expect_sync_failure(usim_authenticate(m, usim, far.rand, far.autn));
  EXPECT_NE(f.reason.find("more than Δ"), std::string::npos) << f.reason;
  EXPECT_EQ(*verify_auts(m, far.rand, f.auts), l.join(1000, 0));
  const AuthVector near = make_vector(m, set1_rand(), l.join(2000, 1), kAmf);
  expect_success(usim_authenticate(m, usim, near.rand, near.autn));
}

// Annex C.2.2: SEQ_MS is kept per IND, so an older SQN with another, unused IND is still fresh;
// an age limit L can refuse it.
TEST(Usim, OutOfOrderVectorsWithDifferentIndAreAccepted) {
  const auto m = set1();
  const SqnLayout l;
  UsimSqnState usim;
  auto run = [&](UsimSqnState& state, std::uint64_t seq, std::uint64_t ind) {
    const AuthVector v = make_vector(m, set1_rand(), l.join(seq, ind), kAmf);
    return usim_authenticate(m, state, v.rand, v.autn);
  };
  expect_success(run(usim, 50, 3));
  expect_success(run(usim, 40, 4));       // older SEQ, other IND: fresh
  expect_sync_failure(run(usim, 45, 3));  // same IND, not above 50
  UsimSqnState::Policy limited;
  limited.age_limit = 5;
  UsimSqnState strict(limited);
  expect_success(run(strict, 50, 3));
  const AkaSyncFailure f = expect_sync_failure(run(strict, 40, 4));
  EXPECT_NE(f.reason.find("behind SEQ_MS"), std::string::npos) << f.reason;
  expect_success(run(strict, 46, 4));
}

TEST(Usim, TamperedAutnIsAMacFailureAtEveryByte) {
  const auto m = set1();
  const AuthVector v = make_vector(m, set1_rand(), 64, kAmf);
  for (std::size_t i = 0; i < v.autn.size(); ++i) {
    UsimSqnState usim;
    Autn bad = v.autn;
    bad[i] ^= 0x01;
    auto r = usim_authenticate(m, usim, v.rand, bad);
    ASSERT_FALSE(r.ok()) << "byte " << i;
    EXPECT_NE(r.error().message.find("MAC failure"), std::string::npos);
    EXPECT_EQ(usim.sqn_ms(), 0u) << "a failed check must not change the USIM state";
  }
  UsimSqnState usim;
  Block other_rand = v.rand;
  other_rand[0] ^= 0x80;
  EXPECT_FALSE(usim_authenticate(m, usim, other_rand, v.autn).ok());
}

TEST(Usim, WrongLengthsAreErrors) {
  const auto m = set1();
  UsimSqnState usim;
  EXPECT_EQ(usim_authenticate(m, usim, Bytes(15), Bytes(16)).error().message,
            "RAND: 15 byte(s), expected 16");
  EXPECT_EQ(usim_authenticate(m, usim, Bytes(16), Bytes(15)).error().message,
            "AUTN: 15 byte(s), expected 16");
  EXPECT_EQ(verify_auts(m, Bytes(16), Bytes(13)).error().message, "AUTS: 13 byte(s), expected 14");
}

TEST(Hss, TamperedAutsIsRejected) {
  const auto m = set1();
  UsimSqnState usim;
  const AuthVector v = make_vector(m, set1_rand(), 64, kAmf);
  expect_success(usim_authenticate(m, usim, v.rand, v.autn));
  const AkaSyncFailure f = expect_sync_failure(usim_authenticate(m, usim, v.rand, v.autn));
  for (std::size_t i = 0; i < f.auts.size(); ++i) {
    Auts bad = f.auts;
    bad[i] ^= 0x10;
    auto r = verify_auts(m, v.rand, bad);
    ASSERT_FALSE(r.ok()) << "byte " << i;
    EXPECT_NE(r.error().message.find("MAC-S failure"), std::string::npos);
  }
  Block other_rand = v.rand;
  other_rand[15] ^= 1;
  EXPECT_FALSE(verify_auts(m, other_rand, f.auts).ok());
}

TEST(Hss, GeneratorCyclesIndAndIncrementsSeq) {
  HeSqnGenerator he(10);
  const SqnLayout l;
  const std::uint64_t a = he.next(), b = he.next();
  EXPECT_EQ(l.seq(a), 11u);
  EXPECT_EQ(l.seq(b), 12u);
  EXPECT_EQ(l.ind(a), 1u);
  EXPECT_EQ(l.ind(b), 2u);
  for (int i = 0; i < 30; ++i) he.next();
  EXPECT_EQ(l.ind(he.next()), 1u);  // 33 steps: wrapped around the 32 entries
}

}  // namespace
}  // namespace imssim::gba
