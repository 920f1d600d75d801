// A synthetic voice stream (G.711-sized: 20 ms frames, 8 kHz timestamps, 160-byte payloads)
// whose payload is a function of (SSRC, sequence number, timestamp), so the receiver can check
// every decrypted byte; and the receiver-side checker that counts what arrived.
#pragma once

#include <cstdint>

#include "common/bytes.h"
#include "common/rng.h"
#include "nodes/proto/srtp/rtp.h"
#include "nodes/proto/srtp/session.h"

namespace imssim::srtp {

// 160 pseudo-random octets from splitmix64 over (ssrc, sequence, timestamp).
Bytes synthetic_voice_payload(std::uint32_t ssrc, std::uint16_t sequence, std::uint32_t timestamp);

class VoiceSource {
 public:
  // RFC 3550 §5.1: the initial sequence number and timestamp are random; drawn from `rng`.
  VoiceSource(std::uint32_t ssrc, Rng& rng);
  // The plaintext RTP packet of the next frame (marker set on the first: start of talkspurt).
  Bytes next_packet();
  std::uint64_t packets_sent() const { return sent_; }
  std::uint32_t ssrc() const { return ssrc_; }

 private:
  std::uint32_t ssrc_;
  std::uint16_t sequence_;
  std::uint32_t timestamp_;
  std::uint64_t sent_ = 0;
};

struct StreamCounters {
  std::uint64_t received = 0;       // packets handed to the checker
  std::uint64_t authenticated = 0;  // accepted by SRTP (tag valid, not a replay)
  std::uint64_t verified = 0;       // authenticated and the payload is the expected one
  std::uint64_t lost = 0;           // sequence numbers never authenticated (RFC 3550 A.3)
  std::uint64_t replayed = 0;       // rejected as replays (in or left of the window)
  std::uint64_t auth_failed = 0;    // rejected: tag did not verify
  std::uint64_t malformed = 0;      // rejected: too short or not RTP
  std::uint64_t mismatched = 0;     // authenticated but not the expected content
  std::uint64_t other_errors = 0;   // any other SRTP error (unknown MKI, ...)
};

class StreamChecker {
 public:
  explicit StreamChecker(Session& inbound) : session_(inbound) {}
  // One SRTP packet from the network.
  void on_packet(ByteView srtp);
  StreamCounters counters() const;

 private:
  void track_sequence(std::uint16_t sequence);

  Session& session_;
  StreamCounters counters_;
  Bytes buffer_;
  bool started_ = false;
  std::uint16_t base_ = 0;
  std::uint16_t max_ = 0;
  std::uint64_t cycles_ = 0;
};

}  // namespace imssim::srtp
