// A call's media key as a UE holds it after key management, whatever the variant: the key-id
// (or ticket) that names it, the TGK, and the SRTP master keys of both directions derived
// from it. fingerprint() identifies the keys in results without revealing them.
#pragma once

#include <string>

#include "common/bytes.h"
#include "common/result.h"

namespace imssim::keymgmt {

struct SrtpKeys {
  Bytes master_key;   // TEK, 16 bytes
  Bytes master_salt;  // 14 bytes
};

struct MediaKey {
  Bytes key_id;
  Bytes tgk;
  Bytes mpk;  // the MIKEY protection key of the INVITE's TRANSFER_INIT (empty if none)
  SrtpKeys from_caller, from_callee;
  // SHA-256 over both directions' keys and salts, first 8 bytes in hex: equal on both ends
  // iff they derived the same keys.
  std::string fingerprint() const;
};

// Derives both directions' SRTP keys from the TGK (RFC 3830 §4.1.3, see constants.h).
Result<MediaKey> make_media_key(ByteView key_id, ByteView tgk);

}  // namespace imssim::keymgmt
