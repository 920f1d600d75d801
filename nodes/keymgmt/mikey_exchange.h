// A UE's MIKEY-TICKET request and resolve messages to the KMS and the reading of the KMS's
// answers, independent of what carries them (UDP in `mikey`, HTTP over TLS in `mikey-ticket`).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/env.h"
#include "nodes/keymgmt/media_key.h"
#include "nodes/proto/mikey/freshness.h"
#include "nodes/proto/mikey/ticket_messages.h"

namespace imssim::keymgmt {

// Who the UE is to the KMS in MIKEY.
struct MikeyParty {
  std::string kms_uri;  // IDRkms
  std::string impu;     // IDRi / IDRr
  std::string btid;     // IDRpsk: names Ks_NAF at the KMS
  Bytes ks_naf;         // the PSK
  mikey::NtpEpoch epoch = mikey::default_epoch();
};

// An initiating message as built, with what reading its answer needs.
struct PreparedInit {
  bool is_request = true;  // REQUEST_INIT, else RESOLVE_INIT
  Bytes wire;
  mikey::ExchangeBinding binding;  // CSB ID, PRF, keys and the wire the response MAC covers
  Bytes reference;                 // resolve: the ticket data asked about
  mikey::TicketType ticket_type = mikey::TicketType::kImssimKeyId;
};

// REQUEST_INIT for a key for `receivers`, asking for a ticket of `type`.
Result<PreparedInit> prepare_request(Environment& env, const MikeyParty& me, std::uint32_t csb_id,
                                     const std::vector<std::string>& receivers,
                                     mikey::TicketType type);
// RESOLVE_INIT for the key a ticket of `type` names.
Result<PreparedInit> prepare_resolve(Environment& env, const MikeyParty& me, std::uint32_t csb_id,
                                     ByteView reference, mikey::TicketType type);

// The KMS's answer: the key, a refusal (an Error message, signed or not), or nullopt when the
// bytes are no answer to `init` (noise, a forgery): keep waiting.
std::optional<Result<MediaKey>> read_kms_answer(const PreparedInit& init, ByteView wire,
                                                const mikey::Freshness& f);

}  // namespace imssim::keymgmt
