// Call media over the simulated network: both directions' SRTP from one MediaKey.
#include "nodes/media/media_session.h"

#include <gtest/gtest.h>

#include "tests/sim/net_fixture.h"

namespace imssim::media {
namespace {

using namespace time_literals;

keymgmt::MediaKey key(std::uint8_t seed) {
  return keymgmt::make_media_key(Bytes(16, seed), Bytes(16, std::uint8_t(seed + 1))).value();
}

struct Call : sim::testing::TwoZones {
  Call() : TwoZones(3, {.delay = 10_ms}) {
    a = MediaSession::open(ue.env()).value();
    b = MediaSession::open(ue2.env()).value();
  }
  std::unique_ptr<MediaSession> a, b;
};

TEST(MediaSession, BothDirectionsAuthenticateAndVerifyEveryPacket) {
  Call call;
  auto k = key(1);
  ASSERT_TRUE(call.a->start(call.b->local(), k.from_caller, k.from_callee, 1_s));
  ASSERT_TRUE(call.b->start(call.a->local(), k.from_callee, k.from_caller, 1_s));
  call.sim.run_until(call.sim.now() + 2_s);
  for (const auto* s : {call.a.get(), call.b.get()}) {
    auto c = s->counters();
    EXPECT_EQ(c.sent, 50u);  // 1 s of 20 ms frames
    EXPECT_EQ(c.received, 50u);
    EXPECT_EQ(c.authenticated, 50u);
    EXPECT_EQ(c.verified, 50u);
  }
}

TEST(MediaSession, AnotherKeyAuthenticatesNothing) {
  Call call;
  auto k = key(1), other = key(9);
  ASSERT_TRUE(call.a->start(call.b->local(), k.from_caller, k.from_callee, 1_s));
  ASSERT_TRUE(call.b->start(call.a->local(), other.from_callee, other.from_caller, 1_s));
  call.sim.run_until(call.sim.now() + 2_s);
  EXPECT_EQ(call.b->counters().received, 50u);
  EXPECT_EQ(call.b->counters().authenticated, 0u);
  EXPECT_EQ(call.a->counters().authenticated, 0u);
}

}  // namespace
}  // namespace imssim::media
