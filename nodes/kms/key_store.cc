#include "nodes/kms/key_store.h"

namespace imssim::kms {

const IssuedKey& KeyStore::add(IssuedKey key) {
  Bytes id = key.key_id;
  return keys_.insert_or_assign(std::move(id), std::move(key)).first->second;
}

IssuedKey* KeyStore::find(ByteView key_id) {
  auto it = keys_.find(Bytes(key_id.begin(), key_id.end()));
  return it == keys_.end() ? nullptr : &it->second;
}

}  // namespace imssim::kms
