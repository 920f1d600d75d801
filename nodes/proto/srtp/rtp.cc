#include "nodes/proto/srtp/rtp.h"

#include "nodes/proto/srtp/constants.h"

namespace imssim::srtp {

Bytes build_rtp(const RtpHeader& h, ByteView payload) {
  Bytes out;
  out.reserve(kRtpFixedHeaderLength + 4 * h.csrcs.size() + payload.size());
  ByteWriter w(out);
  std::size_t cc = std::min(h.csrcs.size(), kRtpMaxCsrcs);
  w.u8(std::uint8_t(kRtpVersion << 6 | cc));
  w.u8(std::uint8_t((h.marker ? 0x80 : 0) | (h.payload_type & 0x7f)));
  w.u16(h.sequence);
  w.u32(h.timestamp);
  w.u32(h.ssrc);
  for (std::size_t i = 0; i < cc; ++i) w.u32(h.csrcs[i]);
  w.bytes(payload);
  return out;
}

Result<RtpPacket> parse_rtp(ByteView packet) {
  ByteReader r(packet);
  auto b0 = r.u8("RTP V/P/X/CC");
  if (!b0) return Unexpected{b0.error()};
  if ((*b0 >> 6) != kRtpVersion)
    return fail("RTP at offset 0: version " + std::to_string(*b0 >> 6) + ", expected 2");
  auto b1 = r.u8("RTP M/PT");
  auto seq = r.u16("RTP sequence number");
  auto ts = r.u32("RTP timestamp");
  auto ssrc = r.u32("RTP SSRC");
  if (!b1) return Unexpected{b1.error()};
  if (!seq) return Unexpected{seq.error()};
  if (!ts) return Unexpected{ts.error()};
  if (!ssrc) return Unexpected{ssrc.error()};
  RtpPacket p;
  p.header.marker = (*b1 & 0x80) != 0;
  p.header.payload_type = *b1 & 0x7f;
  p.header.sequence = *seq;
  p.header.timestamp = *ts;
  p.header.ssrc = *ssrc;
  for (int i = 0; i < (*b0 & 0x0f); ++i) {
    auto csrc = r.u32("RTP CSRC " + std::to_string(i));
    if (!csrc) return Unexpected{csrc.error()};
    p.header.csrcs.push_back(*csrc);
  }
  if ((*b0 & 0x10) != 0) {  // RFC 3550 §5.3.1: profile(16) || length in 32-bit words(16)
    p.has_extension = true;
    auto profile = r.u16("RTP extension profile");
    auto words = r.u16("RTP extension length");
    if (!profile) return Unexpected{profile.error()};
    if (!words) return Unexpected{words.error()};
    auto ext = r.bytes(std::size_t(*words) * 4, "RTP extension data");
    if (!ext) return Unexpected{ext.error()};
  }
  ByteView payload = r.rest();
  if ((*b0 & 0x20) != 0) {  // the last octet counts the padding octets, itself included
    std::size_t pad = payload.empty() ? 0 : payload.back();
    if (pad == 0 || pad > payload.size())
      return fail("RTP at offset " + std::to_string(packet.size() - 1) + ": padding count " +
                  std::to_string(pad) + " with " + std::to_string(payload.size()) +
                  " payload octets");
    p.padding = pad;
    payload = payload.first(payload.size() - pad);
  }
  p.payload = payload;
  return p;
}

}  // namespace imssim::srtp
