// RTP fixed header (RFC 3550 §5.1): build, and parse with every length checked.
#pragma once

#include <cstdint>
#include <vector>

#include "common/bytes.h"
#include "common/result.h"

namespace imssim::srtp {

struct RtpHeader {
  bool marker = false;
  std::uint8_t payload_type = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::vector<std::uint32_t> csrcs;
};

// Header followed by the payload (no padding, no extension).
Bytes build_rtp(const RtpHeader& header, ByteView payload);

struct RtpPacket {
  RtpHeader header;
  ByteView payload;          // without header, extension and padding
  bool has_extension = false;
  std::size_t padding = 0;   // octets of padding removed (RFC 3550 §5.1 P bit)
};
// Errors name the field and offset: wrong version, CSRC list or extension past the end,
// padding count of zero or larger than the payload.
Result<RtpPacket> parse_rtp(ByteView packet);

}  // namespace imssim::srtp
