// PRF, key derivation, AES-CM, HMAC and freshness against published and self-computed values.
#include "nodes/proto/mikey/crypto.h"

#include <gtest/gtest.h>

#include "nodes/proto/mikey/freshness.h"
#include "tests/mikey/test_util.h"

namespace imssim::mikey {
namespace {

using testing::hex;
using namespace time_literals;

// protocols.md §7.1: computed locally with an independent implementation of RFC 3830 §4.1.2.
TEST(MikeyPrf, TgkDerivationSamples) {
  Bytes tgk = hex("000102030405060708090a0b0c0d0e0f");
  Bytes rand(16, 0xa5);
  auto keys = derive_traffic_keys(PrfFunc::kMikey1, tgk, 1, 0x12345678, rand);
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  EXPECT_EQ(to_hex(keys->tek), "f538427089ee10b81c835108c012bd36");
  EXPECT_EQ(to_hex(keys->salt), "60eabaeea2cfe70380e87a95f17c");
}

TEST(MikeyPrf, PskMessageKeySamplesExerciseTheChunkXor) {
  Bytes psk;
  for (int i = 0x20; i <= 0x3f; ++i) psk.push_back(std::uint8_t(i));
  for (int i = 0; i <= 7; ++i) psk.push_back(std::uint8_t(i));
  ASSERT_EQ(psk.size(), 40u);  // two chunks: 32 + 8 bytes
  auto keys = derive_message_keys(PrfFunc::kMikey1, psk, 0x12345678, Bytes(16, 0xa5));
  ASSERT_TRUE(keys.ok()) << keys.error().message;
  EXPECT_EQ(to_hex(keys->auth_key), "57e2d6a99d86d13590948f0ab35b9e7e9fb15bf2");
  EXPECT_EQ(to_hex(keys->encr_key), "43b454b37ebd8243ef6a499619fc1618");
  EXPECT_EQ(to_hex(keys->salt_key), "008ede75433d6f943793593c1bfd");
}

TEST(MikeyPrf, LabelLayout) {
  EXPECT_EQ(to_hex(prf_label(derive::kTek, 1, 0x12345678, hex("a5a5"))), "2ad01c640112345678a5a5");
  EXPECT_EQ(to_hex(prf_label(derive::kAuthKey, 0xFF, 1, hex("00"))), "2d22ac75ff0000000100");
}

TEST(MikeyPrf, Sha256VariantDiffersAndIsDeterministic) {
  Bytes key(32, 7), label = hex("0102");
  auto a = prf(PrfFunc::kHmacSha256, key, label, 50);
  auto b = prf(PrfFunc::kHmacSha256, key, label, 50);
  auto c = prf(PrfFunc::kMikey1, key, label, 50);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(*a, *b);
  EXPECT_NE(*a, *c);
  // One chunk, first block = HMAC-SHA-256(s, HMAC-SHA-256(s, label) || label).
  Sha256Mac a1, p1;
  ASSERT_TRUE(hmac_sha256(key, {label}, a1));
  ASSERT_TRUE(hmac_sha256(key, {ByteView(a1), label}, p1));
  EXPECT_EQ(to_hex(ByteView(*a).first(32)), to_hex(p1));
  EXPECT_FALSE(prf(PrfFunc::kMikey1, {}, label, 16).ok());
}

// RFC 2202 test case 1 and RFC 4231 test case 1.
TEST(MikeyHmac, PublishedVectors) {
  Bytes key(20, 0x0b);
  Sha1Mac s1;
  ASSERT_TRUE(hmac_sha1(key, {as_bytes("Hi "), as_bytes("There")}, s1));
  EXPECT_EQ(to_hex(s1), "b617318655057264e28bc0b6fb378c8ef146be00");
  Sha256Mac s256;
  ASSERT_TRUE(hmac_sha256(key, {as_bytes("Hi There")}, s256));
  EXPECT_EQ(to_hex(s256), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

// RFC 3711 Appendix B.2: AES-CM keystream for session key 2B7E..., IV F0F1...FD0000.
TEST(MikeyAesCm, Rfc3711KeystreamVector) {
  Bytes key = hex("2b7e151628aed2a6abf7158809cf4f3c");
  std::array<std::uint8_t, 16> iv{};
  Bytes ivb = hex("f0f1f2f3f4f5f6f7f8f9fafbfcfd0000");
  std::copy(ivb.begin(), ivb.end(), iv.begin());
  auto ks = aes_cm_128(key, iv, Bytes(32, 0));
  ASSERT_TRUE(ks.ok());
  EXPECT_EQ(to_hex(*ks), "e03ead0935c95e80e166b16dd92b4eb4d23513162b02d0f72a43a2fe4a5f97ab");
  EXPECT_FALSE(aes_cm_128(Bytes(15, 0), iv, Bytes(4, 0)).ok());
}

TEST(MikeyAesCm, KemacIvLayout) {
  // IV = (S XOR (0x0000 || CSB ID || T)) || 0x0000; with S = 0 the IV shows the layout.
  auto iv = kemac_iv(Bytes(14, 0), 0x01020304, 0x1112131415161718ull);
  EXPECT_EQ(to_hex(iv), "00000102030411121314151617180000");
  auto iv2 = kemac_iv(Bytes(14, 0xFF), 0, 0);
  EXPECT_EQ(to_hex(iv2), "ffffffffffffffffffffffffffff0000");
}

TEST(MikeyFreshness, NtpConversionRoundTrips) {
  NtpEpoch epoch = NtpEpoch::from_unix_seconds(0);  // sim time 0 = 1970-01-01
  EXPECT_EQ(to_ntp64(0_s, epoch), kNtpUnixOffset << 32);
  EXPECT_EQ(to_ntp64(500_ms, epoch), (kNtpUnixOffset << 32) | 0x80000000ull);
  Time t = Time::ns(123'456'789'123);
  Time back = from_ntp64(to_ntp64(t, default_epoch()), default_epoch());
  EXPECT_LE((back - t).ns(), 1);
  EXPECT_GE((back - t).ns(), -1);
  auto ts32 = make_timestamp(TsType::kNtpUtc32, 10_s, default_epoch());
  ASSERT_TRUE(ts32.ok());
  EXPECT_EQ(ts32->value, (to_ntp64(10_s, default_epoch()) >> 32));
  EXPECT_FALSE(make_timestamp(TsType::kCounter, 1_s, default_epoch()).ok());
}

TEST(MikeyFreshness, SkewWindow) {
  Freshness f;
  f.now = 1000_s;
  f.max_skew = 5_s;
  auto ts = [&](Time t) { return *make_timestamp(TsType::kNtpUtc, t, f.epoch); };
  EXPECT_TRUE(check_timestamp(ts(1000_s), f, 19).ok());
  EXPECT_TRUE(check_timestamp(ts(995_s), f, 19).ok());
  auto late = check_timestamp(ts(994_s), f, 19);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().kind, MikeyError::Kind::kStaleTimestamp);
  EXPECT_EQ(late.error().offset, 19u);
  EXPECT_EQ(check_timestamp(ts(1006_s), f, 19).error().kind, MikeyError::Kind::kStaleTimestamp);
  EXPECT_TRUE(check_timestamp(Timestamp{TsType::kCounter, 7}, f, 19).ok());
}

TEST(MikeyFreshness, ReplayCacheRemembersWithinWindowAndIsBounded) {
  ReplayCache cache(2, 10_s);
  Bytes a(20, 1), b(20, 2), c(20, 3);
  EXPECT_TRUE(cache.check_and_remember(a, 0_s).ok());
  auto again = cache.check_and_remember(a, 1_s);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, MikeyError::Kind::kReplay);
  EXPECT_TRUE(cache.check_and_remember(b, 2_s).ok());
  EXPECT_FALSE(cache.check_and_remember(c, 3_s).ok());  // full of live entries
  EXPECT_TRUE(cache.check_and_remember(c, 11_s).ok());  // a expired
  EXPECT_TRUE(cache.check_and_remember(a, 13_s).ok());  // a, b forgotten after the window
  EXPECT_EQ(cache.size(), 2u);
}

}  // namespace
}  // namespace imssim::mikey
