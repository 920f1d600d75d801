// A call's media key as a UE holds it after key management, whatever the variant: the key-id
// (or ticket) that names it, the TGK, and the SRTP master keys of both directions derived
// from it. fingerprint() identifies the keys in results without revealing them.
#pragma once

#include <string>

#include "common/bytes.h"
#include "common/result.h"
#include "nodes/keymgmt/constants.h"

namespace imssim::keymgmt {

struct SrtpKeys {
  Bytes master_key;   // TEK, 16 bytes
  Bytes master_salt;  // 14 bytes
};

struct MediaKey {
  Bytes key_id;
  Bytes tgk;
  Bytes mpk;  // the MIKEY protection key of the INVITE's TRANSFER_INIT (empty if none)
  // The ticket variants: the KMS-sealed ticket a receiver presents (empty in `mikey`, where
  // the key-id itself is what a receiver presents).
  Bytes ticket;
  SrtpKeys from_caller, from_callee;
  // SHA-256 over both directions' keys and salts, first 8 bytes in hex: equal on both ends
  // iff they derived the same keys.
  std::string fingerprint() const;
  // What names the key at the KMS: the ticket, else the key-id.
  const Bytes& reference() const { return ticket.empty() ? key_id : ticket; }
};

// Derives both directions' SRTP keys from the TGK (RFC 3830 §4.1.3, see constants.h).
Result<MediaKey> make_media_key(ByteView key_id, ByteView tgk);

// The key a KMS reference names, with its MPK: a key-id, or a sealed ticket, which starts
// with the key-id it names (nodes/kms/ticket_seal.h).
Result<MediaKey> media_key_for(ByteView reference, bool sealed_ticket, ByteView tgk, ByteView mpk);

}  // namespace imssim::keymgmt
