#include "nodes/proto/gba/digest_aka.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "common/hex.h"
#include "nodes/proto/gba/constants.h"

namespace imssim::gba {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return lower(x) == lower(y); });
}

// Incremental MD5 so the pieces of A1/A2 need not be concatenated into a temporary buffer.
class Md5 {
 public:
  Md5() : ctx_(EVP_MD_CTX_new()) {
    if (!ctx_ || EVP_DigestInit_ex(ctx_, EVP_md5(), nullptr) != 1) std::abort();
  }
  ~Md5() { EVP_MD_CTX_free(ctx_); }
  Md5(const Md5&) = delete;
  Md5& operator=(const Md5&) = delete;
  Md5& add(ByteView b) {
    if (EVP_DigestUpdate(ctx_, b.data(), b.size()) != 1) std::abort();
    return *this;
  }
  Md5& add(std::string_view s) { return add(as_bytes(s)); }
  std::string hex() {
    unsigned char out[16];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(ctx_, out, &len) != 1 || len != 16) std::abort();
    return to_hex(ByteView(out, 16));
  }

 private:
  EVP_MD_CTX* ctx_;
};

Result<Ok> check_algorithm(const DigestCredentials& c) {
  if (c.algorithm.empty() || iequals(c.algorithm, kAlgorithmMd5) ||
      iequals(c.algorithm, kAlgorithmAkaV1Md5))
    return Ok{};
  return fail("Digest: algorithm \"" + c.algorithm +
              "\" is not supported (only MD5 and AKAv1-MD5)");
}

// KD(H(A1), nonce ":" nc ":" cnonce ":" qop ":" H(A2)), or KD(H(A1), nonce ":" H(A2)) without qop.
std::string request_digest(const DigestCredentials& c, std::string_view a2_method,
                           ByteView password, ByteView body) {
  const std::string ha1 = Md5().add(c.username).add(":").add(c.realm).add(":").add(password).hex();
  Md5 a2;
  a2.add(a2_method).add(":").add(c.uri);
  if (c.qop && *c.qop == kQopAuthInt) a2.add(":").add(Md5().add(body).hex());
  const std::string ha2 = a2.hex();
  Md5 kd;
  kd.add(ha1).add(":").add(c.nonce).add(":");
  if (c.qop)
    kd.add(c.nc.value_or("")).add(":").add(c.cnonce.value_or("")).add(":").add(*c.qop).add(":");
  return kd.add(ha2).hex();
}

}  // namespace

std::string md5_hex(ByteView data) { return Md5().add(data).hex(); }

Result<std::string> digest_response(const DigestCredentials& c, std::string_view method,
                                    ByteView password, ByteView body) {
  if (auto ok = check_algorithm(c); !ok) return Unexpected{ok.error()};
  return request_digest(c, method, password, body);
}

Result<Ok> verify_digest_response(const DigestCredentials& c, std::string_view method,
                                  ByteView password, ByteView body) {
  auto expected = digest_response(c, method, password, body);
  if (!expected) return Unexpected{expected.error()};
  if (c.response.size() != expected->size() ||
      CRYPTO_memcmp(c.response.data(), expected->data(), expected->size()) != 0)
    return fail("Digest: response of user \"" + c.username + "\" does not match (wrong " +
                (c.auts ? "AUTS-request digest" : "RES") + " or altered " +
                (c.qop && *c.qop == kQopAuthInt ? "request or body" : "request") + ")");
  return Ok{};
}

Result<std::string> digest_rspauth(const DigestCredentials& c, ByteView password, ByteView body) {
  if (auto ok = check_algorithm(c); !ok) return Unexpected{ok.error()};
  return request_digest(c, "", password, body);
}

std::string make_aka_nonce(const Block& rand, const Autn& autn, ByteView server_data) {
  Bytes raw;
  raw.reserve(rand.size() + autn.size() + server_data.size());
  append(raw, rand);
  append(raw, autn);
  append(raw, server_data);
  return to_base64(raw);
}

Result<AkaNonce> parse_aka_nonce(std::string_view nonce) {
  auto raw = from_base64(nonce);
  if (!raw) return fail("AKA nonce: " + raw.error().message);
  if (raw->size() < kRandBytes + kAutnBytes)
    return fail("AKA nonce: decodes to " + std::to_string(raw->size()) +
                " octets, RAND || AUTN needs at least " + std::to_string(kRandBytes + kAutnBytes));
  AkaNonce n;
  std::memcpy(n.rand.data(), raw->data(), kRandBytes);
  std::memcpy(n.autn.data(), raw->data() + kRandBytes, kAutnBytes);
  n.server_data.assign(raw->begin() + kRandBytes + kAutnBytes, raw->end());
  return n;
}

}  // namespace imssim::gba
