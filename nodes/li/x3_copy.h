// One X3 media copy: the intercepted UDP payload (an SRTP packet, still encrypted) with the
// session it belongs to and its direction. Layout: correlation (4 bytes, network order),
// direction (1 byte: 0 from the target's media endpoint, 1 towards it), then the payload.
#pragma once

#include <cstdint>

#include "common/bytes.h"
#include "common/result.h"

namespace imssim::li {

enum class CopyDirection : std::uint8_t { kFromWatched = 0, kToWatched = 1 };

struct X3Copy {
  std::uint32_t correlation = 0;
  CopyDirection direction = CopyDirection::kFromWatched;
  ByteView payload;
};

Bytes encode_x3(std::uint32_t correlation, CopyDirection direction, ByteView payload);
// Fails, naming the reason, on a short datagram or an unknown direction.
Result<X3Copy> decode_x3(ByteView datagram);

}  // namespace imssim::li
