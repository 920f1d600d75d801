// The MIKEY message the caller puts in the INVITE's SDP (a=key-mgmt:mikey, RFC 4567) in the
// `mikey` variant: a TRANSFER_INIT (RFC 6043 §4.2.2) whose TICKET carries the KMS key-id,
// protected with the MPK the KMS issued with the key. Anyone on the path can read the key-id
// (the IMS core must: LI and the media mailbox work from it); only a receiver that resolved
// the key-id at the KMS holds the MPK and can check the message came from the key's holder.
#pragma once

#include <string>

#include "common/env.h"
#include "nodes/keymgmt/media_key.h"
#include "nodes/proto/mikey/freshness.h"

namespace imssim::keymgmt {

Result<Bytes> build_key_transfer(Environment& env, const MediaKey& key, const std::string& caller,
                                 const std::string& callee,
                                 mikey::NtpEpoch epoch = mikey::default_epoch());

// What a reader without keys learns: the key-id and the named caller.
struct KeyTransferInfo {
  Bytes key_id;
  std::string caller;
};
Result<KeyTransferInfo> read_key_transfer(ByteView wire);

// A receiver that resolved the key-id checks the message with its MPK (MAC, time window).
Result<Ok> verify_key_transfer(ByteView wire, const MediaKey& key, Time now,
                               mikey::NtpEpoch epoch = mikey::default_epoch());

}  // namespace imssim::keymgmt
