// Protect/unprotect round trips for every profile, with and without MKI, and the typed
// errors: authentication failure, replay, wrong MKI, malformed packets, bad configuration.
#include <gtest/gtest.h>

#include "common/rng.h"
#include "nodes/proto/srtp/constants.h"
#include "nodes/proto/srtp/rtp.h"
#include "nodes/proto/srtp/session.h"
#include "nodes/proto/srtp/voice.h"

namespace imssim::srtp {
namespace {

struct Keys {
  Bytes key, salt;
};
Keys keys(Profile p, std::uint64_t seed = 1) {
  Rng rng(seed);
  return {rng.bytes(info(p).key_length), rng.bytes(info(p).salt_length)};
}

std::unique_ptr<Session> make(Profile p, Direction d, const Keys& k, Bytes mki = {},
                              std::optional<std::uint32_t> ssrc = std::nullopt,
                              std::uint32_t roc = 0) {
  SessionConfig c{p, d, k.key, k.salt, std::move(mki), ssrc, roc};
  auto s = Session::create(c);
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
  return s.ok() ? std::move(*s) : nullptr;
}

struct Case {
  Profile profile;
  bool mki;
};

class RoundTrip : public ::testing::TestWithParam<Case> {};

TEST_P(RoundTrip, RtpAndRtcpSurviveAndGrowByTheTrailer) {
  auto [profile, use_mki] = GetParam();
  Keys k = keys(profile);
  Bytes mki = use_mki ? Bytes{0, 0, 0, 1} : Bytes{};
  auto out = make(profile, Direction::kOutbound, k, mki);
  auto in = make(profile, Direction::kInbound, k, mki);
  ASSERT_TRUE(out && in);
  Rng rng(2);
  VoiceSource voice(0x11223344, rng);
  for (int i = 0; i < 50; ++i) {
    Bytes plain = voice.next_packet();
    Bytes packet = plain;
    ASSERT_TRUE(out->protect_rtp(packet).ok());
    EXPECT_EQ(packet.size(), plain.size() + out->rtp_overhead());
    if (profile != Profile::kNullHmacSha1_80) {
      EXPECT_NE(Bytes(packet.begin() + 12, packet.begin() + 172),
                Bytes(plain.begin() + 12, plain.end()));
    }
    if (use_mki) {
      // RFC 3711 §3.1: the MKI follows the encrypted payload, before the tag; with AEAD
      // (RFC 7714) the tag is part of the ciphertext, so the MKI comes after it.
      std::size_t at = 172 + (profile == Profile::kAeadAes128Gcm ? kAeadTag16 : 0);
      EXPECT_EQ(Bytes(packet.begin() + std::ptrdiff_t(at), packet.begin() + std::ptrdiff_t(at) + 4),
                mki);
    }
    ASSERT_TRUE(in->unprotect_rtp(packet).ok());
    EXPECT_EQ(packet, plain);
  }
  Bytes rtcp = {0x80, 0xc9, 0x00, 0x01, 0x11, 0x22, 0x33, 0x44};  // empty RR
  Bytes packet = rtcp;
  ASSERT_TRUE(out->protect_rtcp(packet).ok());
  EXPECT_EQ(packet.size(), rtcp.size() + out->rtcp_overhead());
  ASSERT_TRUE(in->unprotect_rtcp(packet).ok());
  EXPECT_EQ(packet, rtcp);
}

INSTANTIATE_TEST_SUITE_P(
    Profiles, RoundTrip,
    ::testing::Values(Case{Profile::kAesCm128HmacSha1_80, false},
                      Case{Profile::kAesCm128HmacSha1_80, true},
                      Case{Profile::kAesCm128HmacSha1_32, false},
                      Case{Profile::kAesCm256HmacSha1_80, true},
                      Case{Profile::kAeadAes128Gcm, false}, Case{Profile::kAeadAes128Gcm, true},
                      Case{Profile::kNullHmacSha1_80, false}));

class Errors : public ::testing::TestWithParam<Profile> {};

TEST_P(Errors, TamperReplayWrongKeyAndShortPackets) {
  Profile p = GetParam();
  Keys k = keys(p);
  auto out = make(p, Direction::kOutbound, k);
  auto in = make(p, Direction::kInbound, k);
  Rng rng(3);
  VoiceSource voice(7, rng);
  Bytes packet = voice.next_packet();
  ASSERT_TRUE(out->protect_rtp(packet).ok());

  Bytes tampered = packet;
  tampered[20] ^= 0x80;
  auto e = in->unprotect_rtp(tampered);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kAuthFailure) << e.error().message;
  EXPECT_NE(e.error().message.find("auth_fail"), std::string::npos);
  Bytes expected_tampered = packet;
  expected_tampered[20] ^= 0x80;
  EXPECT_EQ(tampered, expected_tampered);  // left as it was, even for AEAD

  Bytes first = packet;
  ASSERT_TRUE(in->unprotect_rtp(first).ok());
  Bytes again = packet;
  e = in->unprotect_rtp(again);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kReplay);

  auto wrong = make(p, Direction::kInbound, keys(p, 99));
  Bytes other = packet;
  e = wrong->unprotect_rtp(other);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kAuthFailure);

  Bytes tiny = {0x80, 0x00, 0x00};
  e = in->unprotect_rtp(tiny);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kMalformed);
  EXPECT_NE(e.error().message.find("shorter than"), std::string::npos);
  e = out->protect_rtp(tiny);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kMalformed);
  EXPECT_EQ(tiny.size(), 3u);
}

INSTANTIATE_TEST_SUITE_P(Profiles, Errors,
                         ::testing::Values(Profile::kAesCm128HmacSha1_80,
                                           Profile::kAeadAes128Gcm));

TEST(SrtpSession, OldPacketsLeftOfTheWindowAreReplayOld) {
  Keys k = keys(Profile::kAesCm128HmacSha1_80);
  auto out = make(Profile::kAesCm128HmacSha1_80, Direction::kOutbound, k);
  auto in = make(Profile::kAesCm128HmacSha1_80, Direction::kInbound, k);
  Rng rng(4);
  VoiceSource voice(9, rng);
  Bytes oldest = voice.next_packet();
  ASSERT_TRUE(out->protect_rtp(oldest).ok());
  for (int i = 0; i < 200; ++i) {
    Bytes p = voice.next_packet();
    ASSERT_TRUE(out->protect_rtp(p).ok());
    ASSERT_TRUE(in->unprotect_rtp(p).ok());
  }
  auto e = in->unprotect_rtp(oldest);  // 200 behind, window 128
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kReplayOld);
}

TEST(SrtpSession, MissingOrUnknownMkiIsBadMki) {
  Keys k = keys(Profile::kAesCm128HmacSha1_80);
  auto out = make(Profile::kAesCm128HmacSha1_80, Direction::kOutbound, k, {0xAA, 0xBB});
  auto in = make(Profile::kAesCm128HmacSha1_80, Direction::kInbound, k, {0xAA, 0xBC});
  Rng rng(5);
  VoiceSource voice(10, rng);
  Bytes p = voice.next_packet();
  ASSERT_TRUE(out->protect_rtp(p).ok());
  auto e = in->unprotect_rtp(p);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kBadMki) << e.error().message;
}

TEST(SrtpSession, InitialRocFromMikeyIsUsed) {
  // The receiver must know the sender's ROC (MIKEY SRTP-ID map): with ROC 5 on both sides
  // the packet verifies; a receiver assuming ROC 0 rejects it (the tag covers the ROC).
  Keys k = keys(Profile::kAesCm128HmacSha1_80);
  auto out = make(Profile::kAesCm128HmacSha1_80, Direction::kOutbound, k, {}, 0xdeadbeef, 5);
  auto in = make(Profile::kAesCm128HmacSha1_80, Direction::kInbound, k, {}, 0xdeadbeef, 5);
  auto in0 = make(Profile::kAesCm128HmacSha1_80, Direction::kInbound, k, {}, 0xdeadbeef, 0);
  Rng rng(6);
  VoiceSource voice(0xdeadbeef, rng);
  Bytes p = voice.next_packet();
  ASSERT_TRUE(out->protect_rtp(p).ok());
  Bytes copy = p;
  EXPECT_TRUE(in->unprotect_rtp(p).ok());
  EXPECT_FALSE(in0->unprotect_rtp(copy).ok());
  // A session for one SSRC knows no other.
  VoiceSource stranger(0x01020304, rng);
  Bytes q = stranger.next_packet();
  auto e = out->protect_rtp(q);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind, ErrorKind::kNoStream) << e.error().message;
}

TEST(SrtpSession, ConfigErrorsNameTheLengths) {
  SessionConfig c;
  c.master_key = Bytes(15);
  c.master_salt = Bytes(14);
  auto s = Session::create(c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().kind, ErrorKind::kBadConfig);
  EXPECT_NE(s.error().message.find("master key is 15 bytes, the profile needs 16"),
            std::string::npos);
  c.profile = Profile::kAeadAes128Gcm;
  c.master_key = Bytes(16);
  s = Session::create(c);  // 14-byte salt with GCM (needs 12)
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("master salt is 14 bytes, the profile needs 12"),
            std::string::npos);
  c.master_salt = Bytes(12);
  c.mki = Bytes(129);
  s = Session::create(c);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("MKI"), std::string::npos);
}

TEST(Rtp, BuildAndParse) {
  RtpHeader h{true, 0, 65535, 0xfffffff0, 0xcafebabe, {1, 2}};
  Bytes payload = {1, 2, 3};
  Bytes packet = build_rtp(h, payload);
  ASSERT_EQ(packet.size(), 12u + 8 + 3);
  EXPECT_EQ(packet[0], 0x82);
  EXPECT_EQ(packet[1], 0x80);
  auto parsed = parse_rtp(packet);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->header.sequence, 65535);
  EXPECT_EQ(parsed->header.timestamp, 0xfffffff0u);
  EXPECT_EQ(parsed->header.ssrc, 0xcafebabeu);
  EXPECT_EQ(parsed->header.csrcs, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_TRUE(parsed->header.marker);
  EXPECT_EQ(Bytes(parsed->payload.begin(), parsed->payload.end()), payload);
}

TEST(Rtp, ParseErrorsNameTheField) {
  EXPECT_NE(parse_rtp(Bytes{0x40, 0, 0, 0}).error().message.find("version 1"),
            std::string::npos);
  EXPECT_NE(parse_rtp(Bytes{0x80, 0, 0}).error().message.find("RTP sequence number"),
            std::string::npos);
  Bytes cc = build_rtp({}, {});
  cc[0] = 0x83;  // three CSRCs that are not there
  EXPECT_NE(parse_rtp(cc).error().message.find("CSRC 0"), std::string::npos);
  Bytes ext = build_rtp({}, Bytes{0xbe, 0xde, 0x00, 0x02, 1, 2, 3, 4});
  ext[0] |= 0x10;  // extension of 2 words, only 1 present
  EXPECT_NE(parse_rtp(ext).error().message.find("extension data"), std::string::npos);
  Bytes pad = build_rtp({}, Bytes{1, 2, 9});
  pad[0] |= 0x20;  // padding count 9 > 3 octets
  EXPECT_NE(parse_rtp(pad).error().message.find("padding count 9"), std::string::npos);
  Bytes good_pad = build_rtp({}, Bytes{1, 2, 0, 2});
  good_pad[0] |= 0x20;
  auto ok = parse_rtp(good_pad);
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->payload.size(), 2u);
}

}  // namespace
}  // namespace imssim::srtp
