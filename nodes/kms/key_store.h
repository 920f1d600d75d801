// The KMS's issued keys, by key-id. This is the node's durable state: it survives a restart of
// the KMS process (node_down/node_up), so key-ids issued before still resolve afterwards.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/time.h"

namespace imssim::kms {

struct IssuedKey {
  Bytes key_id;                        // opaque, random; names the key in INVITEs and resolves
  Bytes tgk;                           // the media key (MIKEY TGK) the SRTP keys derive from
  Bytes mpk;                           // protects the INVITE's TRANSFER_INIT (RFC 6043 MPK)
  std::string initiator;               // IMPU that asked for it
  std::vector<std::string> named;      // receivers as the request named them (IMPU or group)
  std::vector<std::string> receivers;  // IMPUs authorised to resolve it, groups expanded
  Time issued, expires;
  int resolutions = 0;  // successful resolves (receivers and LI)
};

class KeyStore {
 public:
  const IssuedKey& add(IssuedKey key);
  // nullptr when the key-id is unknown.
  IssuedKey* find(ByteView key_id);
  std::size_t size() const { return keys_.size(); }

 private:
  std::map<Bytes, IssuedKey> keys_;
};

}  // namespace imssim::kms
