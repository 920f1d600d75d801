#include "nodes/proto/gba/kdf.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <cstring>
#include <optional>

#include "common/hex.h"

namespace imssim::gba {

Result<Bytes> kdf_input(std::uint8_t fc, std::initializer_list<ByteView> params) {
  Bytes s;
  std::size_t total = 1;
  for (ByteView p : params) total += p.size() + 2;
  s.reserve(total);
  ByteWriter w(s);
  w.u8(fc);
  std::size_t index = 0;
  for (ByteView p : params) {
    if (p.size() > kKdfMaxParamBytes)
      return fail("KDF: P" + std::to_string(index) + " is " + std::to_string(p.size()) +
                  " octets, more than the 65535 a 2-octet length L" + std::to_string(index) +
                  " can carry");
    w.bytes(p);
    w.u16(std::uint16_t(p.size()));
    ++index;
  }
  return s;
}

Result<Key256> kdf(ByteView key, std::uint8_t fc, std::initializer_list<ByteView> params) {
  auto s = kdf_input(fc, params);
  if (!s) return Unexpected{s.error()};
  Key256 out{};
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), int(key.size()), s->data(), s->size(), out.data(), &len) ||
      len != out.size())
    return fail("KDF: OpenSSL HMAC-SHA-256 failed");
  return out;
}

Key256 make_ks(const Block& ck, const Block& ik) {
  Key256 ks{};
  std::memcpy(ks.data(), ck.data(), ck.size());
  std::memcpy(ks.data() + ck.size(), ik.data(), ik.size());
  return ks;
}

Bytes naf_id(std::string_view naf_fqdn, const UaProtocolId& ua_protocol) {
  Bytes id = to_bytes(naf_fqdn);
  append(id, ua_protocol);
  return id;
}

Result<Key256> ks_naf(const Key256& ks, const Block& rand, std::string_view impi, ByteView naf_id) {
  return kdf(ks, kFcNafKey, {as_bytes(kGbaMe), rand, as_bytes(impi), naf_id});
}

Result<Key256> ks_int_naf(const Key256& ks, const Block& rand, std::string_view impi,
                          ByteView naf_id) {
  return kdf(ks, kFcNafKey, {as_bytes(kGbaU), rand, as_bytes(impi), naf_id});
}

std::string make_btid(const Block& rand, std::string_view bsf_domain) {
  std::string b = to_base64(rand);
  b.push_back(kBtidSeparator);
  b.append(bsf_domain);
  return b;
}

namespace {

// A DNS name as RFC 1035 §2.3.1 letters-digits-hyphen labels (1-63 chars, not starting or ending
// with a hyphen), dot-separated, at most 253 characters.
std::optional<std::string> dns_name_problem(std::string_view name) {
  if (name.empty()) return "the BSF server name is empty";
  if (name.size() > 253) return "the BSF server name is longer than 253 characters";
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    std::size_t len = dot == std::string_view::npos ? name.size() - start : dot - start;
    std::string_view label = name.substr(start, len);
    if (label.empty() || label.size() > 63)
      return std::string("label ").append(label) + " at position " + std::to_string(start) +
             " of the BSF server name must have 1 to 63 characters";
    for (std::size_t i = 0; i < label.size(); ++i) {
      char c = label[i];
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                (c == '-' && i != 0 && i + 1 != label.size());
      if (!ok)
        return std::string("character '").append(1, c) + "' at position " +
               std::to_string(start + i) + " of the BSF server name is not allowed in a DNS label";
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return std::nullopt;
}

}  // namespace

Result<Btid> parse_btid(std::string_view btid) {
  const std::size_t at = btid.find(kBtidSeparator);
  if (at == std::string_view::npos)
    return fail("B-TID: no '@' between base64(RAND) and the BSF name");
  if (btid.find(kBtidSeparator, at + 1) != std::string_view::npos)
    return fail("B-TID: more than one '@'");
  auto rand = from_base64(btid.substr(0, at));
  if (!rand) return fail("B-TID: RAND part: " + rand.error().message);
  auto rand16 = to_array<kRandBytes>(*rand, "B-TID: RAND part");
  if (!rand16) return Unexpected{rand16.error()};
  std::string_view domain = btid.substr(at + 1);
  if (auto problem = dns_name_problem(domain)) return fail("B-TID: " + *problem);
  return Btid{*rand16, std::string(domain)};
}

}  // namespace imssim::gba
