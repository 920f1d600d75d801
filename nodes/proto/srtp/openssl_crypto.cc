#include "nodes/proto/srtp/openssl_crypto.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <memory>

namespace imssim::srtp {
namespace {

// ---- Known answers (libsrtp runs them before a replacement takes over) ----

// RFC 3711 Appendix B.2: AES-CM keystream for session key 2B7E...4F3C, salt F0F1...FCFD and an
// all-zero packet IV; encrypting zeros yields the keystream.
const std::uint8_t kIcm128Key[SRTP_AES_ICM_128_KEY_LEN_WSALT] = {
    0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f,
    0x3c, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd};
const std::uint8_t kIcm128Keystream[32] = {
    0xe0, 0x3e, 0xad, 0x09, 0x35, 0xc9, 0x5e, 0x80, 0xe1, 0x66, 0xb1, 0x6d, 0xd9, 0x2b, 0x4e, 0xb4,
    0xd2, 0x35, 0x13, 0x16, 0x2b, 0x02, 0xd0, 0xf7, 0x2a, 0x43, 0xa2, 0xfe, 0x4a, 0x5f, 0x97, 0xab};
// RFC 6188 §7.1: the same for AES-256-CM.
const std::uint8_t kIcm256Key[SRTP_AES_ICM_256_KEY_LEN_WSALT] = {
    0x57, 0xf8, 0x2f, 0xe3, 0x61, 0x3f, 0xd1, 0x70, 0xa8, 0x5e, 0xc9, 0x3c, 0x40, 0xb1, 0xf0, 0x92,
    0x2e, 0xc4, 0xcb, 0x0d, 0xc0, 0x25, 0xb5, 0x82, 0x72, 0x14, 0x7c, 0xc4, 0x38, 0x94, 0x4a, 0x98,
    0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xfd};
const std::uint8_t kIcm256Keystream[32] = {
    0x92, 0xbd, 0xd2, 0x8a, 0x93, 0xc3, 0xf5, 0x25, 0x11, 0xc6, 0x77, 0xd0, 0x8b, 0x55, 0x15, 0xa4,
    0x9d, 0xa7, 0x1b, 0x23, 0x78, 0xa8, 0x54, 0xf6, 0x70, 0x50, 0x75, 0x6d, 0xed, 0x16, 0x5b, 0xac};
const std::uint8_t kZeros[32] = {};
std::uint8_t icm_zero_iv[16] = {};  // libsrtp's test-case struct takes a non-const IV

const srtp_cipher_test_case_t kIcm128Test = {
    SRTP_AES_ICM_128_KEY_LEN_WSALT, kIcm128Key, icm_zero_iv, 32, kZeros, 32, kIcm128Keystream,
    0, nullptr, 0, nullptr};
const srtp_cipher_test_case_t kIcm256Test = {
    SRTP_AES_ICM_256_KEY_LEN_WSALT, kIcm256Key, icm_zero_iv, 32, kZeros, 32, kIcm256Keystream,
    0, nullptr, 0, nullptr};

// McGrew & Viega, "The Galois/Counter Mode of Operation", Appendix B test cases 4 (AES-128)
// and 16 (AES-256, the same key twice): 60-byte plaintext, 20-byte AAD, ciphertext || tag.
// libsrtp's key argument is key || 12-byte salt; the cipher ignores the salt.
const std::uint8_t kGcm128Key[SRTP_AES_GCM_128_KEY_LEN_WSALT] = {
    0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30,
    0x83, 0x08, 0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
const std::uint8_t kGcm256Key[SRTP_AES_GCM_256_KEY_LEN_WSALT] = {
    0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30, 0x83,
    0x08, 0xfe, 0xff, 0xe9, 0x92, 0x86, 0x65, 0x73, 0x1c, 0x6d, 0x6a, 0x8f, 0x94, 0x67, 0x30,
    0x83, 0x08, 0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
std::uint8_t gcm_iv[12] = {0xca, 0xfe, 0xba, 0xbe, 0xfa, 0xce, 0xdb, 0xad, 0xde, 0xca, 0xf8, 0x88};
const std::uint8_t kGcmAad[20] = {0xfe, 0xed, 0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xfe, 0xed,
                                  0xfa, 0xce, 0xde, 0xad, 0xbe, 0xef, 0xab, 0xad, 0xda, 0xd2};
const std::uint8_t kGcmPlaintext[60] = {
    0xd9, 0x31, 0x32, 0x25, 0xf8, 0x84, 0x06, 0xe5, 0xa5, 0x59, 0x09, 0xc5, 0xaf, 0xf5, 0x26,
    0x9a, 0x86, 0xa7, 0xa9, 0x53, 0x15, 0x34, 0xf7, 0xda, 0x2e, 0x4c, 0x30, 0x3d, 0x8a, 0x31,
    0x8a, 0x72, 0x1c, 0x3c, 0x0c, 0x95, 0x95, 0x68, 0x09, 0x53, 0x2f, 0xcf, 0x0e, 0x24, 0x49,
    0xa6, 0xb5, 0x25, 0xb1, 0x6a, 0xed, 0xf5, 0xaa, 0x0d, 0xe6, 0x57, 0xba, 0x63, 0x7b, 0x39};
const std::uint8_t kGcm128Sealed[76] = {
    0x42, 0x83, 0x1e, 0xc2, 0x21, 0x77, 0x74, 0x24, 0x4b, 0x72, 0x21, 0xb7, 0x84, 0xd0, 0xd4,
    0x9c, 0xe3, 0xaa, 0x21, 0x2f, 0x2c, 0x02, 0xa4, 0xe0, 0x35, 0xc1, 0x7e, 0x23, 0x29, 0xac,
    0xa1, 0x2e, 0x21, 0xd5, 0x14, 0xb2, 0x54, 0x66, 0x93, 0x1c, 0x7d, 0x8f, 0x6a, 0x5a, 0xac,
    0x84, 0xaa, 0x05, 0x1b, 0xa3, 0x0b, 0x39, 0x6a, 0x0a, 0xac, 0x97, 0x3d, 0x58, 0xe0, 0x91,
    0x5b, 0xc9, 0x4f, 0xbc, 0x32, 0x21, 0xa5, 0xdb, 0x94, 0xfa, 0xe9, 0x5a, 0xe7, 0x12, 0x1a, 0x47};
const std::uint8_t kGcm256Sealed[76] = {
    0x52, 0x2d, 0xc1, 0xf0, 0x99, 0x56, 0x7d, 0x07, 0xf4, 0x7f, 0x37, 0xa3, 0x2a, 0x84, 0x42,
    0x7d, 0x64, 0x3a, 0x8c, 0xdc, 0xbf, 0xe5, 0xc0, 0xc9, 0x75, 0x98, 0xa2, 0xbd, 0x25, 0x55,
    0xd1, 0xaa, 0x8c, 0xb0, 0x8e, 0x48, 0x59, 0x0d, 0xbb, 0x3d, 0xa7, 0xb0, 0x8b, 0x10, 0x56,
    0x82, 0x88, 0x38, 0xc5, 0xf6, 0x1e, 0x63, 0x93, 0xba, 0x7a, 0x0a, 0xbc, 0xc9, 0xf6, 0x62,
    0x76, 0xfc, 0x6e, 0xce, 0x0f, 0x4e, 0x17, 0x68, 0xcd, 0xdf, 0x88, 0x53, 0xbb, 0x2d, 0x55, 0x1b};

const srtp_cipher_test_case_t kGcm128Test = {
    SRTP_AES_GCM_128_KEY_LEN_WSALT, kGcm128Key, gcm_iv, 60, kGcmPlaintext, 76, kGcm128Sealed,
    20, kGcmAad, 16, nullptr};
const srtp_cipher_test_case_t kGcm256Test = {
    SRTP_AES_GCM_256_KEY_LEN_WSALT, kGcm256Key, gcm_iv, 60, kGcmPlaintext, 76, kGcm256Sealed,
    20, kGcmAad, 16, nullptr};

// RFC 2202 §3 test case 1: HMAC-SHA1, key 20 x 0x0b, "Hi There".
const std::uint8_t kHmacKey[20] = {0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
                                   0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b};
const std::uint8_t kHmacData[8] = {'H', 'i', ' ', 'T', 'h', 'e', 'r', 'e'};
const std::uint8_t kHmacTag[20] = {0xb6, 0x17, 0x31, 0x86, 0x55, 0x05, 0x72, 0x64, 0xe2, 0x8b,
                                   0xc0, 0xb6, 0xfb, 0x37, 0x8c, 0x8e, 0xf1, 0x46, 0xbe, 0x00};
const srtp_auth_test_case_t kHmacTest = {20, kHmacKey, 8, kHmacData, 20, kHmacTag, nullptr};

constexpr int kSha1Length = 20;

// OpenSSL algorithms fetched once: an implicit fetch on every key set-up is a lock and a
// lookup. Process-lifetime, like libsrtp's kernel.
struct Algorithms {
  EVP_CIPHER* ctr128 = EVP_CIPHER_fetch(nullptr, "AES-128-CTR", nullptr);
  EVP_CIPHER* ctr256 = EVP_CIPHER_fetch(nullptr, "AES-256-CTR", nullptr);
  EVP_CIPHER* gcm128 = EVP_CIPHER_fetch(nullptr, "AES-128-GCM", nullptr);
  EVP_CIPHER* gcm256 = EVP_CIPHER_fetch(nullptr, "AES-256-GCM", nullptr);
  EVP_MAC* hmac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  bool ok() const { return ctr128 && ctr256 && gcm128 && gcm256 && hmac; }
};
const Algorithms& algorithms() {
  static const Algorithms a;
  return a;
}

extern const srtp_cipher_type_t kIcm128, kIcm256, kGcm128, kGcm256;
extern const srtp_auth_type_t kHmacSha1;

// One libsrtp cipher's OpenSSL context, freed (key schedule cleared) with it.
struct CipherState {
  CipherState() = default;
  CipherState(const CipherState&) = delete;
  CipherState& operator=(const CipherState&) = delete;
  ~CipherState() { EVP_CIPHER_CTX_free(ctx); }
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  const EVP_CIPHER* cipher = nullptr;
};

template <typename State>
srtp_err_status_t new_cipher(srtp_cipher_t** c, const srtp_cipher_type_t& type, int key_len,
                             std::unique_ptr<State> state) {
  if (state->ctx == nullptr) return srtp_err_status_alloc_fail;
  *c = new srtp_cipher_t{&type, state.release(), key_len, int(type.id)};
  return srtp_err_status_ok;
}

// Runs `length` bytes of `buffer` through the context in place (CTR keystream or GCM body).
srtp_err_status_t update_in_place(EVP_CIPHER_CTX* ctx, std::uint8_t* buffer,
                                  unsigned int* length) {
  int out = 0;
  if (*length > unsigned(INT32_MAX) ||
      EVP_CipherUpdate(ctx, buffer, &out, buffer, int(*length)) != 1)
    return srtp_err_status_cipher_fail;
  *length = unsigned(out);
  return srtp_err_status_ok;
}

template <typename State>
srtp_err_status_t dealloc_cipher(srtp_cipher_t* c) {
  delete static_cast<State*>(c->state);
  delete c;
  return srtp_err_status_ok;
}

// ---- AES-ICM (RFC 3711 §4.1.1): AES-CTR from IV = (salt || 0x0000) XOR packet IV ----

struct IcmState : CipherState {
  int key_size = 0;
  std::array<std::uint8_t, 16> offset{};  // the salt, last two octets zero
};

srtp_err_status_t icm_alloc(srtp_cipher_t** c, int key_len, int /*tag_len*/) {
  if (key_len != SRTP_AES_ICM_128_KEY_LEN_WSALT && key_len != SRTP_AES_ICM_256_KEY_LEN_WSALT)
    return srtp_err_status_bad_param;
  const bool wide = key_len == SRTP_AES_ICM_256_KEY_LEN_WSALT;
  auto s = std::make_unique<IcmState>();
  s->cipher = wide ? algorithms().ctr256 : algorithms().ctr128;
  s->key_size = wide ? SRTP_AES_256_KEY_LEN : SRTP_AES_128_KEY_LEN;
  return new_cipher(c, wide ? kIcm256 : kIcm128, key_len, std::move(s));
}

srtp_err_status_t icm_init(void* state, const std::uint8_t* key) {
  auto* s = static_cast<IcmState*>(state);
  s->offset.fill(0);
  std::memcpy(s->offset.data(), key + s->key_size, SRTP_SALT_LEN);
  return EVP_EncryptInit_ex2(s->ctx, s->cipher, key, nullptr, nullptr) == 1
             ? srtp_err_status_ok
             : srtp_err_status_cipher_fail;
}

srtp_err_status_t icm_set_iv(void* state, std::uint8_t* iv, srtp_cipher_direction_t) {
  auto* s = static_cast<IcmState*>(state);
  std::array<std::uint8_t, 16> counter;
  for (std::size_t i = 0; i < counter.size(); ++i) counter[i] = s->offset[i] ^ iv[i];
  return EVP_EncryptInit_ex2(s->ctx, nullptr, nullptr, counter.data(), nullptr) == 1
             ? srtp_err_status_ok
             : srtp_err_status_cipher_fail;
}

// Encryption and decryption are the same XOR with the keystream, in place.
srtp_err_status_t icm_crypt(void* state, std::uint8_t* buffer, unsigned int* length) {
  return update_in_place(static_cast<IcmState*>(state)->ctx, buffer, length);
}

// ---- AES-GCM (RFC 7714): libsrtp builds the 12-byte IV itself and appends the tag ----

struct GcmState : CipherState {
  int tag_len = 0;
  srtp_cipher_direction_t direction = srtp_direction_any;
};

srtp_err_status_t gcm_alloc(srtp_cipher_t** c, int key_len, int tag_len) {
  if (key_len != SRTP_AES_GCM_128_KEY_LEN_WSALT && key_len != SRTP_AES_GCM_256_KEY_LEN_WSALT)
    return srtp_err_status_bad_param;
  if (tag_len != 16 && tag_len != 8) return srtp_err_status_bad_param;  // RFC 7714 §14.2
  const bool wide = key_len == SRTP_AES_GCM_256_KEY_LEN_WSALT;
  auto s = std::make_unique<GcmState>();
  s->cipher = wide ? algorithms().gcm256 : algorithms().gcm128;
  s->tag_len = tag_len;
  return new_cipher(c, wide ? kGcm256 : kGcm128, key_len, std::move(s));
}

srtp_err_status_t gcm_init(void* state, const std::uint8_t* key) {
  auto* s = static_cast<GcmState*>(state);
  s->direction = srtp_direction_any;
  return EVP_CipherInit_ex2(s->ctx, s->cipher, key, nullptr, 1, nullptr) == 1
             ? srtp_err_status_ok
             : srtp_err_status_cipher_fail;
}

srtp_err_status_t gcm_set_iv(void* state, std::uint8_t* iv, srtp_cipher_direction_t direction) {
  auto* s = static_cast<GcmState*>(state);
  if (direction != srtp_direction_encrypt && direction != srtp_direction_decrypt)
    return srtp_err_status_bad_param;
  s->direction = direction;
  int encrypt = direction == srtp_direction_encrypt ? 1 : 0;
  return EVP_CipherInit_ex2(s->ctx, nullptr, nullptr, iv, encrypt, nullptr) == 1
             ? srtp_err_status_ok
             : srtp_err_status_cipher_fail;
}

srtp_err_status_t gcm_set_aad(void* state, const std::uint8_t* aad, std::uint32_t length) {
  auto* s = static_cast<GcmState*>(state);
  int out = 0;
  return length <= unsigned(INT32_MAX) &&
                 EVP_CipherUpdate(s->ctx, nullptr, &out, aad, int(length)) == 1
             ? srtp_err_status_ok
             : srtp_err_status_cipher_fail;
}

srtp_err_status_t gcm_encrypt(void* state, std::uint8_t* buffer, unsigned int* length) {
  auto* s = static_cast<GcmState*>(state);
  if (s->direction != srtp_direction_encrypt) return srtp_err_status_bad_param;
  return update_in_place(s->ctx, buffer, length);
}

// After gcm_encrypt: finishes the message and writes the tag.
srtp_err_status_t gcm_get_tag(void* state, std::uint8_t* tag, std::uint32_t* length) {
  auto* s = static_cast<GcmState*>(state);
  std::uint8_t none[16];
  int out = 0;
  if (EVP_CipherFinal_ex(s->ctx, none, &out) != 1 ||
      EVP_CIPHER_CTX_ctrl(s->ctx, EVP_CTRL_AEAD_GET_TAG, s->tag_len, tag) != 1)
    return srtp_err_status_cipher_fail;
  *length = std::uint32_t(s->tag_len);
  return srtp_err_status_ok;
}

// The buffer holds ciphertext || tag; on success it holds the plaintext and *length shrinks by
// the tag. A tag that does not verify is srtp_err_status_auth_fail, as with libsrtp's own.
srtp_err_status_t gcm_decrypt(void* state, std::uint8_t* buffer, unsigned int* length) {
  auto* s = static_cast<GcmState*>(state);
  if (s->direction != srtp_direction_decrypt || *length < unsigned(s->tag_len) ||
      *length > unsigned(INT32_MAX))
    return srtp_err_status_bad_param;
  int body = int(*length) - s->tag_len, out = 0;
  if (EVP_CIPHER_CTX_ctrl(s->ctx, EVP_CTRL_AEAD_SET_TAG, s->tag_len, buffer + body) != 1 ||
      EVP_CipherUpdate(s->ctx, buffer, &out, buffer, body) != 1)
    return srtp_err_status_cipher_fail;
  std::uint8_t none[16];
  int last = 0;
  if (EVP_CipherFinal_ex(s->ctx, none, &last) != 1) return srtp_err_status_auth_fail;
  *length = unsigned(body);
  return srtp_err_status_ok;
}

// ---- HMAC-SHA1 (RFC 3711 §4.2.1) ----

srtp_err_status_t hmac_alloc(srtp_auth_t** a, int key_len, int out_len) {
  if (out_len < 0 || out_len > kSha1Length || key_len < 0) return srtp_err_status_bad_param;
  EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(algorithms().hmac);
  if (ctx == nullptr) return srtp_err_status_alloc_fail;
  *a = new srtp_auth_t{&kHmacSha1, ctx, out_len, key_len, 0};
  return srtp_err_status_ok;
}

srtp_err_status_t hmac_dealloc(srtp_auth_t* a) {
  EVP_MAC_CTX_free(static_cast<EVP_MAC_CTX*>(a->state));
  delete a;
  return srtp_err_status_ok;
}

srtp_err_status_t hmac_init(void* state, const std::uint8_t* key, int key_len) {
  char sha1[] = "SHA1";
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, sha1, 0),
                         OSSL_PARAM_construct_end()};
  return key_len >= 0 &&
                 EVP_MAC_init(static_cast<EVP_MAC_CTX*>(state), key, std::size_t(key_len),
                              params) == 1
             ? srtp_err_status_ok
             : srtp_err_status_auth_fail;
}

// Restarts with the key already set.
srtp_err_status_t hmac_start(void* state) {
  return EVP_MAC_init(static_cast<EVP_MAC_CTX*>(state), nullptr, 0, nullptr) == 1
             ? srtp_err_status_ok
             : srtp_err_status_auth_fail;
}

srtp_err_status_t hmac_update(void* state, const std::uint8_t* data, int length) {
  return length >= 0 &&
                 EVP_MAC_update(static_cast<EVP_MAC_CTX*>(state), data, std::size_t(length)) == 1
             ? srtp_err_status_ok
             : srtp_err_status_auth_fail;
}

srtp_err_status_t hmac_compute(void* state, const std::uint8_t* data, int length, int tag_len,
                               std::uint8_t* tag) {
  if (tag_len < 0 || tag_len > kSha1Length) return srtp_err_status_bad_param;
  std::uint8_t full[kSha1Length];
  std::size_t out = 0;
  if (hmac_update(state, data, length) != srtp_err_status_ok ||
      EVP_MAC_final(static_cast<EVP_MAC_CTX*>(state), full, &out, sizeof full) != 1 ||
      out != sizeof full)
    return srtp_err_status_auth_fail;
  std::memcpy(tag, full, std::size_t(tag_len));
  return srtp_err_status_ok;
}

// The set_aad and get_tag slots stay empty for ICM, as in libsrtp's own ICM types.
const srtp_cipher_type_t kIcm128 = {
    icm_alloc, dealloc_cipher<IcmState>, icm_init, nullptr, icm_crypt, icm_crypt, icm_set_iv,
    nullptr, "AES-128 counter mode (OpenSSL)", &kIcm128Test, SRTP_AES_ICM_128};
const srtp_cipher_type_t kIcm256 = {
    icm_alloc, dealloc_cipher<IcmState>, icm_init, nullptr, icm_crypt, icm_crypt, icm_set_iv,
    nullptr, "AES-256 counter mode (OpenSSL)", &kIcm256Test, SRTP_AES_ICM_256};
const srtp_cipher_type_t kGcm128 = {
    gcm_alloc, dealloc_cipher<GcmState>, gcm_init, gcm_set_aad, gcm_encrypt, gcm_decrypt,
    gcm_set_iv, gcm_get_tag, "AES-128 GCM (OpenSSL)", &kGcm128Test, SRTP_AES_GCM_128};
const srtp_cipher_type_t kGcm256 = {
    gcm_alloc, dealloc_cipher<GcmState>, gcm_init, gcm_set_aad, gcm_encrypt, gcm_decrypt,
    gcm_set_iv, gcm_get_tag, "AES-256 GCM (OpenSSL)", &kGcm256Test, SRTP_AES_GCM_256};
const srtp_auth_type_t kHmacSha1 = {hmac_alloc,   hmac_dealloc, hmac_init,
                                    hmac_compute, hmac_update,  hmac_start,
                                    "HMAC-SHA1 (OpenSSL)", &kHmacTest, SRTP_HMAC_SHA1};

const srtp_cipher_type_t* const kCipherTypes[] = {&kIcm128, &kIcm256, &kGcm128, &kGcm256};

}  // namespace

srtp_err_status_t install_openssl_crypto() {
  if (!algorithms().ok()) return srtp_err_status_init_fail;
  for (const srtp_cipher_type_t* type : kCipherTypes)
    if (auto status = srtp_replace_cipher_type(type, type->id); status != srtp_err_status_ok)
      return status;
  return srtp_replace_auth_type(&kHmacSha1, kHmacSha1.id);
}

const srtp_cipher_type_t* openssl_cipher_type(srtp_cipher_type_id_t id) {
  for (const srtp_cipher_type_t* type : kCipherTypes)
    if (type->id == id) return type;
  return nullptr;
}

const srtp_auth_type_t& openssl_hmac_sha1() { return kHmacSha1; }

}  // namespace imssim::srtp
