// Protocol constants of the SRTP module, each with the document it comes from.
#pragma once

#include <cstddef>
#include <cstdint>

namespace imssim::srtp {

// --- RTP (RFC 3550 §5.1) ---
inline constexpr std::uint8_t kRtpVersion = 2;
inline constexpr std::size_t kRtpFixedHeaderLength = 12;
inline constexpr std::size_t kRtpMaxCsrcs = 15;  // 4-bit CC field

// --- RTCP (RFC 3550 §6.4) ---
inline constexpr std::size_t kRtcpHeaderLength = 8;  // V/P/RC, PT, length, SSRC of sender

// --- The synthetic voice stream: G.711 at 8 kHz in 20 ms frames ---
// RFC 3551 §4.5.14 / Table 4: PCMU is static payload type 0, clock rate 8000 Hz; a 20 ms frame
// is 160 samples of one octet each.
inline constexpr std::uint8_t kPayloadTypePcmu = 0;
inline constexpr std::uint32_t kVoiceClockRate = 8000;
inline constexpr std::uint32_t kVoiceFrameMs = 20;
inline constexpr std::uint32_t kVoiceSamplesPerFrame = kVoiceClockRate * kVoiceFrameMs / 1000;
inline constexpr std::size_t kVoicePayloadLength = 160;

// --- SRTP (RFC 3711) ---
// §3.2.1 / §8.1: AES-CM master key 128 bits, master salt 112 bits; HMAC-SHA1 tag 80 bits
// (the default; 32 bits for the _32 suites of RFC 4568 §6.2).
inline constexpr std::size_t kAes128KeyLength = 16;
inline constexpr std::size_t kAes256KeyLength = 32;
inline constexpr std::size_t kAesCmSaltLength = 14;
inline constexpr std::size_t kHmacSha1Tag80 = 10;
inline constexpr std::size_t kHmacSha1Tag32 = 4;
// RFC 7714 §8.2 / §12: AEAD_AES_128_GCM: 128-bit key, 96-bit master salt, 16-octet tag.
inline constexpr std::size_t kAeadSaltLength = 12;
inline constexpr std::size_t kAeadTag16 = 16;
// RFC 3711 §3.4: SRTCP trailer = E flag (1 bit) || SRTCP index (31 bits).
inline constexpr std::size_t kSrtcpIndexLength = 4;
// RFC 3711 §3.3.2: the replay list should hold at least 64 indices; libsrtp's default is 128.
inline constexpr std::uint32_t kReplayWindow = 128;
// RFC 3711 §3.1: the MKI field is optional and of a length agreed by key management (MIKEY
// carries it as the SPI of KV type 1: RFC 3830 §6.13). libsrtp's upper limit (SRTP_MAX_MKI_LEN).
inline constexpr std::size_t kMaxMkiLength = 128;

}  // namespace imssim::srtp
