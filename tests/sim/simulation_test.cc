#include "sim/simulation.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/sim/net_fixture.h"

namespace imssim::sim {
namespace {

using namespace time_literals;
using testing::ip;

TEST(SimulationRng, SameNameSameStreamAcrossSimulations) {
  Simulation a(7), b(7), c(8);
  Rng& a1 = a.rng("kms/mikey-rand");
  EXPECT_EQ(&a1, &a.rng("kms/mikey-rand"));  // one stream object per name
  std::uint64_t x = a1.next_u64();
  EXPECT_EQ(x, b.rng("kms/mikey-rand").next_u64());
  EXPECT_NE(x, c.rng("kms/mikey-rand").next_u64());
  EXPECT_NE(x, b.rng("kms/other").next_u64());
}

TEST(SimulationRng, NewStreamsDoNotShiftOthers) {
  Simulation a(3), b(3);
  a.rng("x").next_u64();
  std::uint64_t a2 = a.rng("y").next_u64();
  b.rng("unrelated").next_u64();  // b draws from an extra stream first
  b.rng("x").next_u64();
  EXPECT_EQ(a2, b.rng("y").next_u64());
}

TEST(SimulationRng, HostStreamsAreNamedByHostAndPurpose) {
  Simulation s(11);
  auto& z = s.network().add_zone("z", {});
  Host& h = s.network().add_host("kms", ip("10.0.0.1"), z);
  Environment& env = h.env();
  EXPECT_EQ(&env.rng("mikey-rand"), &s.rng("kms/mikey-rand"));
  Simulation t(11);
  EXPECT_EQ(Rng::derive(11, "kms/mikey-rand").next_u64(), t.rng("kms/mikey-rand").next_u64());
}

TEST(Simulation, TopologyErrorsNameTheProblem) {
  Simulation s(1);
  auto& z = s.network().add_zone("core", {});
  s.network().add_host("kms", ip("10.0.0.1"), z);
  try {
    s.network().add_host("bsf", ip("10.0.0.1"), z);
    FAIL() << "duplicate address accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("10.0.0.1 is taken by 'kms'"), std::string::npos)
        << e.what();
  }
  EXPECT_THROW(s.network().add_host("kms", ip("10.0.0.2"), z), std::invalid_argument);
  EXPECT_THROW(s.network().add_zone("core", {}), std::invalid_argument);
  try {
    s.network().add_zone("lossy", {.loss = 1.5});
    FAIL() << "loss 1.5 accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_EQ(std::string(e.what()), "zone 'lossy': loss 1.500000 is outside [0, 1]");
  }
  EXPECT_THROW(s.network().add_zone("tiny", {.mtu = 67}), std::invalid_argument);
  EXPECT_THROW(s.network().add_zone("back", {.delay = Time::ms(-1)}), std::invalid_argument);
  EXPECT_THROW(z.set_profile({.bandwidth_bps = -1}), std::invalid_argument);
  EXPECT_EQ(s.network().host("kms")->address(), ip("10.0.0.1"));
  EXPECT_EQ(s.network().host_at(ip("10.0.0.1"))->name(), "kms");
  EXPECT_EQ(s.network().host("nope"), nullptr);
  auto r = s.network().host("kms")->env().resolve("bsf");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("no host named 'bsf'"), std::string::npos);
}

TEST(Simulation, TimersOfAHost) {
  testing::TwoZones net(1);
  Environment& env = net.ue.env();
  std::vector<Time> fired;
  env.start_timer(5_ms, [&] { fired.push_back(env.now()); });
  TimerId t = env.start_timer(6_ms, [&] { fired.push_back(env.now()); });
  env.start_timer(7_ms, [&] { fired.push_back(env.now()); });
  env.cancel_timer(t);
  net.sim.run_until_idle();
  EXPECT_EQ(fired, (std::vector<Time>{5_ms, 7_ms}));
}

// Runs a small lossy exchange and returns a fingerprint of what happened.
std::string fingerprint(std::uint64_t seed) {
  testing::TwoZones net(seed, {.delay = 10_ms, .jitter = 2_ms, .loss = 0.1, .bandwidth_bps = 10e6},
                        {.delay = 1_ms});
  std::string log;
  auto rx = net.server.env().open_udp(9000);
  (*rx)->on_receive([&](const Endpoint& from, ByteView p) {
    log += std::to_string(net.sim.now().ns()) + ":" + from.str() + ":" + std::to_string(p.size()) +
           ";";
  });
  auto tx = net.ue.env().open_udp(0);
  for (int i = 0; i < 200; ++i)
    net.ue.env().start_timer(Time::ms(i), [&, i] {
      (*tx)->send_to({ip("10.2.0.1"), 9000}, Bytes(100 + i));
    });
  net.sim.run_until_idle();
  return log;
}

TEST(Simulation, ManySimulationsOnSeveralThreadsAreIndependentAndDeterministic) {
  std::string reference = fingerprint(5);
  EXPECT_NE(reference, fingerprint(6));
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&results, i] { results[std::size_t(i)] = fingerprint(5); });
  for (auto& t : threads) t.join();
  for (const auto& r : results) EXPECT_EQ(r, reference);
}

}  // namespace
}  // namespace imssim::sim
