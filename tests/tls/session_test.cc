// After the handshake: application data both ways, close_notify, asynchronous PSK lookup
// (the NAF asking the BSF), the NSS key log, and the GBA identity helpers.
#include <gtest/gtest.h>

#include "tests/tls/tls_harness.h"

namespace imssim::tls {
namespace {

using testing::handshake;

class Session : public ::testing::TestWithParam<Kind> {};

TEST_P(Session, ApplicationDataRoundTrip) {
  auto h = handshake(30, GetParam());
  ASSERT_TRUE(h.pair.client->connected());
  Bytes request = to_bytes("POST /key HTTP/1.1\r\nContent-Length: 0\r\n\r\n");
  ASSERT_TRUE(h.pair.client->send(request).ok());
  testing::Transcript t;
  testing::pump(*h.pair.client, *h.pair.server, t);
  EXPECT_EQ(h.pair.server->take_plaintext(), request);
  Bytes big = Rng(1).bytes(40000);  // spans three records
  ASSERT_TRUE(h.pair.server->send(big).ok());
  testing::pump(*h.pair.client, *h.pair.server, t);
  EXPECT_EQ(h.pair.client->take_plaintext(), big);
  const DirectionStats& s = h.pair.server->stats().sent;
  EXPECT_EQ(s.application_data.records, 3u) << to_string(s);
  // Record overhead: 5 B header plus the AEAD tag (+ inner type in 1.3, + 8 B explicit
  // nonce for TLS 1.2 GCM): 22 B per record in TLS 1.3, 29 B in TLS 1.2 (toolchain.md).
  std::size_t per_record = GetParam() == Kind::kTls12GbaPsk ? 29 : 22;
  EXPECT_EQ(s.application_data.bytes, big.size() + 3 * per_record);
  EXPECT_EQ(h.pair.client->stats().received.application_data,
            h.pair.server->stats().sent.application_data);
}

TEST_P(Session, DataSentBeforeTheHandshakeEndsIsQueued) {
  testing::World world(31);
  auto cert = world.certificate(testing::kNafHost);
  auto pair = testing::make_pair(world, testing::client_config(GetParam(), world, cert),
                                 testing::server_config(GetParam(), world, cert));
  ASSERT_TRUE(pair.client->send(as_bytes("early")).ok());
  ASSERT_TRUE(pair.client->start().ok());
  testing::Transcript t;
  testing::pump(*pair.client, *pair.server, t);
  ASSERT_TRUE(pair.server->connected());
  EXPECT_EQ(pair.server->take_plaintext(), to_bytes("early"));
}

TEST_P(Session, CloseNotifyBothWays) {
  auto h = handshake(32, GetParam());
  ASSERT_TRUE(h.pair.client->close().ok());
  EXPECT_EQ(h.pair.client->state(), State::kClosing);
  EXPECT_EQ(h.pair.client->send(as_bytes("x")).error().kind, ErrorKind::kUsage);
  testing::Transcript t;
  testing::pump(*h.pair.client, *h.pair.server, t);
  // The server saw close_notify, answered with its own; both are closed.
  auto events = h.pair.server->take_events();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(events.back().type, Event::Type::kCloseNotifyReceived);
  EXPECT_EQ(h.pair.server->state(), State::kClosed);
  EXPECT_EQ(h.pair.client->state(), State::kClosed);
  EXPECT_EQ(h.pair.client->take_events().back().type, Event::Type::kCloseNotifyReceived);
  EXPECT_EQ(t.flights.size(), 2u);
  EXPECT_EQ(h.pair.client->stats().sent.alert.records, 1u);
  EXPECT_EQ(h.pair.server->stats().sent.alert.records, 1u);
  // Encrypted alerts: 5 + 2 + tag (+1 inner type in 1.3; +8 explicit nonce in 1.2).
  EXPECT_EQ(h.pair.client->stats().sent.alert.bytes, GetParam() == Kind::kTls12GbaPsk ? 31u : 24u);
}

TEST_P(Session, KeyLogHasTheNssLines) {
  testing::World world(33);
  auto cert = world.certificate(testing::kNafHost);
  Config client = testing::client_config(GetParam(), world, cert);
  std::vector<std::string> lines;
  client.key_log = [&lines](std::string_view line) { lines.emplace_back(line); };
  auto pair = testing::make_pair(world, client, testing::server_config(GetParam(), world, cert));
  ASSERT_TRUE(pair.client->start().ok());
  testing::Transcript t;
  testing::pump(*pair.client, *pair.server, t);
  ASSERT_TRUE(pair.client->connected());
  ASSERT_FALSE(lines.empty());
  if (GetParam() == Kind::kTls12GbaPsk) {
    ASSERT_EQ(lines.size(), 1u);
    EXPECT_EQ(lines[0].rfind("CLIENT_RANDOM ", 0), 0u);
    EXPECT_EQ(lines[0].size(), 14u + 64 + 1 + 96);  // 32-byte random, 48-byte master secret
  } else {
    for (const char* label : {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                              "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0",
                              "EXPORTER_SECRET"}) {
      bool found = false;
      for (const auto& l : lines) found = found || l.rfind(std::string(label) + " ", 0) == 0;
      EXPECT_TRUE(found) << label;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(AllKinds, Session,
                         ::testing::Values(Kind::kTls12GbaPsk, Kind::kTls13Psk,
                                           Kind::kTls13Certificate));

class AsyncPsk : public ::testing::TestWithParam<Kind> {};

// The NAF does not know Ks_NAF when the identity arrives: it holds the client's bytes, asks
// (here: the test plays the BSF), and resumes. Same bytes as the synchronous lookup.
TEST_P(AsyncPsk, PendingLookupHoldsTheHandshakeUntilResolved) {
  auto sync = handshake(34, GetParam());
  ASSERT_TRUE(sync.pair.client->connected());

  testing::World world(34);
  Config server = testing::server_config(GetParam(), world);
  std::vector<PskRequest> requests;
  server.psk_lookup = [&requests](const PskRequest& r) {
    requests.push_back(r);
    return PskAnswer::pending();
  };
  auto pair = testing::make_pair(world, testing::client_config(GetParam(), world), server);
  ASSERT_TRUE(pair.client->start().ok());
  testing::Transcript t;
  testing::pump(*pair.client, *pair.server, t);
  ASSERT_EQ(pair.server->state(), State::kAwaitingPsk);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].identity, gba_psk_identity(testing::kBtid));
  // TLS 1.2: the suite is known (it goes into NAF_Id); TLS 1.3: not chosen yet.
  EXPECT_EQ(requests[0].cipher_suite, GetParam() == Kind::kTls12GbaPsk ? 0x00A8 : 0);
  auto events = pair.server->take_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].type, Event::Type::kPskRequested);
  EXPECT_EQ(events[0].text, requests[0].identity);
  // More bytes while waiting are held too.
  ASSERT_TRUE(pair.server->receive({}).ok());
  ASSERT_TRUE(pair.server->resolve_psk(testing::ks_naf()).ok());
  testing::pump(*pair.client, *pair.server, t);
  ASSERT_TRUE(pair.client->connected()) << pair.client->failure().message;
  ASSERT_TRUE(pair.server->connected()) << pair.server->failure().message;
  EXPECT_TRUE(t == sync.transcript);
}

TEST_P(AsyncPsk, ResolvingAsUnknownFailsTheHandshake) {
  testing::World world(35);
  Config server = testing::server_config(GetParam(), world);
  server.psk_lookup = [](const PskRequest&) { return PskAnswer::pending(); };
  auto pair = testing::make_pair(world, testing::client_config(GetParam(), world), server);
  ASSERT_TRUE(pair.client->start().ok());
  testing::Transcript t;
  testing::pump(*pair.client, *pair.server, t);
  ASSERT_EQ(pair.server->state(), State::kAwaitingPsk);
  EXPECT_FALSE(pair.server->resolve_psk(std::nullopt).ok());
  testing::pump(*pair.client, *pair.server, t);
  EXPECT_EQ(pair.server->state(), State::kFailed);
  EXPECT_EQ(pair.client->state(), State::kFailed);
}

INSTANTIATE_TEST_SUITE_P(PskKinds, AsyncPsk,
                         ::testing::Values(Kind::kTls12GbaPsk, Kind::kTls13Psk));

TEST(TlsGba, ClientKeyMayDependOnTheNegotiatedSuite) {
  testing::World world(36);
  Config client = testing::client_config(Kind::kTls12GbaPsk, world);
  std::vector<std::uint16_t> asked;
  client.client_psk->key = [&asked](std::uint16_t suite) -> std::optional<Bytes> {
    asked.push_back(suite);
    return testing::ks_naf();
  };
  auto pair = testing::make_pair(world, client, testing::server_config(Kind::kTls12GbaPsk, world));
  ASSERT_TRUE(pair.client->start().ok());
  testing::Transcript t;
  testing::pump(*pair.client, *pair.server, t);
  ASSERT_TRUE(pair.client->connected());
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_EQ(asked[0], 0x00A8);
  auto ua = ua_protocol_id_tls12(pair.client->cipher_suite());
  EXPECT_EQ(Bytes(ua.begin(), ua.end()), (Bytes{0x01, 0x00, 0x01, 0x00, 0xA8}));
}

TEST(TlsGba, IdentityHelpers) {
  EXPECT_EQ(gba_psk_identity("abc@bsf"), "3GPP-bootstrapping.abc@bsf");
  auto id = parse_gba_psk_identity("3GPP-bootstrapping.abc@bsf");
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->prefix, "3GPP-bootstrapping");
  EXPECT_EQ(id->btid, "abc@bsf");
  auto uicc = parse_gba_psk_identity("3GPP-bootstrapping-uicc.x@y");
  ASSERT_TRUE(uicc.ok());
  EXPECT_EQ(uicc->prefix, "3GPP-bootstrapping-uicc");
  EXPECT_EQ(uicc->btid, "x@y");
  EXPECT_NE(parse_gba_psk_identity("3GPP-bootstrapping@x").error().message.find("expected '.'"),
            std::string::npos);
  EXPECT_NE(parse_gba_psk_identity("3GPP-bootstrapping.").error().message.find("empty B-TID"),
            std::string::npos);
  EXPECT_FALSE(parse_gba_psk_identity("Client_identity").ok());
  EXPECT_FALSE(parse_gba_psk_identity("3GPP-bootstrapping-other.x").ok());
}

}  // namespace
}  // namespace imssim::tls

namespace imssim::tls {
namespace {

// Writes the fuzz seed corpora from real client flights. Run by hand:
//   tls_test --gtest_also_run_disabled_tests --gtest_filter='*WriteFuzzCorpus*'
TEST(TlsFuzzCorpus, DISABLED_WriteFuzzCorpus) {
  std::string root = std::string(IMSSIM_SOURCE_DIR) + "/tests/fuzz/corpus/";
  auto write = [](const std::string& path, std::uint8_t first, const Bytes& bytes) {
    FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr) << path;
    std::fputc(first, f);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
  };
  for (Kind kind : {Kind::kTls12GbaPsk, Kind::kTls13Psk, Kind::kTls13Certificate}) {
    auto h = testing::handshake(100, kind);
    Bytes client_bytes;
    for (const auto& f : h.transcript.flights)
      if (f.client_to_server) append(client_bytes, f.bytes);
    std::string name(to_string(kind));
    std::uint8_t version = kind == Kind::kTls12GbaPsk ? 0 : 1;
    write(root + "tls_identity_scanner/" + name, std::uint8_t(version | (40 << 1)), client_bytes);
    write(root + "tls_server/" + name + "-client-hello", std::uint8_t(kind),
          h.transcript.flights[0].bytes);
  }
}

}  // namespace
}  // namespace imssim::tls

#include <filesystem>
#include <fstream>

#include "nodes/proto/tls/key_log.h"

namespace imssim::tls {
namespace {

TEST(TlsKeyLog, FileGetsOneLinePerSecret) {
  std::string path = (std::filesystem::temp_directory_path() / "imssim_tls_keylog_test.txt").string();
  {
    auto file = KeyLogFile::open(path);
    ASSERT_TRUE(file.ok()) << file.error().message;
    testing::World world(37);
    Config client = testing::client_config(Kind::kTls13Psk, world);
    client.key_log = KeyLogFile::sink(*file);
    auto pair = testing::make_pair(world, client, testing::server_config(Kind::kTls13Psk, world));
    ASSERT_TRUE(pair.client->start().ok());
    testing::Transcript t;
    testing::pump(*pair.client, *pair.server, t);
    ASSERT_TRUE(pair.client->connected());
    EXPECT_EQ((*file)->lines_written(), 5u);  // 2 handshake, 2 traffic, exporter
  }
  std::ifstream in(path);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    EXPECT_NE(line.find(' '), std::string::npos);
  }
  EXPECT_EQ(lines, 5);
  std::filesystem::remove(path);
  EXPECT_FALSE(KeyLogFile::open("/nonexistent-dir/x/keylog").ok());
}

}  // namespace
}  // namespace imssim::tls
