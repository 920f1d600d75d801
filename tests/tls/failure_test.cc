// What goes wrong: wrong PSK, unknown identity, wrong host name, garbage input; errors are
// typed, carry OpenSSL's reason text, and never crash.
#include <gtest/gtest.h>

#include "common/hex.h"
#include "tests/tls/tls_harness.h"

namespace imssim::tls {
namespace {

using testing::World;

testing::Pair run(World& world, const Config& client, const Config& server,
                  testing::Transcript& t) {
  auto pair = testing::make_pair(world, client, server);
  EXPECT_TRUE(pair.client->start().ok());
  testing::pump(*pair.client, *pair.server, t);
  return pair;
}

bool has_event(std::vector<Event> events, Event::Type type, const std::string& text = "") {
  for (const auto& e : events)
    if (e.type == type && (text.empty() || e.text == text)) return true;
  return false;
}

class WrongPsk : public ::testing::TestWithParam<Kind> {};

TEST_P(WrongPsk, FailsOnBothSidesWithAClearError) {
  World world(20);
  Config client = testing::client_config(GetParam(), world);
  client.client_psk = ClientPsk::fixed(gba_psk_identity(testing::kBtid), Bytes(32, 0x33));
  testing::Transcript t;
  auto pair = run(world, client, testing::server_config(GetParam(), world), t);
  EXPECT_EQ(pair.client->state(), State::kFailed);
  EXPECT_EQ(pair.server->state(), State::kFailed);
  EXPECT_EQ(pair.server->failure().kind, ErrorKind::kHandshake);
  EXPECT_EQ(pair.client->failure().kind, ErrorKind::kHandshake);
  // TLS 1.2: the server cannot decrypt/verify the client's Finished; TLS 1.3: the binder fails.
  const std::string& server_error = pair.server->failure().message;
  const std::string& client_error = pair.client->failure().message;
  if (GetParam() == Kind::kTls12GbaPsk) {
    EXPECT_NE(server_error.find("SSL routines"), std::string::npos) << server_error;
  } else {
    EXPECT_NE(server_error.find("binder does not verify"), std::string::npos) << server_error;
  }
  EXPECT_NE(client_error.find("alert"), std::string::npos) << client_error;
  EXPECT_TRUE(has_event(pair.client->take_events(), Event::Type::kAlertReceived));
  EXPECT_TRUE(has_event(pair.server->take_events(), Event::Type::kAlertSent));
  EXPECT_EQ(pair.client->stats().received.alert.records, 1u);
  // Once failed, further input reports the same failure.
  auto again = pair.server->receive(as_bytes("more"));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().message, server_error);
  std::printf("wrong PSK (%s):\n  server: %s\n  client: %s\n",
              std::string(to_string(GetParam())).c_str(), server_error.c_str(),
              client_error.c_str());
}

TEST_P(WrongPsk, UnknownIdentityFails) {
  World world(21);
  Config client = testing::client_config(GetParam(), world);
  client.client_psk = ClientPsk::fixed(gba_psk_identity("other@bsf"), testing::ks_naf());
  testing::Transcript t;
  auto pair = run(world, client, testing::server_config(GetParam(), world), t);
  EXPECT_EQ(pair.client->state(), State::kFailed);
  EXPECT_EQ(pair.server->state(), State::kFailed);
  EXPECT_EQ(pair.server->psk_identity(), "3GPP-bootstrapping.other@bsf");
  EXPECT_NE(pair.server->failure().message.find("no key for PSK identity"), std::string::npos);
  std::printf("unknown identity: %s\n", pair.server->failure().message.c_str());
}

INSTANTIATE_TEST_SUITE_P(PskKinds, WrongPsk,
                         ::testing::Values(Kind::kTls12GbaPsk, Kind::kTls13Psk));

TEST(TlsFailure, WrongHostNameFailsCertificateVerification) {
  World world(22);
  auto cert = world.certificate("evil.example.net");
  Config client = testing::client_config(Kind::kTls13Certificate, world, cert);
  client.server_name = testing::kNafHost;  // expects kms.ims.example.com
  testing::Transcript t;
  auto pair = run(world, client, testing::server_config(Kind::kTls13Certificate, world, cert), t);
  ASSERT_EQ(pair.client->state(), State::kFailed);
  const std::string& error = pair.client->failure().message;
  EXPECT_NE(error.find("certificate verify failed"), std::string::npos) << error;
  EXPECT_NE(error.find("hostname mismatch"), std::string::npos) << error;
  EXPECT_EQ(pair.server->state(), State::kFailed);  // it received bad_certificate
  EXPECT_TRUE(has_event(pair.server->take_events(), Event::Type::kAlertReceived,
                        "bad certificate"));
  std::printf("wrong host: %s\n", error.c_str());
}

TEST(TlsFailure, UntrustedCertificateFails) {
  World world(23);
  Config client = testing::client_config(Kind::kTls13Certificate, world,
                                         world.certificate(testing::kNafHost));
  testing::Transcript t;
  // The server presents another key for the same name.
  auto pair = run(world, client,
                  testing::server_config(Kind::kTls13Certificate, world,
                                         world.certificate(testing::kNafHost, "impostor")),
                  t);
  ASSERT_EQ(pair.client->state(), State::kFailed);
  EXPECT_NE(pair.client->failure().message.find("certificate verification"), std::string::npos)
      << pair.client->failure().message;
}

TEST(TlsFailure, ExpiredCertificateFailsAtTheGivenTime) {
  World world(24);
  auto cert = world.certificate(testing::kNafHost);
  Config client = testing::client_config(Kind::kTls13Certificate, world, cert);
  client.verify_time_unix = kCertificateNotBeforeUnix + kCertificateValiditySeconds + 1;
  testing::Transcript t;
  auto pair = run(world, client, testing::server_config(Kind::kTls13Certificate, world, cert), t);
  ASSERT_EQ(pair.client->state(), State::kFailed);
  EXPECT_NE(pair.client->failure().message.find("certificate has expired"), std::string::npos)
      << pair.client->failure().message;
}

class Garbage : public ::testing::TestWithParam<Kind> {};

TEST_P(Garbage, ServerRejectsGarbageWithAnError) {
  World world(25);
  auto server = world.endpoint(world.context(testing::server_config(GetParam(), world), "s"), "s");
  auto result = server->receive(as_bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kHandshake);
  EXPECT_NE(result.error().message.find("SSL routines"), std::string::npos)
      << result.error().message;
  EXPECT_EQ(server->state(), State::kFailed);
  std::printf("garbage: %s\n", result.error().message.c_str());
}

TEST_P(Garbage, ClientRejectsGarbageAnswer) {
  World world(26);
  auto client = world.endpoint(world.context(testing::client_config(GetParam(), world), "c"), "c");
  ASSERT_TRUE(client->start().ok());
  EXPECT_FALSE(client->take_output().empty());
  Rng noise(5);
  auto result = client->receive(noise.bytes(300));
  EXPECT_FALSE(result.ok());
  EXPECT_EQ(client->state(), State::kFailed);
}

TEST_P(Garbage, TruncatedAndCorruptedRecordsAfterTheHandshake) {
  auto h = testing::handshake(27, GetParam());
  ASSERT_TRUE(h.pair.server->connected());
  ASSERT_TRUE(h.pair.client->send(as_bytes("hello")).ok());
  Bytes record = h.pair.client->take_output();
  ASSERT_GT(record.size(), 10u);
  // Half a record: nothing yet, no error.
  ASSERT_TRUE(h.pair.server->receive(ByteView(record).subspan(0, 7)).ok());
  EXPECT_TRUE(h.pair.server->take_plaintext().empty());
  // The rest with one bit flipped: the AEAD tag fails.
  Bytes rest(record.begin() + 7, record.end());
  rest.back() ^= 1;
  auto result = h.pair.server->receive(rest);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().kind, ErrorKind::kProtocol);
  EXPECT_NE(result.error().message.find("bad record mac"), std::string::npos)
      << result.error().message;
}

INSTANTIATE_TEST_SUITE_P(AllKinds, Garbage,
                         ::testing::Values(Kind::kTls12GbaPsk, Kind::kTls13Psk,
                                           Kind::kTls13Certificate));

TEST(TlsFailure, ConfigErrorsNameWhatIsMissing) {
  World world(28);
  Config c;
  c.kind = Kind::kTls13Psk;
  c.role = Role::kClient;
  auto ctx = Context::create(world.library(), c, world.stream("x"));
  ASSERT_FALSE(ctx.ok());
  EXPECT_NE(ctx.error().message.find("client_psk"), std::string::npos);
  c.kind = Kind::kTls13Certificate;
  c.role = Role::kServer;
  ctx = Context::create(world.library(), c, world.stream("y"));
  ASSERT_FALSE(ctx.ok());
  EXPECT_NE(ctx.error().message.find("certificate"), std::string::npos);
  c.kind = Kind::kTls12GbaPsk;
  c.psk_lookup = [](const PskRequest&) { return PskAnswer::unknown(); };
  c.cipher_list = "NO-SUCH-CIPHER";
  ctx = Context::create(world.library(), c, world.stream("z"));
  ASSERT_FALSE(ctx.ok());
  EXPECT_NE(ctx.error().message.find("no cipher match"), std::string::npos)
      << ctx.error().message;
}

TEST(TlsFailure, UsageErrors) {
  World world(29);
  auto server = world.endpoint(
      world.context(testing::server_config(Kind::kTls13Psk, world), "s"), "s");
  EXPECT_EQ(server->start().error().kind, ErrorKind::kUsage);
  EXPECT_EQ(server->resolve_psk(Bytes(32)).error().kind, ErrorKind::kUsage);
  EXPECT_EQ(server->close().error().kind, ErrorKind::kUsage);
  auto client = world.endpoint(
      world.context(testing::client_config(Kind::kTls13Psk, world), "c"), "c");
  EXPECT_EQ(client->receive(as_bytes("x")).error().kind, ErrorKind::kUsage);
  ASSERT_TRUE(client->start().ok());
  EXPECT_EQ(client->start().error().kind, ErrorKind::kUsage);
}

}  // namespace
}  // namespace imssim::tls
