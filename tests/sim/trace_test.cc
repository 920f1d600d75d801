// Traces: pcap validity through tshark, the ladder, metrics, the event log, determinism.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "sim/simulation.h"
#include "tests/sim/net_fixture.h"
#include "tests/sim/stream_support.h"
#include "tests/support/tshark.h"

namespace imssim::sim {
namespace {

using namespace time_literals;
using testing::Client;
using testing::ip;
using testing::pattern_bytes;
using testing::Server;
using testing::TwoZones;
namespace fs = std::filesystem;

const Endpoint kServer5060{ip("10.2.0.1"), 5060};

std::string sip_invite(std::size_t body_bytes) {
  std::string body(body_bytes, 'x');
  return "INVITE sip:bob@ims.example.com SIP/2.0\r\n"
         "Via: SIP/2.0/TCP 10.1.0.1:5060;branch=z9hG4bK776asdhds\r\n"
         "Max-Forwards: 70\r\n"
         "To: <sip:bob@ims.example.com>\r\n"
         "From: <sip:alice@ims.example.com>;tag=1928301774\r\n"
         "Call-ID: a84b4c76e66710@10.1.0.1\r\n"
         "CSeq: 314159 INVITE\r\n"
         "Contact: <sip:alice@10.1.0.1>\r\n"
         "Content-Type: text/plain\r\n"
         "Content-Length: " +
         std::to_string(body.size()) + "\r\n\r\n" + body;
}

// A little of everything: SIP over UDP, a fragmented datagram, a lossy TCP stream carrying a
// SIP INVITE of several segments in each direction, a connection refused.
void run_mixed_traffic(Simulation& sim, Host& ue, Host& server) {
  auto& net = sim.network();
  (void)net;
  auto udp_rx = server.env().open_udp(5060).value();
  udp_rx->on_receive([](const Endpoint&, ByteView) {});
  auto udp_tx = ue.env().open_udp(5060).value();
  udp_tx->send_to(kServer5060,
                  as_bytes("OPTIONS sip:ims.example.com SIP/2.0\r\nContent-Length: 0\r\n\r\n"));
  auto frag_rx = server.env().open_udp(9).value();  // discard: no dissector to upset
  frag_rx->on_receive([](const Endpoint&, ByteView) {});
  udp_tx->send_to({ip("10.2.0.1"), 9}, pattern_bytes(4000));

  Server tcp_server(server, 5060);
  std::string invite = sip_invite(3000);
  tcp_server.on_accept = [&invite](Server& s) {
    s.stream->on_data([&s, &invite](ByteView d) {
      s.data.insert(s.data.end(), d.begin(), d.end());
      if (s.data.size() == invite.size()) s.stream->send(as_bytes(sip_invite(2500)));
    });
  };
  Client client(ue, kServer5060);
  client.stream->send(as_bytes(invite));
  Client refused(ue, {ip("10.2.0.1"), 8080});
  sim.run_until(30_s);
  client.stream->close();
  sim.run_until_idle();
  ASSERT_EQ(as_chars(tcp_server.data), invite);
  ASSERT_EQ(as_chars(client.data), sip_invite(2500));
  ASSERT_EQ(refused.closed, StreamClose::kRefused);
}

TEST(Pcap, EveryViewReadsCleanlyInTshark) {
  if (!imssim::testing::tshark_available()) GTEST_SKIP() << "tshark not installed";
  fs::path dir = fs::temp_directory_path() / "imssim_trace_test";
  fs::create_directories(dir);
  std::string sent = (dir / "sent.pcap").string(), delivered = (dir / "delivered.pcap").string(),
              on_ue = (dir / "ue.pcap").string();
  {
    TwoZones net(3, {.delay = 20_ms, .loss = 0.2, .bandwidth_bps = 10e6}, {.delay = 1_ms});
    ASSERT_TRUE(net.sim.tracer().enable_pcap(sent).ok());
    ASSERT_TRUE(net.sim.tracer().enable_pcap(delivered, trace::PcapView::delivered()).ok());
    ASSERT_TRUE(net.sim.tracer().enable_pcap(on_ue, trace::PcapView::on_host("ue")).ok());
    run_mixed_traffic(net.sim, net.ue, net.server);
  }
  for (const auto& f : {sent, delivered, on_ue})
    EXPECT_EQ(imssim::testing::tshark_problems(f), "") << f;

  // The as-sent view has the retransmissions, and Wireshark reassembles the SIP over TCP
  // (which needs real sequence numbers).
  auto retrans =
      imssim::testing::run_tshark(sent, "-Y tcp.analysis.retransmission -T fields -e frame.number");
  EXPECT_NE(retrans.out, "");
  // The delivered view has lost segments arriving late (retransmitted), which Wireshark only
  // reassembles when asked to reassemble out-of-order segments.
  for (const auto& f : {sent, delivered}) {
    auto sip = imssim::testing::run_tshark(
        f,
        "-o tcp.reassemble_out_of_order:TRUE"
        " -Y 'sip.Method == \"INVITE\" && tcp' -T fields -e sip.CSeq.seq");
    EXPECT_EQ(sip.out, "314159\n314159\n") << f;
  }
  auto frags =
      imssim::testing::run_tshark(sent, "-Y 'udp.port == 9' -T fields -e ip.fragment.count");
  EXPECT_EQ(frags.out, "3\n");
  auto flags = imssim::testing::run_tshark(sent,
                                           "-Y 'tcp.flags.syn == 1 || tcp.flags.fin == 1 || "
                                           "tcp.flags.reset == 1' -T fields -e tcp.flags.str");
  EXPECT_NE(flags.out.find("S"), std::string::npos);
  EXPECT_NE(flags.out.find("F"), std::string::npos);
  EXPECT_NE(flags.out.find("R"), std::string::npos);  // the refused connection
  if (!HasFailure()) fs::remove_all(dir);
}

TEST(Pcap, ViewsDifferAsDocumented) {
  std::ostringstream sent, delivered, on_server;
  {
    TwoZones net(1, {.delay = 10_ms, .loss = 0.5}, {.delay = 1_ms});
    net.sim.tracer().enable_pcap(sent);
    net.sim.tracer().enable_pcap(delivered, trace::PcapView::delivered());
    net.sim.tracer().enable_pcap(on_server, trace::PcapView::on_host("server"));
    auto rx = net.server.env().open_udp(9).value();
    rx->on_receive([](const Endpoint&, ByteView) {});
    auto tx = net.ue.env().open_udp(0).value();
    for (int i = 0; i < 100; ++i) tx->send_to({ip("10.2.0.1"), 9}, Bytes(10));
    auto ue2 = net.ue2.env().open_udp(0).value();
    ue2->send_to({ip("10.1.0.1"), 9}, Bytes(10));  // not the server's: absent from its view
    net.sim.run_until_idle();
    auto survived = [](const LinkDirection& l) {
      return l.counters().packets - l.counters().dropped;
    };
    std::uint64_t at_server = survived(net.ue.uplink_state());
    // ue2's datagram reaches the ue (no socket there, but it did arrive) if both links let it.
    std::uint64_t at_ue = survived(net.ue.downlink_state());
    std::size_t record = 16 + 14 + 20 + 8 + 10;
    EXPECT_EQ(sent.str().size(), 24 + 101 * record);                       // everything, once
    EXPECT_EQ(delivered.str().size(), 24 + (at_server + at_ue) * record);  // what arrived
    EXPECT_EQ(on_server.str().size(), 24 + at_server * record);            // what the server saw
    EXPECT_EQ(net.ue.counters().udp_no_socket, at_ue);
  }
}

// A small exchange with labels, a step, a note, a stream and an unlabelled datagram.
struct Exchange {
  explicit Exchange(std::uint64_t seed, trace::LadderOptions options = {})
      : net(seed, {.delay = 10_ms}, {.delay = 1_ms}) {
    net.sim.tracer().enable_ladder(std::move(options));
    Environment& ue = net.ue.env();
    Environment& server = net.server.env();
    udp_server = server.open_udp(5060).value();
    udp_server->on_receive([this, &server](const Endpoint& from, ByteView) {
      server.trace_step(2);
      udp_server->send_to(from, as_bytes("SIP/2.0 401 Unauthorized\r\n\r\n"), "401 Unauthorized");
    });
    udp_ue = ue.open_udp(5060).value();
    udp_ue->on_receive([&ue](const Endpoint&, ByteView) { ue.trace_note("challenge received"); });
    ue.trace_step(1, "UE registers");
    udp_ue->send_to(kServer5060, as_bytes("REGISTER sip:ims.example.com SIP/2.0\r\n\r\n"),
                    "REGISTER");
    tcp = std::make_unique<Server>(net.server, 443);
    tcp->on_accept = [](Server& s) {
      s.stream->on_data([&s](ByteView d) {
        s.data.insert(s.data.end(), d.begin(), d.end());
        if (s.data.size() == 3000) s.stream->send(Bytes(200), "HTTP 200 OK");
      });
    };
    ue.start_timer(100_ms, [this, &ue] {
      client = std::make_unique<Client>(net.ue, Endpoint{ip("10.2.0.1"), 443});
      ue.trace_step(3);
      client->stream->send(Bytes(3000), "HTTP POST /key");
      udp_ue->send_to({ip("10.2.0.1"), 9}, Bytes(128));  // unlabelled, and nobody listens
    });
    net.sim.run_until(1_s);
  }
  TwoZones net;
  std::unique_ptr<DatagramSocket> udp_server, udp_ue;
  std::unique_ptr<Server> tcp;
  std::unique_ptr<Client> client;
};

TEST(Ladder, TextForASmallExchange) {
  Exchange ex(1);
  EXPECT_EQ(
      ex.net.sim.tracer().ladder()->text(),
      "[       0.000 ms ->       11.000 ms]  ue -> server: 1. UE registers: REGISTER  (UDP 5060, "
      "40 B)\n"
      "[      11.000 ms ->       22.000 ms]  server -> ue: 2. 401 Unauthorized  (UDP 5060, 28 B)\n"
      "[      22.000 ms               ]  note over ue: challenge received\n"
      "[     100.000 ms ->      111.000 ms]  ue --> server: TCP SYN  (TCP 443, 0 B)\n"
      "[     100.000 ms ->      133.000 ms]  ue -> server: 3. HTTP POST /key  (TCP 443, 3000 B, 3 "
      "packets)\n"
      "[     100.000 ms ->            lost]  ue -> server: UDP 128 B  (UDP 9, 128 B)\n"
      "[     111.000 ms ->      122.000 ms]  server --> ue: TCP SYN, ACK  (TCP 49152, 0 B)\n"
      "[     133.000 ms ->      144.000 ms]  server -> ue: HTTP 200 OK  (TCP 49152, 200 B)\n");
}

TEST(Ladder, MermaidAndPlantUml) {
  Exchange ex(1);
  EXPECT_EQ(ex.net.sim.tracer().ladder()->mermaid(),
            "sequenceDiagram\n"
            "  participant p1 as ue\n"
            "  participant p2 as server\n"
            "  p1->>p2: 1. UE registers: REGISTER (0.000-11.000 ms)\n"
            "  p2->>p1: 2. 401 Unauthorized (11.000-22.000 ms)\n"
            "  Note over p1: challenge received (22.000 ms)\n"
            "  p1-->>p2: TCP SYN (100.000-111.000 ms)\n"
            "  p1->>p2: 3. HTTP POST /key (100.000-133.000 ms)\n"
            "  p1-xp2: UDP 128 B (100.000 ms, lost)\n"
            "  p2-->>p1: TCP SYN, ACK (111.000-122.000 ms)\n"
            "  p2->>p1: HTTP 200 OK (133.000-144.000 ms)\n");
  std::string puml = ex.net.sim.tracer().ladder()->plantuml();
  EXPECT_EQ(puml.rfind("@startuml\nparticipant \"ue\" as p1\nparticipant \"server\" as p2\n", 0),
            0u)
      << puml;
  EXPECT_NE(puml.find("p1 ->x p2 : UDP 128 B (100.000 ms, lost)\n"), std::string::npos) << puml;
  EXPECT_NE(puml.find("note over p1 : challenge received (22.000 ms)\n"), std::string::npos)
      << puml;
  EXPECT_NE(puml.find("p1 --> p2 : TCP SYN (100.000-111.000 ms)\n"), std::string::npos) << puml;
}

TEST(Ladder, WritesTheFormatItsExtensionNames) {
  Exchange ex(1);
  const auto& ladder = *ex.net.sim.tracer().ladder();
  fs::path dir = fs::temp_directory_path() / "imssim_ladder_test";
  fs::create_directories(dir);
  auto read = [](const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream all;  // (istreambuf_iterator trips GCC 12's -Wnull-dereference at -O3)
    all << in.rdbuf();
    return all.str();
  };
  ASSERT_TRUE(ladder.write((dir / "l.mmd").string()).ok());
  ASSERT_TRUE(ladder.write((dir / "l.puml").string()).ok());
  ASSERT_TRUE(ladder.write((dir / "l.txt").string()).ok());
  EXPECT_EQ(read(dir / "l.mmd"), ladder.mermaid());
  EXPECT_EQ(read(dir / "l.puml"), ladder.plantuml());
  EXPECT_EQ(read(dir / "l.txt"), ladder.text());
  auto bad = ladder.write("/nonexistent-dir/l.mmd");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("/nonexistent-dir/l.mmd"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Ladder, ParticipantOrderAndNoTransportEvents) {
  trace::LadderOptions options;
  options.transport_events = false;
  options.participants = {"server", "ue"};
  Exchange ex(1, options);
  std::string m = ex.net.sim.tracer().ladder()->mermaid();
  EXPECT_EQ(m.rfind("sequenceDiagram\n  participant p1 as server\n  participant p2 as ue\n", 0), 0u)
      << m;
  EXPECT_EQ(m.find("SYN"), std::string::npos) << m;
}

TEST(Ladder, ClassifierNamesUnlabelledMessagesAndTextIsEscaped) {
  TwoZones net(1, {.delay = 1_ms}, {.delay = 1_ms});
  net.sim.tracer().enable_ladder();
  net.sim.tracer().set_message_classifier([](const trace::MessageInfo& m) {
    if (!m.payload.empty() && m.payload[0] == 0x01) return std::string("MIKEY I_MESSAGE; #1");
    return trace::default_message_summary(m);
  });
  auto rx = net.server.env().open_udp(2269).value();
  rx->on_receive([](const Endpoint&, ByteView) {});
  auto tx = net.ue.env().open_udp(0).value();
  tx->send_to({ip("10.2.0.1"), 2269}, Bytes{0x01, 0x00, 0x00});
  tx->send_to({ip("10.2.0.1"), 2269}, Bytes{0x02});
  net.sim.run_until_idle();
  const auto& entries = net.sim.tracer().ladder()->entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].text, "MIKEY I_MESSAGE; #1");
  EXPECT_EQ(entries[1].text, "UDP 1 B");
  std::string m = net.sim.tracer().ladder()->mermaid();
  EXPECT_NE(m.find("MIKEY I_MESSAGE#59; #35;1"), std::string::npos) << m;
}

TEST(Ladder, TracingIsOffUnlessEnabled) {
  TwoZones net(1, {.delay = 1_ms}, {.delay = 1_ms});
  EXPECT_FALSE(net.ue.env().tracing());
  EXPECT_FALSE(net.sim.tracer().on());
  net.ue.env().trace_note("ignored");
  net.ue.env().trace_step(4, "ignored");
  EXPECT_EQ(net.sim.tracer().ladder(), nullptr);
  net.sim.tracer().enable_ladder();
  EXPECT_TRUE(net.ue.env().tracing());
  auto tx = net.ue.env().open_udp(0).value();
  tx->send_to({ip("10.2.0.1"), 9}, Bytes(1));
  EXPECT_EQ(net.sim.tracer().ladder()->entries().at(0).step,
            0);  // the step given while off is gone
}

TEST(Metrics, PerInterfaceFlowAndStream) {
  TwoZones net(2, {.delay = 10_ms, .loss = 0.1}, {.delay = 1_ms});
  auto& metrics = net.sim.tracer().enable_metrics();
  net.sim.tracer().set_interface_classifier([](const trace::FlowInfo& f) {
    if (f.src.port == 5060 || f.dst.port == 5060) return std::string("Gm");
    if (f.tcp) return std::string("UE-KMS");
    return std::string("other");
  });
  auto rx = net.server.env().open_udp(5060).value();
  int got = 0;
  rx->on_receive([&](const Endpoint&, ByteView) { ++got; });
  auto tx = net.ue.env().open_udp(0).value();
  for (int i = 0; i < 100; ++i) tx->send_to(kServer5060, Bytes(100));
  Server server(net.server, 443);
  Client client(net.ue, {ip("10.2.0.1"), 443});
  client.stream->send(pattern_bytes(100000));
  client.stream->close();
  net.sim.run_until_idle();

  const auto* gm = metrics.interface("Gm");
  ASSERT_NE(gm, nullptr);
  EXPECT_EQ(gm->packets, 100u);
  EXPECT_EQ(gm->bytes, 100u * 128);
  EXPECT_EQ(gm->payload_bytes, 100u * 100);
  EXPECT_EQ(gm->delivered, std::uint64_t(got));
  EXPECT_EQ(gm->dropped, 100u - std::uint64_t(got));
  const auto* kms = metrics.interface("UE-KMS");
  ASSERT_NE(kms, nullptr);
  auto j = net.sim.metrics_json();
  ASSERT_EQ(j["streams"].size(), 2u);
  std::uint64_t retransmissions = 0;
  for (const auto& s : j["streams"]) retransmissions += std::uint64_t(s["retransmissions"]);
  EXPECT_GT(retransmissions, 0u);
  EXPECT_EQ(kms->retransmitted, retransmissions);
  EXPECT_EQ(kms->packets, kms->delivered + kms->dropped);
  // Flows: UE -> server UDP, and the two directions of the stream.
  ASSERT_EQ(j["flows"].size(), 3u);
  std::uint64_t ue_sent = 0;
  for (const auto& f : j["flows"]) {
    EXPECT_EQ(f["interface"], f["protocol"] == "udp" ? "Gm" : "UE-KMS");
    if (f["src_host"] == "ue") ue_sent += std::uint64_t(f["packets"]);
    if (f["protocol"] == "udp") {
      EXPECT_EQ(f["packets"], 100);
    }
  }
  EXPECT_EQ(j["network"]["zones"]["access"]["up"]["packets"], ue_sent);
  EXPECT_EQ(j["streams"][0]["bytes_sent"], 100000);
  EXPECT_EQ(j["streams"][0]["outcome"], "graceful");
}

TEST(EventLog, OneJsonObjectPerLine) {
  std::ostringstream log;
  TwoZones net(1, {.delay = 10_ms, .loss = 0.3}, {.delay = 1_ms});
  net.sim.tracer().enable_event_log(log);
  Server server(net.server, 443);
  Client client(net.ue, {ip("10.2.0.1"), 443});
  client.stream->send(Bytes(5000));
  client.stream->close();
  net.sim.scheduler().schedule_at(5_s, [&] { net.sim.network().link_down(net.core); });
  net.sim.run_until_idle();
  std::istringstream lines(log.str());
  std::map<std::string, int> kinds;
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line);
    ASSERT_TRUE(j.contains("t_ns")) << line;
    kinds[j["event"]]++;
  }
  EXPECT_GT(kinds["sent"], 0);
  EXPECT_GT(kinds["delivered"], 0);
  EXPECT_GT(kinds["dropped"], 0);
  EXPECT_EQ(kinds["stream_established"], 2);
  EXPECT_EQ(kinds["stream_closed"], 2);
  EXPECT_EQ(kinds["link_down"], 1);
}

struct RunOutput {
  std::string pcap, ladder, metrics, log;
};

RunOutput run_everything(std::uint64_t seed) {
  std::ostringstream pcap, log;
  RunOutput out;
  {
    TwoZones net(seed, {.delay = 15_ms, .jitter = 4_ms, .loss = 0.1, .bandwidth_bps = 5e6},
                 {.delay = 1_ms, .jitter = 200_us, .jitter_model = JitterModel::kLognormal});
    net.sim.tracer().enable_pcap(pcap);
    net.sim.tracer().enable_ladder();
    net.sim.tracer().enable_metrics();
    net.sim.tracer().enable_event_log(log);
    net.sim.scheduler().schedule_at(2_s,
                                    [&] { net.sim.network().loss_burst(net.access, 0.5, 1_s); });
    run_mixed_traffic(net.sim, net.ue, net.server);
    out.ladder = net.sim.tracer().ladder()->text();
    out.metrics = net.sim.metrics_json(true).dump();
  }
  out.pcap = pcap.str();
  out.log = log.str();
  return out;
}

TEST(Determinism, SameSeedSameBytesOtherSeedOtherBytes) {
  RunOutput a = run_everything(7), b = run_everything(7), c = run_everything(8);
  EXPECT_EQ(a.pcap, b.pcap);
  EXPECT_EQ(a.ladder, b.ladder);
  EXPECT_EQ(a.metrics, b.metrics);
  EXPECT_EQ(a.log, b.log);
  EXPECT_GT(a.pcap.size(), 10000u);
  EXPECT_NE(a.pcap, c.pcap);
  EXPECT_NE(a.ladder, c.ladder);
  EXPECT_NE(a.metrics, c.metrics);
}

}  // namespace
}  // namespace imssim::sim
