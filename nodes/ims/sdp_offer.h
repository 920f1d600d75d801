// What a node needs from an SDP offer or answer in a call: where the media goes (c= and the
// first m= port) and the MIKEY message of a=key-mgmt:mikey (RFC 4567), if any. The callee,
// the LI function and the media mailbox all read INVITEs this way.
#pragma once

#include <string_view>

#include "common/address.h"
#include "common/bytes.h"
#include "common/result.h"

namespace imssim::ims {

struct CallMedia {
  Endpoint media;
  Bytes key_mgmt;  // empty: no a=key-mgmt:mikey
};

// Fails, naming the reason, when the body is no SDP with an audio stream and a c= address.
Result<CallMedia> read_call_media(std::string_view sdp);

}  // namespace imssim::ims
