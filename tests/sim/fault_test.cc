// Faults a scenario timeline injects: link down/up, loss bursts, node down/up.
#include <gtest/gtest.h>

#include <vector>

#include "sim/simulation.h"
#include "tests/sim/net_fixture.h"

namespace imssim::sim {
namespace {

using namespace time_literals;
using testing::ip;
using testing::TwoZones;

const Endpoint kServer9000{ip("10.2.0.1"), 9000};

// The UE sends a datagram every 10 ms for `duration`; returns the send times that arrived.
struct Probe {
  Probe(TwoZones& n, Time duration) : net(n) {
    rx = net.server.env().open_udp(9000).value();
    rx->on_receive(
        [this](const Endpoint&, ByteView p) { arrived.push_back(Time::ms(p[0] << 8 | p[1])); });
    tx = net.ue.env().open_udp(0).value();
    for (Time t; t < duration; t += 10_ms)
      net.ue.env().start_timer(t, [this, t] {
        Bytes b{std::uint8_t(t.ns() / 1'000'000 >> 8), std::uint8_t(t.ns() / 1'000'000)};
        tx->send_to(kServer9000, b);
      });
  }
  bool arrived_at(Time sent) const {
    return std::find(arrived.begin(), arrived.end(), sent) != arrived.end();
  }
  TwoZones& net;
  std::unique_ptr<DatagramSocket> rx, tx;
  std::vector<Time> arrived;
};

TEST(Faults, LinkDownDropsWhatEntersItUntilLinkUp) {
  TwoZones net(1, {.delay = 10_ms}, {.delay = 1_ms});
  Probe probe(net, 1_s);
  // (Faults 5 ms before a send: at equal times, the earlier-scheduled send would go first.)
  net.sim.scheduler().schedule_at(295_ms, [&] { net.sim.network().link_down(net.access); });
  net.sim.scheduler().schedule_at(595_ms, [&] { net.sim.network().link_up(net.access); });
  net.sim.run_until_idle();
  EXPECT_EQ(probe.arrived.size(), 70u);   // the 30 sent in [300, 600) ms are lost
  EXPECT_TRUE(probe.arrived_at(290_ms));  // on the link before it went down
  EXPECT_FALSE(probe.arrived_at(300_ms));
  EXPECT_FALSE(probe.arrived_at(590_ms));
  EXPECT_TRUE(probe.arrived_at(600_ms));
  EXPECT_EQ(net.access.up_counters().dropped, 30u);
  EXPECT_EQ(net.access.up_counters().packets, 100u);
}

TEST(Faults, AHostsOwnLinkCanGoDown) {
  TwoZones net(1, {.delay = 10_ms}, {.delay = 1_ms});
  Probe probe(net, 200_ms);
  net.ue.set_link_down(true);
  net.sim.scheduler().schedule_at(95_ms, [&] { net.ue.set_link_down(false); });
  net.sim.run_until_idle();
  EXPECT_EQ(probe.arrived.size(), 10u);
  EXPECT_FALSE(net.ue2.link_down());
}

TEST(Faults, LossBurstLosesEverythingForItsDurationOnly) {
  TwoZones net(1, {.delay = 10_ms}, {.delay = 1_ms});
  Probe probe(net, 3_s);
  net.sim.scheduler().schedule_at(995_ms,
                                  [&] { net.sim.network().loss_burst(net.access, 1.0, 1_s); });
  net.sim.run_until_idle();
  EXPECT_EQ(probe.arrived.size(), 200u);
  EXPECT_TRUE(probe.arrived_at(990_ms));
  EXPECT_FALSE(probe.arrived_at(1_s));
  EXPECT_FALSE(probe.arrived_at(1990_ms));
  EXPECT_TRUE(probe.arrived_at(2_s));
}

TEST(Faults, DownNodeDropsPacketsAndItsTimersDie) {
  TwoZones net(1, {.delay = 10_ms}, {.delay = 1_ms});
  Probe probe(net, 2_s);
  Environment& server = net.server.env();
  std::vector<std::string> fired;
  server.start_timer(700_ms, [&] { fired.push_back("before-down"); });
  TimerId while_down = 1;
  net.sim.scheduler().schedule_at(500_ms, [&] { net.sim.network().node_down(net.server); });
  net.sim.scheduler().schedule_at(800_ms, [&] {
    while_down = server.start_timer(10_ms, [&] { fired.push_back("while-down"); });
  });
  net.sim.scheduler().schedule_at(1_s, [&] {
    net.sim.network().node_up(net.server);
    server.start_timer(10_ms, [&] { fired.push_back("after-up"); });
  });
  net.sim.run_until_idle();
  EXPECT_EQ(fired, (std::vector<std::string>{"after-up"}));  // the 700 ms timer never fired
  EXPECT_EQ(while_down, 0u);
  // Datagrams arriving in [500, 1000) ms are dropped: those sent from 490 ms to 980 ms.
  EXPECT_TRUE(probe.arrived_at(480_ms));
  EXPECT_FALSE(probe.arrived_at(490_ms));
  EXPECT_FALSE(probe.arrived_at(980_ms));
  EXPECT_TRUE(probe.arrived_at(990_ms));  // arrives at 1001 ms: up again, same socket
  EXPECT_EQ(probe.arrived.size(), 150u);
  EXPECT_EQ(net.server.counters().dropped_while_down, 50u);
  EXPECT_EQ(net.sim.network().counters_json()["dropped"]["host_down"], 50);
}

TEST(Faults, ADownNodeSendsNothing) {
  TwoZones net(1, {.delay = 10_ms}, {.delay = 1_ms});
  auto rx = net.ue.env().open_udp(9000).value();
  int got = 0;
  rx->on_receive([&](const Endpoint&, ByteView) { ++got; });
  auto tx = net.server.env().open_udp(0).value();
  net.sim.network().node_down(net.server);
  tx->send_to({ip("10.1.0.1"), 9000}, Bytes(10));
  net.sim.network().node_up(net.server);
  tx->send_to({ip("10.1.0.1"), 9000}, Bytes(10));
  net.sim.run_until_idle();
  EXPECT_EQ(got, 1);
  EXPECT_EQ(net.core.up_counters().packets, 1u);
}

}  // namespace
}  // namespace imssim::sim
