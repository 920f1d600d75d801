#include "nodes/keymgmt/media_key.h"

#include <openssl/sha.h>

#include "common/hex.h"
#include "nodes/keymgmt/constants.h"
#include "nodes/proto/mikey/crypto.h"

namespace imssim::keymgmt {

std::string MediaKey::fingerprint() const {
  Bytes all;
  for (const auto* k : {&from_caller, &from_callee}) {
    append(all, k->master_key);
    append(all, k->master_salt);
  }
  std::uint8_t digest[SHA256_DIGEST_LENGTH];
  SHA256(all.data(), all.size(), digest);
  return to_hex(ByteView(digest, 8));
}

Result<MediaKey> make_media_key(ByteView key_id, ByteView tgk) {
  if (key_id.size() < 4)
    return fail("key-id of " + std::to_string(key_id.size()) + " bytes: need at least 4");
  std::uint32_t csb_id = std::uint32_t(key_id[0]) << 24 | std::uint32_t(key_id[1]) << 16 |
                         std::uint32_t(key_id[2]) << 8 | key_id[3];
  MediaKey m;
  m.key_id.assign(key_id.begin(), key_id.end());
  m.tgk.assign(tgk.begin(), tgk.end());
  for (auto [cs_id, out] :
       {std::pair{kCsIdFromCaller, &m.from_caller}, std::pair{kCsIdFromCallee, &m.from_callee}}) {
    auto keys = mikey::derive_traffic_keys(mikey::PrfFunc::kMikey1, tgk, cs_id, csb_id, key_id);
    if (!keys) return fail("SRTP key derivation: " + keys.error().message);
    *out = SrtpKeys{std::move(keys->tek), std::move(keys->salt)};
  }
  return m;
}

Result<MediaKey> media_key_for(ByteView reference, bool sealed_ticket, ByteView tgk, ByteView mpk) {
  if (sealed_ticket && reference.size() <= kKeyIdBytes)
    return fail("a ticket of " + std::to_string(reference.size()) + " bytes holds no key-id");
  auto key = make_media_key(sealed_ticket ? reference.subspan(0, kKeyIdBytes) : reference, tgk);
  if (!key) return key;
  key->mpk.assign(mpk.begin(), mpk.end());
  if (sealed_ticket) key->ticket.assign(reference.begin(), reference.end());
  return key;
}

}  // namespace imssim::keymgmt
