// Same seed, same TLS bytes; another seed, other bytes. Two simulations in one process
// (even on two threads at once) do not disturb each other.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "common/hex.h"
#include "tests/tls/tls_harness.h"

namespace imssim::tls {
namespace {

using testing::handshake;

class TlsDeterminism : public ::testing::TestWithParam<Kind> {};

TEST_P(TlsDeterminism, SameSeedGivesIdenticalBytes) {
  auto a = handshake(42, GetParam());
  auto b = handshake(42, GetParam());
  ASSERT_TRUE(a.pair.client->connected()) << a.pair.client->failure().message;
  ASSERT_FALSE(a.transcript.flights.empty());
  EXPECT_TRUE(a.transcript == b.transcript);
  for (std::size_t i = 0; i < std::min(a.transcript.flights.size(), b.transcript.flights.size());
       ++i)
    EXPECT_EQ(to_hex(a.transcript.flights[i].bytes), to_hex(b.transcript.flights[i].bytes))
        << "flight " << i;
}

TEST_P(TlsDeterminism, AnotherSeedGivesOtherBytes) {
  auto a = handshake(42, GetParam());
  auto b = handshake(43, GetParam());
  ASSERT_TRUE(b.pair.client->connected());
  ASSERT_EQ(a.transcript.flights.size(), b.transcript.flights.size());
  // Every flight carries fresh randomness (hello randoms, key shares, or ciphertext).
  for (std::size_t i = 0; i < a.transcript.flights.size(); ++i)
    EXPECT_NE(a.transcript.flights[i].bytes, b.transcript.flights[i].bytes) << "flight " << i;
}

TEST_P(TlsDeterminism, ApplicationDataIsReproducibleToo) {
  auto run = [](std::uint64_t seed) {
    auto h = handshake(seed, GetParam());
    EXPECT_TRUE(h.pair.client->send(as_bytes("GET /key HTTP/1.1\r\n\r\n")).ok());
    testing::pump(*h.pair.client, *h.pair.server, h.transcript);
    return h.transcript;
  };
  EXPECT_TRUE(run(7) == run(7));
}

INSTANTIATE_TEST_SUITE_P(AllKinds, TlsDeterminism,
                         ::testing::Values(Kind::kTls12GbaPsk, Kind::kTls13Psk,
                                           Kind::kTls13Certificate),
                         [](const ::testing::TestParamInfo<Kind>& param) {
                           std::string name(to_string(param.param));
                           for (char& c : name)
                             if (c == '-') c = '_';
                           return name;
                         });

TEST(TlsDeterminism, CertificatesAreReproducibleFromTheSeed) {
  testing::World a(9), b(9), c(10);
  auto ca = a.certificate("kms.example"), cb = b.certificate("kms.example"),
       cc = c.certificate("kms.example");
  ASSERT_TRUE(ca && cb && cc);
  EXPECT_EQ(ca->der(), cb->der());
  EXPECT_NE(ca->der(), cc->der());
  EXPECT_NE(ca->pem().find("BEGIN CERTIFICATE"), std::string::npos);
}

TEST(TlsDeterminism, EndpointBytesDoNotDependOnOtherEndpointsOfTheSameContext) {
  // Two handshakes in one world, in either order: each pair's bytes come from its own
  // streams, so the interleaving of other work in the same library context does not matter.
  auto run = [](bool other_first) {
    testing::World world(11);
    auto cert = world.certificate(testing::kNafHost);
    auto make = [&](const std::string& tag) {
      return testing::Pair{
          world.endpoint(world.context(testing::client_config(Kind::kTls13Certificate, world, cert),
                                       "c" + tag),
                         "client-" + tag),
          world.endpoint(world.context(testing::server_config(Kind::kTls13Certificate, world, cert),
                                       "s" + tag),
                         "server-" + tag)};
    };
    auto target = make("target");
    auto other = make("other");
    testing::Transcript t_target, t_other;
    auto go = [](testing::Pair& p, testing::Transcript& t) {
      EXPECT_TRUE(p.client->start().ok());
      testing::pump(*p.client, *p.server, t);
    };
    if (other_first) go(other, t_other);
    go(target, t_target);
    if (!other_first) go(other, t_other);
    return t_target;
  };
  EXPECT_TRUE(run(true) == run(false));
}

TEST(TlsDeterminism, TwoSimulationsOnTwoThreadsAgree) {
  testing::Transcript reference = handshake(77, Kind::kTls13Certificate).transcript;
  testing::Transcript results[2];
  std::thread threads[2];
  for (int i = 0; i < 2; ++i)
    threads[i] = std::thread([&results, i] {
      for (int round = 0; round < 3; ++round)
        results[i] = handshake(77, Kind::kTls13Certificate).transcript;
    });
  for (auto& t : threads) t.join();
  EXPECT_TRUE(results[0] == reference);
  EXPECT_TRUE(results[1] == reference);
}

TEST(TlsDeterminism, LibraryContextCountsTheBytesOpenSslDrew) {
  testing::World world(12);
  std::uint64_t before = world.library().random_bytes_drawn();
  auto cert = world.certificate("x.example");
  ASSERT_TRUE(cert);
  // A P-256 key (32 B or more with rejection) plus an ECDSA nonce at least.
  EXPECT_GE(world.library().random_bytes_drawn() - before, 64u);
}

}  // namespace
}  // namespace imssim::tls

namespace imssim::tls {
namespace {

// OpenSSL seals the session's creation time (time(NULL)) into tickets; the context pins it,
// so even with tickets the bytes do not depend on the wall clock. Runs across a second
// boundary on purpose.
TEST(TlsDeterminism, SessionTicketsDoNotDependOnTheWallClock) {
  auto run = [](Kind kind) {
    testing::World world(13);
    Config client = testing::client_config(kind, world);
    Config server = testing::server_config(kind, world);
    client.session_tickets = server.session_tickets = true;
    auto pair = testing::make_pair(world, client, server);
    testing::Transcript t;
    EXPECT_TRUE(pair.client->start().ok());
    testing::pump(*pair.client, *pair.server, t);
    EXPECT_TRUE(pair.client->connected());
    return t;
  };
  for (Kind kind : {Kind::kTls12GbaPsk, Kind::kTls13Psk}) {
    auto first = run(kind);
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));
    EXPECT_TRUE(first == run(kind)) << to_string(kind);
  }
}

}  // namespace
}  // namespace imssim::tls
