// The MIKEY message the caller puts in the INVITE's SDP (a=key-mgmt:mikey, RFC 4567): a
// TRANSFER_INIT (RFC 6043 §4.2.2) whose TICKET carries the KMS's reference to the key (the
// key-id in `mikey`, the sealed ticket in the ticket variants), protected with the MPK the KMS
// issued with the key. Anyone on the path can read the reference (the IMS core must: LI and
// the media mailbox work from it); only a receiver that resolved it at the KMS holds the MPK
// and can check the message came from the key's holder.
#pragma once

#include <string>

#include "common/env.h"
#include "nodes/keymgmt/constants.h"
#include "nodes/keymgmt/media_key.h"
#include "nodes/proto/mikey/freshness.h"
#include "nodes/proto/mikey/ticket_messages.h"

namespace imssim::keymgmt {

// `want_verify`: ask for a TRANSFER_RESP (mikey-ticket sends one in the 200 OK's SDP).
Result<Bytes> build_key_transfer(Environment& env, const MediaKey& key, const std::string& caller,
                                 const std::string& callee, bool want_verify = false,
                                 mikey::NtpEpoch epoch = mikey::default_epoch());

// What a reader without keys learns: the reference (key-id or sealed ticket) and the caller.
struct KeyTransferInfo {
  Bytes reference;
  bool sealed_ticket = false;
  bool want_verify = false;
  std::string caller;
};
Result<KeyTransferInfo> read_key_transfer(ByteView wire);

// A receiver that resolved the reference checks the message with its MPK (MAC, and a timestamp
// within `max_age` of now); the binding is what a TRANSFER_RESP answers.
Result<mikey::ExchangeBinding> verify_key_transfer(ByteView wire, const MediaKey& key, Time now,
                                                   mikey::NtpEpoch epoch = mikey::default_epoch(),
                                                   Time max_age = kMaxClockSkew);

// mikey-ticket: the callee's TRANSFER_RESP (RFC 6043 §4.2.3) and the caller's check of it
// against its own TRANSFER_INIT.
Result<Bytes> build_transfer_answer(Environment& env, const mikey::ExchangeBinding& transfer,
                                    const std::string& callee,
                                    mikey::NtpEpoch epoch = mikey::default_epoch());
Result<Ok> verify_transfer_answer(ByteView answer, ByteView transfer_init, const MediaKey& key,
                                  Time now, mikey::NtpEpoch epoch = mikey::default_epoch());

}  // namespace imssim::keymgmt
