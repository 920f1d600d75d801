// The KMS's tickets in the ticket variants (tls-ticket, mikey-ticket): a Kerberos-style
// container only the KMS can open, naming and carrying the key for its receivers.
//
//   ticket = key-id (16) || nonce (12) || AES-128-GCM(ticket key, nonce, aad = key-id,
//            TGK || MPK || expiry (8, ms) || initiator || receivers) || tag (16)
//   (strings as 2-byte length + bytes; receivers preceded by their 2-byte count)
//
// The key-id stays readable so the IMS core can name the key to LI and the mailbox, as in the
// `mikey` variant. The KMS still decides a resolve from its durable key store (revocation,
// LI, restarts); the sealed contents let it check the ticket is one it issued, unaltered.
// The format is ours: the 3GPP base ticket of TS 33.328 was not readable (protocols.md Gaps 2).
#pragma once

#include <string>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"
#include "common/time.h"
#include "nodes/kms/key_store.h"

namespace imssim::kms {

inline constexpr std::size_t kTicketKeyBytes = 16;    // AES-128
inline constexpr std::size_t kTicketNonceBytes = 12;  // GCM's 96-bit IV (NIST SP 800-38D §8.2)
inline constexpr std::size_t kTicketTagBytes = 16;

struct TicketContents {
  Bytes key_id, tgk, mpk;
  Time expires;
  std::string initiator;
  std::vector<std::string> receivers;
};

// `nonce` must never repeat under one key (the KMS draws it from its random stream).
Result<Bytes> seal_ticket(ByteView ticket_key, ByteView nonce, const IssuedKey& key);
// Errors: too short, bad tag (not ours or altered), bad inner layout.
Result<TicketContents> open_ticket(ByteView ticket_key, ByteView ticket);

}  // namespace imssim::kms
