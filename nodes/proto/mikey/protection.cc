#include "nodes/proto/mikey/protection.h"

#include <string>

#include "nodes/proto/mikey/codec.h"
#include "nodes/proto/mikey/describe.h"

namespace imssim::mikey {
namespace {
using K = MikeyError::Kind;
}  // namespace

Bytes ts_value_bytes(const Timestamp& ts) {
  std::size_t len = ts_value_len(std::uint8_t(ts.type));
  Bytes out(len);
  for (std::size_t i = 0; i < len; ++i) out[i] = std::uint8_t(ts.value >> (8 * (len - 1 - i)));
  return out;
}

MikeyResult<ExchangeBinding> make_binding(DataType request_type, PrfFunc prf, ByteView key,
                                          std::uint32_t csb_id, ByteView rand, ByteView id_a,
                                          ByteView id_b, const Timestamp& t_init) {
  if (key.empty()) return mikey_fail(K::kCrypto, 0, "empty pre-shared key");
  auto keys = derive_message_keys(prf, key, csb_id, rand);
  if (!keys) return Unexpected{keys.error()};
  ExchangeBinding b;
  b.request_type = request_type;
  b.prf = prf;
  b.csb_id = csb_id;
  b.rand.assign(rand.begin(), rand.end());
  b.id_a.assign(id_a.begin(), id_a.end());
  b.id_b.assign(id_b.begin(), id_b.end());
  b.t_init = ts_value_bytes(t_init);
  b.keys = std::move(*keys);
  return b;
}

namespace {

bool compute_mac(ByteView wire, ByteView auth_key, std::initializer_list<ByteView> suffix,
                 Sha1Mac& mac) {
  ByteView covered = wire.first(wire.size() - kHmacSha1Len);
  // At most 4 suffix parts are used (ID_a, ID_b, T_init); keep the call allocation-free.
  ByteView parts[5] = {covered};
  std::size_t n = 1;
  for (ByteView s : suffix)
    if (n < 5) parts[n++] = s;
  switch (n) {
    case 1: return hmac_sha1(auth_key, {parts[0]}, mac);
    case 2: return hmac_sha1(auth_key, {parts[0], parts[1]}, mac);
    case 3: return hmac_sha1(auth_key, {parts[0], parts[1], parts[2]}, mac);
    case 4: return hmac_sha1(auth_key, {parts[0], parts[1], parts[2], parts[3]}, mac);
    default: return hmac_sha1(auth_key, {parts[0], parts[1], parts[2], parts[3], parts[4]}, mac);
  }
}

}  // namespace

MikeyResult<Ok> seal(Bytes& wire, ByteView auth_key, std::initializer_list<ByteView> suffix) {
  if (wire.size() < kHmacSha1Len) return mikey_fail(K::kCrypto, 0, "message too short to seal");
  Sha1Mac mac;
  if (!compute_mac(wire, auth_key, suffix, mac))
    return mikey_fail(K::kCrypto, 0, "HMAC-SHA-1: OpenSSL failed");
  std::copy(mac.begin(), mac.end(), wire.end() - kHmacSha1Len);
  return Ok{};
}

MikeyResult<Ok> verify_seal(ByteView wire, ByteView auth_key,
                            std::initializer_list<ByteView> suffix, const char* what) {
  std::size_t at = wire.size() - kHmacSha1Len;
  Sha1Mac mac;
  if (!compute_mac(wire, auth_key, suffix, mac))
    return mikey_fail(K::kCrypto, at, "HMAC-SHA-1: OpenSSL failed");
  if (!equal_mac(mac, wire.subspan(at)))
    return mikey_fail(K::kBadMac, at,
                      std::string(what) + " MAC at offset " + std::to_string(at) +
                          " does not verify (wrong key or tampered message)");
  return Ok{};
}

MikeyResult<Bytes> kemac_encrypt(EncrAlg alg, const std::vector<KeyData>& keys,
                                 const MessageKeys& mk, std::uint32_t csb_id,
                                 std::uint64_t ts_value) {
  Bytes plain;
  auto ok = encode_key_data(keys, plain);
  if (!ok) return Unexpected{ok.error()};
  switch (alg) {
    case EncrAlg::kNull: return plain;
    case EncrAlg::kAesCm128: return aes_cm_128(mk.encr_key, kemac_iv(mk.salt_key, csb_id, ts_value), plain);
    default: break;
  }
  return mikey_fail(K::kUnsupported, 0, "KEMAC encryption " + encr_alg_name(std::uint8_t(alg)) +
                                            " is not supported");
}

MikeyResult<std::vector<KeyData>> kemac_decrypt(const KemacPayload& kemac, const MessageKeys& mk,
                                                std::uint32_t csb_id, std::uint64_t ts_value,
                                                std::size_t kemac_offset) {
  std::size_t data_at = kemac_offset + 4;
  switch (EncrAlg(kemac.encr_alg)) {
    case EncrAlg::kNull: return decode_key_data(kemac.encr_data, data_at);
    case EncrAlg::kAesCm128: {
      auto plain = aes_cm_128(mk.encr_key, kemac_iv(mk.salt_key, csb_id, ts_value), kemac.encr_data);
      if (!plain) return Unexpected{plain.error()};
      auto keys = decode_key_data(*plain, data_at);
      if (!keys) {
        MikeyError e = keys.error();
        e.message = "KEMAC at offset " + std::to_string(kemac_offset) +
                    ": decrypted key data is malformed (wrong key?): " + e.message;
        return Unexpected{e};
      }
      return keys;
    }
    default: break;
  }
  return mikey_fail(K::kUnsupported, kemac_offset,
                    "KEMAC at offset " + std::to_string(kemac_offset) + ": encryption " +
                        encr_alg_name(kemac.encr_alg) + " is not supported");
}

MikeyResult<Ok> check_fresh(const Timestamp& ts, std::size_t t_offset, ByteView id,
                            const Freshness& f) {
  auto ok = check_timestamp(ts, f, t_offset);
  if (!ok) return ok;
  if (f.replay) {
    ok = f.replay->check_and_remember(id, f.now);
    if (!ok) {
      MikeyError e = ok.error();
      e.offset = t_offset;
      return Unexpected{e};
    }
  }
  return Ok{};
}

}  // namespace imssim::mikey
