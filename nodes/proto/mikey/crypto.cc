#include "nodes/proto/mikey/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <string>

namespace imssim::mikey {
namespace {

using K = MikeyError::Kind;

// One HMAC context per thread and digest, fetched once; EVP_MAC_init re-keys it per call.
class HmacContext {
 public:
  explicit HmacContext(const char* digest) {
    mac_ = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac_) ctx_ = EVP_MAC_CTX_new(mac_);
    digest_ = digest;
    params_[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest_.data(), 0);
    params_[1] = OSSL_PARAM_construct_end();
    if (ctx_ && EVP_MAC_CTX_set_params(ctx_, params_) != 1) {
      EVP_MAC_CTX_free(ctx_);
      ctx_ = nullptr;
    }
  }
  ~HmacContext() {
    EVP_MAC_CTX_free(ctx_);
    EVP_MAC_free(mac_);
  }
  HmacContext(const HmacContext&) = delete;
  HmacContext& operator=(const HmacContext&) = delete;

  bool run(ByteView key, std::initializer_list<ByteView> parts, std::uint8_t* out,
           std::size_t out_len) {
    if (!ctx_) return false;
    // A zero-length key is legal for HMAC; OpenSSL wants a non-null pointer for it.
    static const std::uint8_t kEmpty = 0;
    if (EVP_MAC_init(ctx_, key.empty() ? &kEmpty : key.data(), key.size(), nullptr) != 1)
      return false;
    for (ByteView p : parts)
      if (!p.empty() && EVP_MAC_update(ctx_, p.data(), p.size()) != 1) return false;
    std::size_t len = 0;
    return EVP_MAC_final(ctx_, out, &len, out_len) == 1 && len == out_len;
  }

 private:
  EVP_MAC* mac_ = nullptr;
  EVP_MAC_CTX* ctx_ = nullptr;
  std::string digest_;
  OSSL_PARAM params_[2];
};

HmacContext& sha1_context() {
  thread_local HmacContext ctx("SHA1");
  return ctx;
}
HmacContext& sha256_context() {
  thread_local HmacContext ctx("SHA256");
  return ctx;
}

class AesCtrContext {
 public:
  AesCtrContext() {
    cipher_ = EVP_CIPHER_fetch(nullptr, "AES-128-CTR", nullptr);
    ctx_ = EVP_CIPHER_CTX_new();
  }
  ~AesCtrContext() {
    EVP_CIPHER_CTX_free(ctx_);
    EVP_CIPHER_free(cipher_);
  }
  AesCtrContext(const AesCtrContext&) = delete;
  AesCtrContext& operator=(const AesCtrContext&) = delete;

  bool run(ByteView key, const std::uint8_t* iv, ByteView in, std::uint8_t* out) {
    if (!cipher_ || !ctx_) return false;
    if (EVP_EncryptInit_ex2(ctx_, cipher_, key.data(), iv, nullptr) != 1) return false;
    int len = 0;
    if (!in.empty() && EVP_EncryptUpdate(ctx_, out, &len, in.data(), int(in.size())) != 1)
      return false;
    return std::size_t(len) == in.size();
  }

 private:
  EVP_CIPHER* cipher_ = nullptr;
  EVP_CIPHER_CTX* ctx_ = nullptr;
};

// P(s, label, m) XORed into `out` (RFC 3830 §4.1.2), with HMAC output size H.
template <std::size_t H, typename Mac>
bool p_function_xor(Mac mac, ByteView s, ByteView label, std::uint8_t* out, std::size_t out_len) {
  std::array<std::uint8_t, H> a{}, block{};
  // A_1 = HMAC(s, label); block_i = HMAC(s, A_i || label); A_{i+1} = HMAC(s, A_i).
  if (!mac(s, {label}, a)) return false;
  for (std::size_t done = 0; done < out_len; done += H) {
    if (!mac(s, {ByteView(a), label}, block)) return false;
    std::size_t n = std::min(H, out_len - done);
    for (std::size_t i = 0; i < n; ++i) out[done + i] ^= block[i];
    if (done + H < out_len && !mac(s, {ByteView(a)}, a)) return false;
  }
  return true;
}

}  // namespace

bool hmac_sha1(ByteView key, std::initializer_list<ByteView> parts, Sha1Mac& out) {
  return sha1_context().run(key, parts, out.data(), out.size());
}
bool hmac_sha256(ByteView key, std::initializer_list<ByteView> parts, Sha256Mac& out) {
  return sha256_context().run(key, parts, out.data(), out.size());
}

MikeyResult<Bytes> prf(PrfFunc func, ByteView inkey, ByteView label, std::size_t out_len) {
  if (inkey.empty()) return mikey_fail(K::kCrypto, 0, "PRF: empty inkey");
  Bytes out(out_len, 0);
  // The inkey is cut into 256-bit chunks (the last may be shorter); each chunk's P output is
  // XORed into the result.
  for (std::size_t at = 0; at < inkey.size(); at += kPrfChunkLen) {
    ByteView s = inkey.subspan(at, std::min(kPrfChunkLen, inkey.size() - at));
    bool ok = func == PrfFunc::kMikey1
                  ? p_function_xor<20>(hmac_sha1, s, label, out.data(), out_len)
                  : func == PrfFunc::kHmacSha256
                        ? p_function_xor<32>(hmac_sha256, s, label, out.data(), out_len)
                        : false;
    if (!ok)
      return mikey_fail(K::kCrypto, 0,
                        func <= PrfFunc::kHmacSha256 ? "PRF: OpenSSL HMAC failed"
                                                     : "PRF func is not supported");
  }
  return out;
}

Bytes prf_label(std::uint32_t constant, std::uint8_t cs_id, std::uint32_t csb_id, ByteView rand) {
  Bytes label;
  label.reserve(9 + rand.size());
  ByteWriter w(label);
  w.u32(constant);
  w.u8(cs_id);
  w.u32(csb_id);
  w.bytes(rand);
  return label;
}

MikeyResult<TrafficKeys> derive_traffic_keys(PrfFunc func, ByteView tgk, std::uint8_t cs_id,
                                             std::uint32_t csb_id, ByteView rand,
                                             std::size_t tek_len, std::size_t salt_len) {
  auto tek = prf(func, tgk, prf_label(derive::kTek, cs_id, csb_id, rand), tek_len);
  if (!tek) return Unexpected{tek.error()};
  auto salt = prf(func, tgk, prf_label(derive::kSalt, cs_id, csb_id, rand), salt_len);
  if (!salt) return Unexpected{salt.error()};
  return TrafficKeys{std::move(*tek), std::move(*salt)};
}

MikeyResult<MessageKeys> derive_message_keys(PrfFunc func, ByteView psk, std::uint32_t csb_id,
                                             ByteView rand) {
  MessageKeys keys;
  Bytes label = prf_label(derive::kEncrKey, derive::kMessageKeyCsId, csb_id, rand);
  auto encr = prf(func, psk, label, kEncrKeyLen);
  if (!encr) return Unexpected{encr.error()};
  // Only the constant differs between the three labels.
  ByteWriter(label).patch_u16(0, std::uint16_t(derive::kAuthKey >> 16));
  ByteWriter(label).patch_u16(2, std::uint16_t(derive::kAuthKey));
  auto auth = prf(func, psk, label, kAuthKeyLen);
  if (!auth) return Unexpected{auth.error()};
  ByteWriter(label).patch_u16(0, std::uint16_t(derive::kSaltKey >> 16));
  ByteWriter(label).patch_u16(2, std::uint16_t(derive::kSaltKey));
  auto salt = prf(func, psk, label, kSaltKeyLen);
  if (!salt) return Unexpected{salt.error()};
  return MessageKeys{std::move(*encr), std::move(*auth), std::move(*salt)};
}

std::array<std::uint8_t, 16> kemac_iv(ByteView salt_key, std::uint32_t csb_id,
                                      std::uint64_t ts_value) {
  std::array<std::uint8_t, 16> iv{};
  // 0x0000 || CSB ID || T in the first 14 bytes, then XOR with S; bytes 14-15 stay zero.
  for (int i = 0; i < 4; ++i) iv[2 + i] = std::uint8_t(csb_id >> (24 - 8 * i));
  for (int i = 0; i < 8; ++i) iv[6 + i] = std::uint8_t(ts_value >> (56 - 8 * i));
  for (std::size_t i = 0; i < 14 && i < salt_key.size(); ++i) iv[i] ^= salt_key[i];
  return iv;
}

MikeyResult<Bytes> aes_cm_128(ByteView key, const std::array<std::uint8_t, 16>& iv,
                              ByteView data) {
  if (key.size() != kEncrKeyLen)
    return mikey_fail(K::kCrypto, 0,
                      "AES-CM-128 key is " + std::to_string(key.size()) + " bytes, needs 16");
  thread_local AesCtrContext ctx;
  Bytes out(data.size());
  if (!ctx.run(key, iv.data(), data, out.data()))
    return mikey_fail(K::kCrypto, 0, "AES-CM-128: OpenSSL failed");
  return out;
}

bool equal_mac(ByteView a, ByteView b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace imssim::mikey
