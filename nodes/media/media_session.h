// One UE's end of a call's media: an RTP port, an SRTP sender of the synthetic voice stream
// (20 ms frames) and an SRTP receiver that verifies every decrypted payload. The port opens
// before the SDP is written; keys and the peer's address arrive once key management is done.
#pragma once

#include <memory>

#include "common/env.h"
#include "nodes/keymgmt/media_key.h"
#include "nodes/media/media_receiver.h"

namespace imssim::media {

struct MediaCounters {
  std::uint64_t sent = 0;           // SRTP packets sent
  std::uint64_t bytes_sent = 0;     // their UDP payload bytes
  std::uint64_t received = 0;       // datagrams that arrived at the RTP port
  std::uint64_t authenticated = 0;  // passed SRTP authentication
  std::uint64_t verified = 0;       // and carried the payload the sender generated
};

class MediaSession {
 public:
  // Opens the RTP port (0: any free port).
  static Result<std::unique_ptr<MediaSession>> open(Environment& env, std::uint16_t port = 0);
  ~MediaSession();

  Endpoint local() const { return socket_->local(); }
  // Starts receiving with `receive` keys and sending to `remote` with `send` keys, one frame
  // every 20 ms for `duration`. Packets that arrive before start count as received only.
  Result<Ok> start(Endpoint remote, const keymgmt::SrtpKeys& send, const keymgmt::SrtpKeys& receive,
                   Time duration);
  // Receives only (a stored message played back): nothing is sent.
  Result<Ok> receive_only(const keymgmt::SrtpKeys& receive);
  void stop();
  MediaCounters counters() const;

 private:
  MediaSession(Environment& env, std::unique_ptr<DatagramSocket> socket);
  void send_frame();

  Environment& env_;
  std::unique_ptr<DatagramSocket> socket_;
  std::unique_ptr<srtp::Session> outbound_;
  std::unique_ptr<srtp::VoiceSource> voice_;
  std::unique_ptr<MediaReceiver> receiver_;
  Endpoint remote_;
  Time stop_at_;
  TimerId timer_ = 0;
  std::uint64_t sent_ = 0, bytes_sent_ = 0, received_ = 0;
};

}  // namespace imssim::media
