// A UE's state for one call (either end): the dialog, the key, the media, and the
// retransmission timers of the messages it is responsible for. Private to the UE.
#pragma once

#include "nodes/ims/ue.h"
#include "nodes/keymgmt/media_key.h"

namespace imssim::ims {

struct Ue::Call {
  explicit Call(Environment& env) : invite_rtx(env), ok_rtx(env), bye_rtx(env) {}

  CallLeg leg;
  bool caller = false;
  bool retrieval = false;  // caller: playing back a stored message (receive-only, no offer)
  Time duration;
  UniqueFunction<void(const CallLeg&)> done;

  // Dialog (RFC 3261 §12).
  std::string local_tag, remote_tag, remote_target, local_uri, remote_uri;
  std::vector<std::string> route_set;
  std::uint32_t cseq = 1;
  std::optional<sip::Message> invite;         // ours (caller) or the one we received (callee)
  std::optional<sip::Message> last_response;  // callee: resent on a retransmitted INVITE
  std::optional<sip::Message> ack, bye;
  Retransmitter invite_rtx, ok_rtx, bye_rtx;

  std::unique_ptr<media::MediaSession> media;
  Endpoint remote_media;
  std::optional<keymgmt::MediaKey> key;
  Bytes key_transfer;     // the MIKEY message in the INVITE (caller: ours; callee: received)
  Bytes answer_key_mgmt;  // callee: the MIKEY message for the 200 OK (empty: none)
  TimerId timer = 0;   // ringing (callee) or hang-up (caller)
  int sip_retransmissions() const {
    return invite_rtx.retransmissions() + ok_rtx.retransmissions() + bye_rtx.retransmissions();
  }
  bool finished = false;
};

}  // namespace imssim::ims
