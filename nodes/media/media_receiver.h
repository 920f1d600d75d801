// The receiving half of a media stream: an SRTP inbound session with the stream's keys and a
// check of every decrypted payload (the synthetic voice is a function of its RTP header, so
// "verified" means the plaintext is exactly what the sender sent). UEs, the LI function and
// mailbox retrieval all receive through one.
#pragma once

#include <memory>

#include "nodes/keymgmt/media_key.h"
#include "nodes/proto/srtp/session.h"
#include "nodes/proto/srtp/voice.h"

namespace imssim::media {

// An SRTP session of `direction` with `keys` (AES-128 CM, HMAC-SHA1-80: srtp/constants.h).
Result<std::unique_ptr<srtp::Session>> srtp_session(srtp::Direction direction,
                                                    const keymgmt::SrtpKeys& keys);

class MediaReceiver {
 public:
  static Result<std::unique_ptr<MediaReceiver>> create(const keymgmt::SrtpKeys& keys);
  void on_packet(ByteView srtp) { checker_.on_packet(srtp); }
  srtp::StreamCounters counters() const { return checker_.counters(); }

 private:
  explicit MediaReceiver(std::unique_ptr<srtp::Session> session)
      : session_(std::move(session)), checker_(*session_) {}

  std::unique_ptr<srtp::Session> session_;
  srtp::StreamChecker checker_;
};

}  // namespace imssim::media
