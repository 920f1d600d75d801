#include "nodes/media/media_receiver.h"

namespace imssim::media {

Result<std::unique_ptr<srtp::Session>> srtp_session(srtp::Direction direction,
                                                    const keymgmt::SrtpKeys& keys) {
  srtp::SessionConfig c;
  c.direction = direction;
  c.master_key = keys.master_key;
  c.master_salt = keys.master_salt;
  auto s = srtp::Session::create(c);
  if (!s) return fail("SRTP session: " + s.error().message);
  return std::move(*s);
}

Result<std::unique_ptr<MediaReceiver>> MediaReceiver::create(const keymgmt::SrtpKeys& keys) {
  auto s = srtp_session(srtp::Direction::kInbound, keys);
  if (!s) return Unexpected{s.error()};
  return std::unique_ptr<MediaReceiver>(new MediaReceiver(std::move(*s)));
}

}  // namespace imssim::media
