// The synthetic voice stream end to end through SRTP, with loss, replay and tampering on the
// way, and the receiver's counters.
#include <gtest/gtest.h>

#include "common/rng.h"
#include "nodes/proto/srtp/constants.h"
#include "nodes/proto/srtp/voice.h"

namespace imssim::srtp {
namespace {

std::unique_ptr<Session> make(Direction d, Profile p = Profile::kAesCm128HmacSha1_80) {
  Rng rng(1);
  SessionConfig c;
  c.profile = p;
  c.direction = d;
  c.master_key = rng.bytes(info(p).key_length);
  c.master_salt = rng.bytes(info(p).salt_length);
  c.mki = {0, 0, 0, 1};
  return Session::create(c).value();
}

TEST(Voice, FramesAre20MsOf160Bytes) {
  Rng rng(2);
  VoiceSource source(0xabcdef01, rng);
  Bytes a = source.next_packet(), b = source.next_packet();
  auto pa = parse_rtp(a).value();
  auto pb = parse_rtp(b).value();
  EXPECT_EQ(a.size(), 12u + 160);
  EXPECT_EQ(pa.header.payload_type, kPayloadTypePcmu);
  EXPECT_TRUE(pa.header.marker);
  EXPECT_FALSE(pb.header.marker);
  EXPECT_EQ(std::uint16_t(pa.header.sequence + 1), pb.header.sequence);
  EXPECT_EQ(pb.header.timestamp - pa.header.timestamp, 160u);
  EXPECT_EQ(Bytes(pa.payload.begin(), pa.payload.end()),
            synthetic_voice_payload(0xabcdef01, pa.header.sequence, pa.header.timestamp));
  EXPECT_NE(synthetic_voice_payload(1, 2, 3), synthetic_voice_payload(1, 3, 3));
  EXPECT_NE(synthetic_voice_payload(1, 2, 3), synthetic_voice_payload(2, 2, 3));
  // Same seed, same stream.
  Rng rng2(2);
  VoiceSource again(0xabcdef01, rng2);
  EXPECT_EQ(again.next_packet(), a);
}

TEST(Voice, CheckerCountsReceivedAuthenticatedVerifiedLostReplayed) {
  auto out = make(Direction::kOutbound);
  auto in = make(Direction::kInbound);
  StreamChecker checker(*in);
  Rng rng(3);
  VoiceSource source(0x5555, rng);
  std::vector<Bytes> sent;
  for (int i = 0; i < 1000; ++i) {  // 20 s of speech, crossing no wrap necessarily
    Bytes p = source.next_packet();
    ASSERT_TRUE(out->protect_rtp(p).ok());
    sent.push_back(p);
  }
  int delivered = 0;
  for (int i = 0; i < 1000; ++i) {
    if (i % 10 == 3) continue;  // 100 lost
    checker.on_packet(sent[std::size_t(i)]);
    ++delivered;
    if (i % 100 == 50) checker.on_packet(sent[std::size_t(i)]);  // 10 replays
  }
  Bytes tampered = sent[993];  // one that was lost: not yet seen, so not a replay
  tampered[30] ^= 1;
  checker.on_packet(tampered);  // 1 auth failure
  checker.on_packet(Bytes{1, 2, 3});  // 1 malformed
  StreamCounters c = checker.counters();
  EXPECT_EQ(c.received, std::uint64_t(delivered + 10 + 2));
  EXPECT_EQ(c.authenticated, 900u);
  EXPECT_EQ(c.verified, 900u);
  EXPECT_EQ(c.mismatched, 0u);
  EXPECT_EQ(c.replayed, 10u);
  EXPECT_EQ(c.auth_failed, 1u);
  EXPECT_EQ(c.malformed, 1u);
  EXPECT_EQ(c.lost, 100u);
}

TEST(Voice, SequenceWrapIsNotLoss) {
  auto out = make(Direction::kOutbound, Profile::kAeadAes128Gcm);
  auto in = make(Direction::kInbound, Profile::kAeadAes128Gcm);
  StreamChecker checker(*in);
  // Find a seed whose initial sequence number is close to the wrap.
  std::uint64_t seed = 0;
  for (;; ++seed) {
    Rng probe(seed);
    if (std::uint16_t(probe.next_u32()) > 65536 - 100) break;
  }
  Rng rng(seed);
  VoiceSource source(0x7777, rng);
  for (int i = 0; i < 300; ++i) {
    Bytes p = source.next_packet();
    ASSERT_TRUE(out->protect_rtp(p).ok());
    checker.on_packet(p);
  }
  StreamCounters c = checker.counters();
  EXPECT_EQ(c.verified, 300u);
  EXPECT_EQ(c.lost, 0u);
}

TEST(Voice, AuthenticWrongContentIsMismatched) {
  auto out = make(Direction::kOutbound);
  auto in = make(Direction::kInbound);
  StreamChecker checker(*in);
  RtpHeader h{false, kPayloadTypePcmu, 10, 1600, 0x42, {}};
  Bytes p = build_rtp(h, Bytes(160, 0xff));  // not the synthetic payload
  ASSERT_TRUE(out->protect_rtp(p).ok());
  checker.on_packet(p);
  EXPECT_EQ(checker.counters().authenticated, 1u);
  EXPECT_EQ(checker.counters().mismatched, 1u);
  EXPECT_EQ(checker.counters().verified, 0u);
}

}  // namespace
}  // namespace imssim::srtp
