// The OpenSSL cipher and HMAC types that replace libsrtp's NSS ones: libsrtp's own self-test,
// RFC 3711 B.2 keystream blocks at a non-zero packet IV, a forged GCM tag, a truncated HMAC
// (RFC 2202 test case 2) and the restart that every packet's tag relies on.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <string>

#include "common/hex.h"
#include "nodes/proto/srtp/openssl_crypto.h"
#include "nodes/proto/srtp/session.h"

namespace imssim::srtp {
namespace {

Bytes hex(const std::string& s) { return from_hex(s).value(); }

struct Cipher {
  explicit Cipher(srtp_cipher_type_id_t id, int key_len, int tag_len = 0) {
    const srtp_cipher_type_t* type = openssl_cipher_type(id);
    EXPECT_NE(type, nullptr);
    if (type) {
      EXPECT_EQ(type->alloc(&c, key_len, tag_len), srtp_err_status_ok);
    }
  }
  ~Cipher() {
    if (c) c->type->dealloc(c);
  }
  srtp_cipher_t* c = nullptr;
};

TEST(OpensslCrypto, PassesLibsrtpSelfTests) {
  ASSERT_TRUE(ensure_initialized().ok());  // installs them, after libsrtp's checks
  for (auto id : {SRTP_AES_ICM_128, SRTP_AES_ICM_256, SRTP_AES_GCM_128, SRTP_AES_GCM_256}) {
    ASSERT_NE(openssl_cipher_type(id), nullptr) << id;
    EXPECT_EQ(srtp_cipher_type_self_test(openssl_cipher_type(id)), srtp_err_status_ok) << id;
  }
  EXPECT_EQ(openssl_cipher_type(SRTP_NULL_CIPHER), nullptr);
  EXPECT_EQ(srtp_auth_type_self_test(&openssl_hmac_sha1()), srtp_err_status_ok);
}

TEST(OpensslCrypto, IcmKeystreamAtTheRfc3711CounterWrap) {
  std::ifstream in(std::string(IMSSIM_VECTORS_DIR) + "/srtp_rfc3711_vectors.json");
  ASSERT_TRUE(in.good());
  auto b2 = nlohmann::json::parse(in)["B2_aes_cm_keystream"];
  Bytes key = hex(b2["session_key"]);
  append(key, hex(b2["session_salt_14_octets"]));
  Cipher icm(SRTP_AES_ICM_128, int(key.size()));
  ASSERT_NE(icm.c, nullptr);
  ASSERT_EQ(srtp_cipher_init(icm.c, key.data()), srtp_err_status_ok);
  // The packet IV XORed onto the salt: blocks 3-5 of the vector start at counter ...FEFF.
  Bytes iv(16, 0);
  iv[14] = 0xfe, iv[15] = 0xff;
  ASSERT_EQ(srtp_cipher_set_iv(icm.c, iv.data(), srtp_direction_encrypt), srtp_err_status_ok);
  Bytes stream(48, 0);
  std::uint32_t length = 48;
  ASSERT_EQ(srtp_cipher_encrypt(icm.c, stream.data(), &length), srtp_err_status_ok);
  ASSERT_EQ(length, 48u);
  Bytes expected;
  for (int block = 3; block < 6; ++block) append(expected, hex(b2["blocks"][block]["keystream"]));
  EXPECT_EQ(stream, expected);
  EXPECT_EQ(icm.c->type->alloc(nullptr, 31, 0), srtp_err_status_bad_param);  // no such key
}

TEST(OpensslCrypto, GcmRefusesAForgedTagAndBadLengths) {
  Bytes key(SRTP_AES_GCM_128_KEY_LEN_WSALT, 0x42), iv(12, 7), aad{1, 2, 3, 4};
  Cipher gcm(SRTP_AES_GCM_128, int(key.size()), 16);
  ASSERT_NE(gcm.c, nullptr);
  ASSERT_EQ(srtp_cipher_init(gcm.c, key.data()), srtp_err_status_ok);
  Bytes sealed(20 + 16, 0x55);
  std::uint32_t length = 20, tag_length = 0;
  ASSERT_EQ(srtp_cipher_set_iv(gcm.c, iv.data(), srtp_direction_encrypt), srtp_err_status_ok);
  ASSERT_EQ(srtp_cipher_set_aad(gcm.c, aad.data(), 4), srtp_err_status_ok);
  ASSERT_EQ(srtp_cipher_encrypt(gcm.c, sealed.data(), &length), srtp_err_status_ok);
  ASSERT_EQ(srtp_cipher_get_tag(gcm.c, sealed.data() + 20, &tag_length), srtp_err_status_ok);
  EXPECT_EQ(tag_length, 16u);

  auto open = [&](Bytes bytes) {
    std::uint32_t n = std::uint32_t(bytes.size());
    EXPECT_EQ(srtp_cipher_set_iv(gcm.c, iv.data(), srtp_direction_decrypt), srtp_err_status_ok);
    EXPECT_EQ(srtp_cipher_set_aad(gcm.c, aad.data(), 4), srtp_err_status_ok);
    auto status = srtp_cipher_decrypt(gcm.c, bytes.data(), &n);
    return std::pair{status, Bytes(bytes.begin(), bytes.begin() + std::ptrdiff_t(n))};
  };
  auto [ok, plain] = open(sealed);
  EXPECT_EQ(ok, srtp_err_status_ok);
  EXPECT_EQ(plain, Bytes(20, 0x55));
  Bytes forged = sealed;
  forged.back() ^= 1;
  EXPECT_EQ(open(forged).first, srtp_err_status_auth_fail);
  EXPECT_EQ(open(Bytes(15, 0)).first, srtp_err_status_bad_param);  // shorter than the tag

  srtp_cipher_t* other = nullptr;
  EXPECT_EQ(gcm.c->type->alloc(&other, int(key.size()), 12), srtp_err_status_bad_param);
  EXPECT_EQ(gcm.c->type->alloc(&other, 30, 16), srtp_err_status_bad_param);
}

TEST(OpensslCrypto, HmacTruncatesAndRestartsWithTheSameKey) {
  // RFC 2202 §3 test case 2, tag cut to the 80 bits SRTP sends (RFC 3711 §4.2.1).
  const std::string key = "Jefe", data = "what do ya want for nothing?";
  Bytes full = hex("effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
  const srtp_auth_type_t& type = openssl_hmac_sha1();
  srtp_auth_t* a = nullptr;
  ASSERT_EQ(type.alloc(&a, int(key.size()), 10), srtp_err_status_ok);
  ASSERT_EQ(type.init(a->state, reinterpret_cast<const std::uint8_t*>(key.data()),
                      int(key.size())),
            srtp_err_status_ok);
  for (int round = 0; round < 2; ++round) {  // the second round starts from the keyed state
    Bytes tag(10, 0);
    ASSERT_EQ(type.start(a->state), srtp_err_status_ok);
    ASSERT_EQ(type.update(a->state, reinterpret_cast<const std::uint8_t*>(data.data()), 10),
              srtp_err_status_ok);
    ASSERT_EQ(type.compute(a->state, reinterpret_cast<const std::uint8_t*>(data.data()) + 10,
                           int(data.size()) - 10, 10, tag.data()),
              srtp_err_status_ok);
    EXPECT_EQ(tag, Bytes(full.begin(), full.begin() + 10)) << round;
  }
  EXPECT_EQ(type.compute(a->state, nullptr, 0, 21, nullptr), srtp_err_status_bad_param);
  type.dealloc(a);
  EXPECT_EQ(type.alloc(&a, 20, 21), srtp_err_status_bad_param);
}

}  // namespace
}  // namespace imssim::srtp
