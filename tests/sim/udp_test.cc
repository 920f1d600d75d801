// Datagrams through the network: delay, serialisation and queueing arithmetic, loss, jitter,
// ports, fragmentation.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "sim/simulation.h"
#include "tests/sim/net_fixture.h"

namespace imssim::sim {
namespace {

using namespace time_literals;
using testing::ip;
using testing::TwoZones;

const Endpoint kServer9000{ip("10.2.0.1"), 9000};
const double kHalfNormalMeanPerSd =
    std::sqrt(2 / std::numbers::pi) / std::sqrt(1 - 2 / std::numbers::pi);  // 1.324

struct Arrival {
  Time at;
  Endpoint from;
  std::size_t size;
};

struct Receiver {
  Receiver(Host& h, std::uint16_t port) : socket(h.env().open_udp(port).value()), env(h.env()) {
    socket->on_receive([this](const Endpoint& from, ByteView p) {
      got.push_back({env.now(), from, p.size()});
    });
  }
  std::unique_ptr<DatagramSocket> socket;
  Environment& env;
  std::vector<Arrival> got;
};

TEST(LinkArithmetic, SerialisationTime) {
  EXPECT_EQ(serialisation_time(1000, 8e6), 1_ms);  // 8000 bits at 8 Mbit/s
  EXPECT_EQ(serialisation_time(1500, 100e6), 120_us);
  EXPECT_EQ(serialisation_time(1, 3e9), Time::ns(3));  // 2.67 ns rounds to 3
  EXPECT_EQ(serialisation_time(1000, 0), Time());      // unlimited
}

TEST(LinkArithmetic, JitterDistributions) {
  Rng rng(17);
  for (JitterModel model : {JitterModel::kNormal, JitterModel::kLognormal}) {
    LinkProfile p{.delay = 0_ms, .jitter = 5_ms, .jitter_model = model};
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
      double v = draw_jitter(p, rng).to_ms();
      ASSERT_GE(v, 0);
      sum += v;
      sum2 += v * v;
    }
    double mean = sum / n, sd = std::sqrt(sum2 / n - mean * mean);
    // Both: standard deviation = jitter. Half-normal mean = sd * sqrt(2/pi) / sqrt(1 - 2/pi).
    EXPECT_NEAR(sd, 5, model == JitterModel::kNormal ? 0.03 : 0.15);
    EXPECT_NEAR(mean, model == JitterModel::kNormal ? 5 * kHalfNormalMeanPerSd : 5, 0.05);
  }
  LinkProfile none{.delay = 1_ms};
  Rng a(1), b(1);
  EXPECT_EQ(draw_jitter(none, a), Time());
  EXPECT_EQ(a.next_u64(), b.next_u64());  // no jitter: no draw
}

TEST(Udp, ArrivalIsDelayPlusSerialisationOnBothLinks) {
  // Access: 10 ms, 8 Mbit/s (1 us per byte). Core: 1 ms, 80 Mbit/s (0.1 us per byte).
  TwoZones net(1, {.delay = 10_ms, .bandwidth_bps = 8e6}, {.delay = 1_ms, .bandwidth_bps = 80e6});
  Receiver rx(net.server, 9000);
  auto tx = net.ue.env().open_udp(5000).value();
  tx->send_to(kServer9000, Bytes(972));  // 972 + 8 + 20 = 1000 IP bytes
  net.sim.run_until_idle();
  ASSERT_EQ(rx.got.size(), 1u);
  // 1 ms serialisation + 10 ms on the access link, then 0.1 ms + 1 ms on the core link.
  EXPECT_EQ(rx.got[0].at, 12100_us);
  EXPECT_EQ(rx.got[0].from, (Endpoint{ip("10.1.0.1"), 5000}));
  EXPECT_EQ(rx.got[0].size, 972u);
}

TEST(Udp, BackToBackPacketsQueueBehindEachOther) {
  TwoZones net(1, {.delay = 10_ms, .bandwidth_bps = 8e6}, {.delay = 1_ms, .bandwidth_bps = 80e6});
  Receiver rx(net.server, 9000);
  auto tx = net.ue.env().open_udp(5000).value();
  for (int i = 0; i < 3; ++i) tx->send_to(kServer9000, Bytes(972));
  net.sim.run_until_idle();
  ASSERT_EQ(rx.got.size(), 3u);
  // The uplink serialises them one after the other: they leave it at 1, 2 and 3 ms.
  EXPECT_EQ(rx.got[0].at, 12100_us);
  EXPECT_EQ(rx.got[1].at, 13100_us);
  EXPECT_EQ(rx.got[2].at, 14100_us);
  EXPECT_EQ(net.access.up_counters().packets, 3u);
  EXPECT_EQ(net.access.up_counters().bytes, 3000u);
  EXPECT_EQ(net.core.down_counters().packets, 3u);
  EXPECT_EQ(net.core.up_counters().packets, 0u);
}

TEST(Udp, TwoSendersQueueOnTheReceiversLink) {
  // The core link is the bottleneck (8 Mbit/s); both UEs' packets reach it at 10 ms.
  TwoZones net(1, {.delay = 10_ms}, {.delay = 1_ms, .bandwidth_bps = 8e6});
  Receiver rx(net.server, 9000);
  auto a = net.ue.env().open_udp(0).value();
  auto b = net.ue2.env().open_udp(0).value();
  a->send_to(kServer9000, Bytes(972));
  b->send_to(kServer9000, Bytes(972));
  net.sim.run_until_idle();
  ASSERT_EQ(rx.got.size(), 2u);
  EXPECT_EQ(rx.got[0].at, 12_ms);  // 10 ms + 1 ms serialisation + 1 ms
  EXPECT_EQ(rx.got[1].at, 13_ms);  // waited 1 ms behind the first
  EXPECT_EQ(rx.got[0].from.ip, ip("10.1.0.1"));
}

TEST(Udp, InsideOneZoneAPacketCrossesTheZoneTwice) {
  TwoZones net(1, {.delay = 10_ms}, {.delay = 1_ms});
  Receiver rx(net.ue2, 9000);
  auto tx = net.ue.env().open_udp(0).value();
  tx->send_to({ip("10.1.0.2"), 9000}, Bytes(10));
  net.sim.run_until_idle();
  ASSERT_EQ(rx.got.size(), 1u);
  EXPECT_EQ(rx.got[0].at, 20_ms);
}

TEST(Udp, LoopbackIsImmediateButNotReentrant) {
  TwoZones net(1, {.delay = 10_ms}, {.delay = 1_ms});
  Receiver rx(net.ue, 9000);
  auto tx = net.ue.env().open_udp(0).value();
  tx->send_to({ip("10.1.0.1"), 9000}, Bytes(10));
  EXPECT_TRUE(rx.got.empty());  // never inside send_to
  net.sim.run_until_idle();
  ASSERT_EQ(rx.got.size(), 1u);
  EXPECT_EQ(rx.got[0].at, Time());
}

TEST(Udp, PortsEphemeralAndInUse) {
  TwoZones net(1);
  Environment& env = net.ue.env();
  auto a = env.open_udp(0);
  auto b = env.open_udp(0);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ((*a)->local().port, 49152);  // IANA dynamic range, in order
  EXPECT_EQ((*b)->local().port, 49153);
  EXPECT_EQ((*a)->local().ip, ip("10.1.0.1"));
  auto fixed = env.open_udp(5060);
  ASSERT_TRUE(fixed.ok());
  auto clash = env.open_udp(5060);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.error().message, "host 'ue': UDP port 5060 is in use");
  fixed->reset();  // closing frees the port
  EXPECT_TRUE(env.open_udp(5060).ok());
}

TEST(Udp, DatagramToAnUnboundPortIsDroppedAndCounted) {
  TwoZones net(1, {.delay = 1_ms}, {.delay = 1_ms});
  auto tx = net.ue.env().open_udp(0).value();
  tx->send_to({ip("10.2.0.1"), 7}, Bytes(10));
  tx->send_to({ip("10.9.9.9"), 7}, Bytes(10));  // no such host
  net.sim.run_until_idle();
  EXPECT_EQ(net.server.counters().udp_no_socket, 1u);
  EXPECT_EQ(net.sim.network().dropped_no_route(), 1u);
  auto j = net.sim.network().counters_json();
  EXPECT_EQ(j["dropped"]["udp_no_socket"], 1);
  EXPECT_EQ(j["dropped"]["no_route"], 1);
}

TEST(Udp, ClosingTheSocketInsideItsHandlerIsSafe) {
  TwoZones net(1, {.delay = 1_ms}, {.delay = 1_ms});
  auto rx = net.server.env().open_udp(9000).value();
  int got = 0;
  rx->on_receive([&](const Endpoint&, ByteView) {
    ++got;
    rx.reset();  // destroys the socket and the handler's home while it runs
  });
  auto tx = net.ue.env().open_udp(0).value();
  tx->send_to(kServer9000, Bytes(10));
  tx->send_to(kServer9000, Bytes(10));
  net.sim.run_until_idle();
  EXPECT_EQ(got, 1);
  EXPECT_EQ(net.server.counters().udp_no_socket, 1u);
}

TEST(Udp, ReplacingTheHandlerInsideItself) {
  TwoZones net(1, {.delay = 1_ms}, {.delay = 1_ms});
  auto rx = net.server.env().open_udp(9000).value();
  std::string seen;
  rx->on_receive([&](const Endpoint&, ByteView) {
    seen += "first;";
    rx->on_receive([&](const Endpoint&, ByteView) { seen += "second;"; });
  });
  auto tx = net.ue.env().open_udp(0).value();
  for (int i = 0; i < 3; ++i) tx->send_to(kServer9000, Bytes(10));
  net.sim.run_until_idle();
  EXPECT_EQ(seen, "first;second;second;");
}

TEST(Udp, LossRateMatchesTheProfile) {
  TwoZones net(99, {.delay = 1_ms, .loss = 0.2}, {.delay = 1_ms});
  Receiver rx(net.server, 9000);
  auto tx = net.ue.env().open_udp(0).value();
  const int n = 20000;
  for (int i = 0; i < n; ++i) tx->send_to(kServer9000, Bytes(20));
  net.sim.run_until_idle();
  double delivered = double(rx.got.size()) / n;
  EXPECT_NEAR(delivered, 0.8, 0.015);
  EXPECT_EQ(net.access.up_counters().dropped + rx.got.size(), std::uint64_t(n));
}

TEST(Udp, FragmentedDatagramIsLostWhenAnyFragmentIs) {
  // 4000-byte payload over MTU 1500: 3 fragments; each survives with 0.9, the datagram with 0.729.
  TwoZones net(5, {.delay = 1_ms, .loss = 0.1}, {.delay = 1_ms});
  Receiver rx(net.server, 9000);
  auto tx = net.ue.env().open_udp(0).value();
  const int n = 10000;
  for (int i = 0; i < n; ++i) tx->send_to(kServer9000, Bytes(4000));
  net.sim.run_until_idle();
  EXPECT_NEAR(double(rx.got.size()) / n, 0.729, 0.02);
  // 3 fragments each on the uplink: 20 + 1480, 20 + 1480, 20 + 1048 IP bytes.
  EXPECT_EQ(net.access.up_counters().packets, 3u * n);
  EXPECT_EQ(net.access.up_counters().bytes, std::uint64_t(n) * (4008 + 60));
  ASSERT_FALSE(rx.got.empty());
  EXPECT_EQ(rx.got[0].size, 4000u);
}

TEST(Udp, FragmentsAreSerialisedAsOnePacketTrain) {
  TwoZones net(1, {.delay = 10_ms, .bandwidth_bps = 8e6}, {.delay = 0_ms});
  Receiver rx(net.server, 9000);
  auto tx = net.ue.env().open_udp(0).value();
  tx->send_to(kServer9000, Bytes(4000));  // 4068 IP bytes at 1 us per byte
  net.sim.run_until_idle();
  ASSERT_EQ(rx.got.size(), 1u);
  EXPECT_EQ(rx.got[0].at, 10_ms + 4068_us);
}

TEST(Udp, PathMtuIsTheSmallerZoneMtu) {
  TwoZones net(1, {.delay = 1_ms, .mtu = 1500}, {.delay = 1_ms, .mtu = 1000});
  Receiver rx(net.server, 9000);
  auto tx = net.ue.env().open_udp(0).value();
  tx->send_to(kServer9000, Bytes(1400));  // fits 1500, not 1000: 2 fragments
  net.sim.run_until_idle();
  EXPECT_EQ(net.access.up_counters().packets, 2u);
  EXPECT_EQ(rx.got.size(), 1u);
}

TEST(Udp, OversizeDatagramIsNotSent) {
  TwoZones net(1);
  auto tx = net.ue.env().open_udp(0).value();
  tx->send_to(kServer9000, Bytes(65508));
  net.sim.run_until_idle();
  EXPECT_EQ(net.ue.counters().udp_oversize, 1u);
  EXPECT_EQ(net.access.up_counters().packets, 0u);
}

TEST(Udp, JitterDelaysEachDatagramIndependentlyAndMayReorder) {
  for (JitterModel model : {JitterModel::kNormal, JitterModel::kLognormal}) {
    TwoZones net(3, {.delay = 20_ms, .jitter = 5_ms, .jitter_model = model}, {.delay = 0_ms});
    Receiver rx(net.server, 9000);
    auto tx = net.ue.env().open_udp(0).value();
    const int n = 5000;
    for (int i = 0; i < n; ++i) {
      net.ue.env().start_timer(Time::ms(i), [&tx, i] {
        Bytes b(4);
        b[0] = std::uint8_t(i >> 24), b[1] = std::uint8_t(i >> 16), b[2] = std::uint8_t(i >> 8),
        b[3] = std::uint8_t(i);
        tx->send_to(kServer9000, b);
      });
    }
    std::vector<std::int64_t> extra_us;
    int reordered = 0, last = -1;
    rx.socket->on_receive([&](const Endpoint&, ByteView p) {
      int i = p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
      if (i < last) ++reordered;
      last = std::max(last, i);
      extra_us.push_back((net.sim.now() - Time::ms(i) - 20_ms).ns() / 1000);
    });
    net.sim.run_until_idle();
    ASSERT_EQ(extra_us.size(), std::size_t(n));
    double sum = 0;
    for (auto e : extra_us) {
      EXPECT_GE(e, 0);
      sum += double(e);
    }
    // Datagrams keep their own draw: the mean extra delay is the distribution's.
    double mean_ms = sum / n / 1000;
    double draw_mean = model == JitterModel::kNormal ? 5 * kHalfNormalMeanPerSd : 5.0;
    EXPECT_NEAR(mean_ms, draw_mean, 0.25);
    // Sent 1 ms apart with ~5 ms of jitter, many overtake each other.
    EXPECT_GT(reordered, n / 10);
  }
}

}  // namespace
}  // namespace imssim::sim
