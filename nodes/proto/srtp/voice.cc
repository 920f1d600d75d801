#include "nodes/proto/srtp/voice.h"

#include "nodes/proto/srtp/constants.h"

namespace imssim::srtp {

Bytes synthetic_voice_payload(std::uint32_t ssrc, std::uint16_t sequence,
                              std::uint32_t timestamp) {
  std::uint64_t x = std::uint64_t(ssrc) << 32 ^ std::uint64_t(sequence) << 16 ^
                    std::uint64_t(timestamp) * 0x9E3779B97F4A7C15ull;
  Bytes payload(kVoicePayloadLength);
  for (std::size_t i = 0; i < payload.size(); i += 8) {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);  // splitmix64
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    z ^= z >> 31;
    for (std::size_t j = 0; j < 8 && i + j < payload.size(); ++j)
      payload[i + j] = std::uint8_t(z >> (8 * j));
  }
  return payload;
}

VoiceSource::VoiceSource(std::uint32_t ssrc, Rng& rng)
    : ssrc_(ssrc), sequence_(std::uint16_t(rng.next_u32())), timestamp_(rng.next_u32()) {}

Bytes VoiceSource::next_packet() {
  RtpHeader h;
  h.marker = sent_ == 0;
  h.payload_type = kPayloadTypePcmu;
  h.sequence = sequence_;
  h.timestamp = timestamp_;
  h.ssrc = ssrc_;
  Bytes packet = build_rtp(h, synthetic_voice_payload(ssrc_, sequence_, timestamp_));
  ++sequence_;  // wraps modulo 2^16 (RFC 3550 §5.1)
  timestamp_ += kVoiceSamplesPerFrame;
  ++sent_;
  return packet;
}

void StreamChecker::track_sequence(std::uint16_t sequence) {
  if (!started_) {
    started_ = true;
    base_ = max_ = sequence;
    return;
  }
  auto delta = std::uint16_t(sequence - max_);
  if (delta == 0 || delta >= 0x8000) return;  // old or reordered: max stays
  if (sequence < max_) cycles_ += 0x10000;   // wrapped
  max_ = sequence;
}

void StreamChecker::on_packet(ByteView srtp) {
  ++counters_.received;
  buffer_.assign(srtp.begin(), srtp.end());
  auto ok = session_.unprotect_rtp(buffer_);
  if (!ok) {
    switch (ok.error().kind) {
      case ErrorKind::kReplay:
      case ErrorKind::kReplayOld: ++counters_.replayed; break;
      case ErrorKind::kAuthFailure: ++counters_.auth_failed; break;
      case ErrorKind::kMalformed: ++counters_.malformed; break;
      default: ++counters_.other_errors; break;
    }
    return;
  }
  ++counters_.authenticated;
  auto packet = parse_rtp(buffer_);
  if (!packet) {
    ++counters_.malformed;
    return;
  }
  track_sequence(packet->header.sequence);
  const RtpHeader& h = packet->header;
  Bytes expected = synthetic_voice_payload(h.ssrc, h.sequence, h.timestamp);
  if (h.payload_type == kPayloadTypePcmu &&
      std::equal(packet->payload.begin(), packet->payload.end(), expected.begin(),
                 expected.end()))
    ++counters_.verified;
  else
    ++counters_.mismatched;
}

StreamCounters StreamChecker::counters() const {
  StreamCounters c = counters_;
  if (started_) {
    std::uint64_t expected = cycles_ + max_ - base_ + 1;
    c.lost = expected > c.authenticated ? expected - c.authenticated : 0;
  }
  return c;
}

}  // namespace imssim::srtp
