// Reliable streams: handshake timing, segmentation, reliability under loss, RTO, close,
// reset, refusal.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/simulation.h"
#include "tests/sim/net_fixture.h"
#include "tests/sim/stream_support.h"

namespace imssim::sim {
namespace {

using namespace time_literals;
using testing::Client;
using testing::ip;
using testing::pattern_bytes;
using testing::Server;
using testing::TwoZones;

const Endpoint kServer443{ip("10.2.0.1"), 443};

// Access 10 ms, core 1 ms, no bandwidth limit: one way 11 ms, RTT 22 ms.
LinkProfile access10() { return {.delay = 10_ms}; }
LinkProfile core1() { return {.delay = 1_ms}; }

TEST(Stream, HandshakeCostsOneRoundTripBeforeData) {
  TwoZones net(1, access10(), core1());
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  client.stream->send(as_bytes("hello"));  // queued until the handshake completes
  net.sim.run_until(1_s);
  EXPECT_EQ(client.connected_at, 22_ms);  // SYN out at 0, SYN-ACK back at 22 ms
  EXPECT_EQ(server.connected_at, 33_ms);  // the ACK (with the data) arrives at 33 ms
  EXPECT_EQ(server.last_data_at, 33_ms);  // data left at 22 ms: exactly one RTT late
  EXPECT_EQ(as_chars(server.data), "hello");
  EXPECT_EQ(client.stream->local().ip, ip("10.1.0.1"));
  EXPECT_EQ(client.stream->local().port, 49152);
  EXPECT_EQ(client.stream->remote(), kServer443);
  EXPECT_EQ(server.stream->remote(), client.stream->local());
}

TEST(Stream, SegmentsByTheMssOfThePathMtu) {
  for (int mtu : {1500, 1000}) {
    std::ostringstream log;  // outlives the simulation that writes to it
    TwoZones net(1, {.delay = 10_ms, .mtu = mtu}, core1());
    net.sim.tracer().enable_event_log(log);
    Server server(net.server, 443);
    Client client(net.ue, kServer443);
    client.stream->send(pattern_bytes(10000));
    net.sim.run_until(2_s);
    ASSERT_EQ(server.data, pattern_bytes(10000));
    std::uint32_t mss = std::uint32_t(mtu) - 40;
    EXPECT_EQ(client.connection()->mss(), mss);
    std::vector<std::size_t> sizes;
    std::istringstream lines(log.str());
    for (std::string line; std::getline(lines, line);) {
      auto j = nlohmann::json::parse(line);
      if (j["event"] == "sent" && j["src_host"] == "ue" && j["payload_bytes"] > 0)
        sizes.push_back(j["payload_bytes"]);
    }
    std::size_t full = 10000 / mss;
    ASSERT_EQ(sizes.size(), full + 1) << "mtu " << mtu;
    for (std::size_t i = 0; i < full; ++i) EXPECT_EQ(sizes[i], mss);
    EXPECT_EQ(sizes.back(), 10000 - full * mss);
  }
}

TEST(Stream, JitterNeverReordersAStreamsSegments) {
  std::ostringstream log;
  TwoZones net(4, {.delay = 20_ms, .jitter = 10_ms, .bandwidth_bps = 50e6},
               {.delay = 1_ms, .jitter = 2_ms, .jitter_model = JitterModel::kLognormal});
  net.sim.tracer().enable_event_log(log);
  net.sim.tracer().enable_metrics();
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  client.stream->send(pattern_bytes(200000));
  client.stream->close();
  net.sim.run_until_idle();
  ASSERT_EQ(server.data, pattern_bytes(200000));
  std::int64_t last_seq = -1;
  int data_segments = 0;
  std::istringstream lines(log.str());
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["event"] != "delivered" || j["src_host"] != "ue" || j["payload_bytes"] == 0) continue;
    std::int64_t seq = j["seq"];
    EXPECT_GT(seq, last_seq);  // no loss here, so arrival order is sequence order
    last_seq = seq;
    ++data_segments;
  }
  EXPECT_EQ(data_segments, (200000 + 1459) / 1460);
  auto metrics = net.sim.metrics_json();
  for (const auto& st : metrics["streams"]) EXPECT_EQ(st["retransmissions"], 0);
}

TEST(Stream, RttEstimateFollowsRfc6298) {
  TwoZones net(1, {.delay = 200_ms}, core1());
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  net.sim.run_until(1_s);
  // First sample R = 402 ms: SRTT = R, RTTVAR = R/2, RTO = SRTT + 4 RTTVAR = 1206 ms.
  EXPECT_EQ(client.connection()->rto(), 1206_ms);
  // Short paths are clamped to the minimum RTO (200 ms).
  TwoZones fast(1, access10(), core1());
  Server s2(fast.server, 443);
  Client c2(fast.ue, kServer443);
  fast.sim.run_until(1_s);
  EXPECT_EQ(c2.connection()->rto(), 200_ms);
}

// Both directions at 20% loss per crossing, jitter, a bandwidth limit: every byte arrives
// exactly once and in order, for many seeds.
TEST(Stream, EveryByteArrivesOnceAndInOrderAtTwentyPercentLoss) {
  int retransmissions = 0, fast_retransmits = 0, timeouts = 0;
  for (std::uint64_t seed = 1; seed <= 100; ++seed) {
    TwoZones net(seed, {.delay = 20_ms, .jitter = 3_ms, .loss = 0.2, .bandwidth_bps = 20e6},
                 {.delay = 2_ms, .bandwidth_bps = 1e9});
    net.sim.tracer().enable_metrics();
    Server server(net.server, 443);
    Bytes echo_expected;
    server.on_accept = [](Server& s) {
      s.stream->on_data([&s](ByteView d) {
        s.data.insert(s.data.end(), d.begin(), d.end());
        s.stream->send(d);  // echo, in pieces as they arrive
      });
    };
    Client client(net.ue, kServer443);
    Bytes up = pattern_bytes(60000, std::uint8_t(seed));
    client.stream->send(ByteView(up).first(1000));
    client.stream->send(ByteView(up).subspan(1000, 29000));
    client.stream->send(ByteView(up).subspan(30000));
    client.stream->close();
    client.close_when_peer_closes = false;
    net.sim.run_until_idle();
    ASSERT_EQ(server.data, up) << "seed " << seed;
    ASSERT_EQ(client.data, up) << "seed " << seed;
    ASSERT_EQ(server.closed, StreamClose::kGraceful) << "seed " << seed;
    ASSERT_EQ(client.closed, StreamClose::kGraceful) << "seed " << seed;
    auto metrics = net.sim.metrics_json();
    for (const auto& st : metrics["streams"]) {
      retransmissions += int(st["retransmissions"]);
      timeouts += int(st["timeouts"]);
      fast_retransmits += int(st["fast_retransmits"]);
    }
  }
  // The loss was real and was repaired both ways.
  EXPECT_GT(retransmissions, 500);
  EXPECT_GT(timeouts, 0);
  EXPECT_GT(fast_retransmits, 0);
}

// Many small messages both ways (request/response, like SIP or HTTP over TCP) at 20% loss on
// both zones (36% per direction end to end): each side sees exactly the other's byte sequence.
TEST(Stream, ManySmallMessagesBothWaysUnderHeavyLoss) {
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    TwoZones net(seed, {.delay = 5_ms, .loss = 0.2}, {.delay = 1_ms, .loss = 0.2});
    Rng rng(seed);
    Bytes requests, responses;
    std::vector<std::size_t> request_sizes;
    for (int i = 0; i < 200; ++i) request_sizes.push_back(1 + rng.uniform(3000));
    Server server(net.server, 5060);
    std::size_t answered = 0, seen = 0;
    server.on_accept = [&](Server& s) {
      s.stream->on_data([&](ByteView d) {
        s.data.insert(s.data.end(), d.begin(), d.end());
        seen += d.size();
        // Answer each complete request with a response of a third of its size.
        while (answered < request_sizes.size() && seen >= request_sizes[answered]) {
          seen -= request_sizes[answered];
          Bytes r = pattern_bytes(request_sizes[answered] / 3 + 1, std::uint8_t(answered));
          responses.insert(responses.end(), r.begin(), r.end());
          s.stream->send(r);
          ++answered;
        }
      });
    };
    Client client(net.ue, {ip("10.2.0.1"), 5060});
    client.close_when_peer_closes = false;
    for (std::size_t i = 0; i < request_sizes.size(); ++i) {
      Bytes q = pattern_bytes(request_sizes[i], std::uint8_t(i + 7));
      requests.insert(requests.end(), q.begin(), q.end());
      net.ue.env().start_timer(Time::ms(std::int64_t(i) * 3),
                               [&client, q] { client.stream->send(q); });
    }
    net.ue.env().start_timer(2_s, [&client] { client.stream->close(); });
    net.sim.run_until_idle();
    ASSERT_EQ(server.data, requests) << "seed " << seed;
    ASSERT_EQ(client.data, responses) << "seed " << seed;
    ASSERT_EQ(answered, request_sizes.size()) << "seed " << seed;
    ASSERT_EQ(client.closed, StreamClose::kGraceful) << "seed " << seed;
  }
}

TEST(Stream, RetransmissionTimerBacksOffAndTheRetryLimitResets) {
  std::ostringstream log;
  TwoZones net(1, access10(), core1());
  net.sim.network().tcp_config().data_retries = 3;
  net.sim.tracer().enable_event_log(log);
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  client.stream->on_connected([&] {
    net.sim.network().link_down(net.access);
    client.stream->send(Bytes(100));
  });
  net.sim.run_until_idle();
  std::vector<double> sends_ms;
  std::istringstream lines(log.str());
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    if (j["event"] == "sent" && j["src_host"] == "ue" && j["payload_bytes"] == 100)
      sends_ms.push_back(double(j["t_ns"]) / 1e6);
  }
  // RTO 200 ms (the minimum), doubling: retransmissions at +200, +600, +1400 ms.
  EXPECT_EQ(sends_ms, (std::vector<double>{22, 222, 622, 1422}));
  // The fourth expiry (+3000 ms) exceeds the limit of 3: the stream resets.
  EXPECT_EQ(client.closed, StreamClose::kReset);
  EXPECT_EQ(client.closed_at, 3022_ms);
  EXPECT_GE(net.access.up_counters().dropped, 4u);
}

TEST(Stream, SynRetriesGiveUpAfterMoreThanThreeMinutes) {
  TwoZones net(1, access10(), core1());
  net.sim.network().link_down(net.core);
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  net.sim.run_until_idle();
  // SYN at 0, retransmitted at 1, 3, 7, 15, 31, 63 and (RTO capped at 60 s) 123 s; the
  // 8th expiry, at 183 s, gives up.
  EXPECT_EQ(client.closed, StreamClose::kReset);
  EXPECT_EQ(client.closed_at, 183_s);
  EXPECT_EQ(net.core.down_counters().dropped, 8u);
}

TEST(Stream, LostSynAckIsRepeatedAndRtoRestartsAtThreeSeconds) {
  TwoZones net(1, access10(), core1());
  // The SYN-ACK leaves the server at 11 ms: lose everything the core emits around then.
  net.sim.scheduler().schedule_at(10500_us,
                                  [&] { net.sim.network().loss_burst(net.core, 1.0, 1_ms); });
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  net.sim.run_until(5_s);
  // Server's SYN-ACK timer (1 s) and the client's SYN retransmission (at 1 s, arriving 1.011 s)
  // both repeat the SYN-ACK, which reaches the client at 1.022 s.
  EXPECT_EQ(client.connected_at, 1022_ms);
  EXPECT_EQ(server.connected_at, 1033_ms);
  // RFC 6298 §5.7: no RTT sample (Karn) after a SYN timeout: RTO = 3 s for the data phase.
  EXPECT_EQ(client.connection()->rto(), 3_s);
}

TEST(Stream, LostHandshakeAckIsRepairedByTheServersTimer) {
  TwoZones net(1, access10(), core1());
  // The client's final ACK leaves at 22 ms: lose what the access links carry then.
  net.sim.scheduler().schedule_at(21500_us,
                                  [&] { net.sim.network().loss_burst(net.access, 1.0, 1_ms); });
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  net.sim.run_until(5_s);
  EXPECT_EQ(client.connected_at, 22_ms);
  // The server repeats its SYN-ACK at 1.011 s; the client answers the duplicate with an ACK.
  EXPECT_EQ(server.connected_at, 1033_ms);
  EXPECT_EQ(server.accepted, 1);
}

TEST(Stream, RefusedWhenNobodyListens) {
  TwoZones net(1, access10(), core1());
  Client client(net.ue, {ip("10.2.0.1"), 80});
  net.sim.run_until_idle();
  EXPECT_EQ(client.closed, StreamClose::kRefused);
  EXPECT_EQ(client.closed_at, 22_ms);
  EXPECT_EQ(client.connected_at, Time::max());
  EXPECT_EQ(net.server.counters().tcp_resets_sent, 1u);
}

TEST(Stream, RefusedWhenTheAddressIsUnreachable) {
  TwoZones net(1, access10(), core1());
  Client client(net.ue, {ip("10.9.9.9"), 80});
  net.sim.run_until_idle();
  EXPECT_EQ(client.closed, StreamClose::kRefused);
  EXPECT_EQ(client.closed_at, 20_ms);  // an "unreachable" from the first router
}

TEST(Stream, OrderlyCloseBothWays) {
  TwoZones net(1, access10(), core1());
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  client.close_when_peer_closes = false;
  client.stream->send(as_bytes("request"));
  client.stream->close();
  server.close_when_peer_closes = false;
  server.on_accept = [](Server& s) {
    s.stream->on_closed([&s](StreamClose how) {
      s.closed = how;
      s.closed_at = s.env.now();
      s.stream->send(as_bytes("response after the client's FIN"));  // half-close: still allowed
      s.stream->close();
    });
  };
  net.sim.run_until_idle();
  EXPECT_EQ(as_chars(server.data), "request");
  EXPECT_EQ(as_chars(client.data), "response after the client's FIN");
  EXPECT_EQ(server.closed, StreamClose::kGraceful);
  EXPECT_EQ(client.closed, StreamClose::kGraceful);
  // SYN 0, SYN-ACK 22; data + FIN leave at 22 and reach the server at 33; the reply and the
  // server's FIN reach the client at 44.
  EXPECT_EQ(server.closed_at, 33_ms);
  EXPECT_EQ(client.last_data_at, 44_ms);
  EXPECT_EQ(client.closed_at, 44_ms);
  // The client ends in TIME-WAIT (60 s) and then everything is gone.
  EXPECT_EQ(net.sim.now(), 44_ms + 60_s);
  EXPECT_EQ(client.connection(), nullptr);
  EXPECT_EQ(server.connection(), nullptr);
}

TEST(Stream, ReleasingAStreamAfterCloseStillDeliversEverything) {
  TwoZones net(1, {.delay = 10_ms, .loss = 0.3}, core1());
  Server server(net.server, 443);
  {
    auto stream = net.ue.env().connect_tcp(kServer443);
    stream->send(pattern_bytes(50000));
    stream->close();
  }  // released at once: the connection finishes on its own
  net.sim.run_until_idle();
  EXPECT_EQ(server.data, pattern_bytes(50000));
  EXPECT_EQ(server.closed, StreamClose::kGraceful);
}

TEST(Stream, DestroyingAnOpenStreamResetsThePeer) {
  TwoZones net(1, access10(), core1());
  Server server(net.server, 443);
  server.on_accept = [](Server& s) { s.stream.reset(); };  // accept, then drop it
  Client client(net.ue, kServer443);
  net.sim.run_until_idle();
  EXPECT_EQ(server.accepted, 1);
  EXPECT_EQ(client.closed, StreamClose::kReset);
  EXPECT_EQ(client.closed_at, 44_ms);  // the handshake's ACK reaches the server at 33 ms
}

TEST(Stream, DestroyingTheStreamInsideItsDataHandler) {
  TwoZones net(1, access10(), core1());
  Server server(net.server, 443);
  int calls = 0;
  server.on_accept = [&calls](Server& s) {
    s.stream->on_data([&s, &calls](ByteView) {
      ++calls;
      s.stream.reset();
    });
  };
  Client client(net.ue, kServer443);
  client.stream->send(pattern_bytes(20000));  // several segments arrive
  net.sim.run_until_idle();
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(client.closed, StreamClose::kReset);
}

TEST(Stream, DataWaitsForAHandler) {
  TwoZones net(1, access10(), core1());
  Server server(net.server, 443);
  Bytes got;
  std::vector<std::string> order;
  server.on_accept = [&](Server& s) {
    s.stream->on_data(nullptr);
    s.stream->on_closed([&](StreamClose) { order.push_back("closed"); });
    s.env.start_timer(100_ms, [&] {
      s.stream->on_data([&](ByteView d) {
        got.insert(got.end(), d.begin(), d.end());
        order.push_back("data");
      });
    });
  };
  Client client(net.ue, kServer443);
  client.stream->send(as_bytes("early"));
  client.stream->close();
  net.sim.run_until_idle();
  EXPECT_EQ(as_chars(got), "early");
  EXPECT_EQ(order, (std::vector<std::string>{"data", "closed"}));  // the close never overtakes data
}

TEST(Stream, FastRetransmitRepairsASingleLossWithoutATimeout) {
  TwoZones net(1, {.delay = 10_ms, .bandwidth_bps = 10e6}, core1());
  net.sim.tracer().enable_metrics();
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  client.stream->send(pattern_bytes(300000));
  client.stream->close();
  // Everything the UE emits in a 1 ms window is lost: a few segments in the middle of a flight.
  net.ue.env().start_timer(150_ms, [&] { net.sim.network().loss_burst(net.access, 1.0, 1_ms); });
  net.sim.run_until_idle();
  ASSERT_EQ(server.data, pattern_bytes(300000));
  auto streams = net.sim.metrics_json()["streams"];
  ASSERT_EQ(streams.size(), 2u);
  const auto& c = streams[0]["role"] == "client" ? streams[0] : streams[1];
  EXPECT_GE(c["retransmissions"], 1);
  EXPECT_GE(c["fast_retransmits"], 1);
  EXPECT_EQ(c["timeouts"], 0);
  EXPECT_EQ(c["outcome"], "graceful");
}

TEST(Stream, ACrashedServerAnswersWithResetAfterItsRestart) {
  TwoZones net(1, access10(), core1());
  Server server(net.server, 443);
  Client client(net.ue, kServer443);
  client.stream->send(as_bytes("one"));
  net.ue.env().start_timer(100_ms, [&] {
    net.sim.network().node_down(net.server);
    client.stream->send(as_bytes("two"));  // unanswered: retransmitted
  });
  net.ue.env().start_timer(500_ms, [&] { net.sim.network().node_up(net.server); });
  net.sim.run_until_idle();
  EXPECT_EQ(as_chars(server.data), "one");
  EXPECT_FALSE(server.closed.has_value());  // a crashed node hears nothing
  EXPECT_EQ(server.connection(), nullptr);
  EXPECT_EQ(client.closed, StreamClose::kReset);
  // Retransmissions at 300 and 700 ms: the one at 700 reaches the restarted server, which
  // answers RST (it has no connection), back at 722 ms.
  EXPECT_EQ(client.closed_at, 722_ms);
  EXPECT_EQ(net.server.counters().tcp_resets_sent, 1u);
}

}  // namespace
}  // namespace imssim::sim
