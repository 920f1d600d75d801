// The KMS's answers to MIKEY-TICKET requests, whatever carries them (UDP in the `mikey`
// variant, HTTP over TLS in `mikey-ticket`): REQUEST_INIT -> REQUEST_RESP with a fresh key and
// the ticket type the request's TP asked for (a key-id, or a sealed ticket), RESOLVE_INIT ->
// RESOLVE_RESP for an authorised receiver, and Error messages (RFC 3830 §5.3: unsigned when the
// request did not verify, signed when it was refused). The decisions are Kms's.
#pragma once

#include <optional>
#include <string>

#include "common/env.h"
#include "nodes/kms/kms.h"
#include "nodes/kms/naf_key_source.h"
#include "nodes/proto/mikey/freshness.h"
#include "nodes/proto/mikey/ticket_messages.h"

namespace imssim::kms {

struct MikeyResponderConfig {
  std::string kms_uri = "sip:kms.ims.example";  // our IDRkms
  mikey::NtpEpoch epoch = mikey::default_epoch();
};

// What a request says before its key is known: the B-TID in IDRpsk names the key to check it
// with; CSB ID and PRF let an unsigned Error answer it.
struct MikeyRequestHead {
  bool is_request = false;  // REQUEST_INIT, else RESOLVE_INIT
  std::string btid;
  std::uint32_t csb_id = 0;
  mikey::PrfFunc prf = mikey::PrfFunc::kMikey1;
};

// A response or an Error message; empty wire = drop silently (a replay).
struct MikeyReply {
  Bytes wire;
  std::string label;    // for the ladder
  std::string refusal;  // why, when the reply is an Error or a drop
};

class MikeyResponder {
 public:
  MikeyResponder(Environment& env, Kms& kms, MikeyResponderConfig config);

  // nullopt: not a request we serve, malformed, or without IDRpsk (nothing to verify with).
  static std::optional<MikeyRequestHead> peek(ByteView wire);
  // The answer to a request whose sender's Ks_NAF is `key`.
  MikeyReply answer(const MikeyRequestHead& head, ByteView wire, const NafKey& key);
  // The answer when no Ks_NAF is known for the request's B-TID.
  MikeyReply no_key(const MikeyRequestHead& head, const std::string& why);

 private:
  MikeyReply answer_request(const MikeyRequestHead& head, ByteView wire, const NafKey& key);
  MikeyReply answer_resolve(const MikeyRequestHead& head, ByteView wire, const NafKey& key);
  MikeyReply rejected(const MikeyRequestHead& head, const mikey::MikeyError& e);
  MikeyReply refused(Refusal r, const mikey::ExchangeBinding& binding);
  MikeyReply error_reply(mikey::ErrorNo e, std::uint32_t csb_id, mikey::PrfFunc prf,
                         const mikey::ExchangeBinding* binding, std::string why);
  std::vector<mikey::KeyData> key_data(const IssuedKey& k) const;
  mikey::Timestamp now_ts() const;
  mikey::Freshness freshness();

  Environment& env_;
  Kms& kms_;
  MikeyResponderConfig config_;
  mikey::ReplayCache replay_;
};

}  // namespace imssim::kms
