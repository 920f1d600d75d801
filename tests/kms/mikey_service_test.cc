// The `mikey` variant's key management over the simulated network: UEs with MikeyClient, the
// KMS with MikeyService, Ks_NAF handed out by a table instead of the BSF (tested elsewhere).
#include "nodes/kms/mikey_service.h"

#include <gtest/gtest.h>

#include <map>

#include "nodes/keymgmt/key_transfer.h"
#include "nodes/keymgmt/mikey_client.h"
#include "nodes/proto/mikey/psk_messages.h"
#include "nodes/proto/mikey/ticket_messages.h"
#include "tests/kms/table_keys.h"
#include "tests/sim/net_fixture.h"

namespace imssim::kms {
namespace {

using namespace time_literals;
using keymgmt::MediaKey;
using sim::testing::ip;

const Endpoint kKms{ip("10.2.0.1"), 2269};
const std::string kAlice = "sip:alice@ims.example", kBob = "sip:bob@ims.example",
                  kEve = "sip:eve@ims.example";

using testing::TableKeys;

struct Ue {
  std::string impu, impi, btid;
  Bytes ks_naf;
};

struct Net : sim::testing::TwoZones {
  explicit Net(sim::LinkProfile access_link = {.delay = 10_ms}, Time lifetime = Time::sec(3600))
      : TwoZones(7, access_link, {.delay = 1_ms}),
        eve_host(sim.network().add_host("eve", ip("10.1.0.3"), this->access)),
        keys(server.env()),
        kms(server.env(), KmsConfig{lifetime, {}}) {
    for (const auto& u : {alice, bob, eve}) {
      kms.policy().add_subscriber(u.impi, u.impu);
      keys.add(u.btid, u.ks_naf, u.impi);
    }
    service = MikeyService::start(server.env(), kms, keys, {}).value();
  }
  std::unique_ptr<keymgmt::MikeyClient> client(sim::Host& h, const Ue& u) {
    keymgmt::MikeyClientConfig c{kKms, "sip:kms.ims.example", u.impu, u.btid, u.ks_naf};
    return keymgmt::MikeyClient::create(h.env(), c).value();
  }
  // Runs until `r` holds a result.
  void wait(const std::optional<Result<MediaKey>>& r) {
    ASSERT_TRUE(sim.run_until([&] { return r.has_value(); }, sim.now() + 60_s));
  }

  Ue alice{kAlice, "alice@ims.example", "alice-btid@bsf.ims.example", Bytes(32, 0xA1)};
  Ue bob{kBob, "bob@ims.example", "bob-btid@bsf.ims.example", Bytes(32, 0xB0)};
  Ue eve{kEve, "eve@ims.example", "eve-btid@bsf.ims.example", Bytes(32, 0xEE)};
  sim::Host& eve_host;
  TableKeys keys;
  Kms kms;
  std::unique_ptr<MikeyService> service;
};

using Outcome = std::optional<Result<MediaKey>>;
auto into(Outcome& o) {
  return [&o](Result<MediaKey> r, const keymgmt::ExchangeStats&) { o = std::move(r); };
}

TEST(MikeyKeyManagement, CallerAndCalleeDeriveTheSameKeyInOneRoundTripEach) {
  Net net;
  auto a = net.client(net.ue, net.alice);
  auto b = net.client(net.ue2, net.bob);
  Outcome got_a, got_b;
  a->request_key({kBob}, into(got_a));
  net.wait(got_a);
  ASSERT_TRUE(*got_a) << got_a->error().message;
  EXPECT_EQ((*got_a)->key_id.size(), kKeyIdBytes);
  b->resolve_key((*got_a)->key_id, into(got_b));
  net.wait(got_b);
  ASSERT_TRUE(*got_b) << got_b->error().message;
  EXPECT_EQ((*got_a)->fingerprint(), (*got_b)->fingerprint());
  EXPECT_EQ((*got_a)->from_caller.master_key, (*got_b)->from_caller.master_key);
  EXPECT_NE((*got_a)->from_caller.master_key, (*got_a)->from_callee.master_key);
  EXPECT_EQ(a->counters().round_trips, 1);
  EXPECT_EQ(b->counters().round_trips, 1);
  EXPECT_EQ(a->counters().retransmissions, 0);
  EXPECT_EQ(net.kms.work().keys_issued, 1u);
  EXPECT_EQ(net.kms.work().resolves, 1u);
  // One access + core crossing each way, plus the Ks_NAF lookup: about 2*(10+1) + 2 ms.
  EXPECT_GE(net.sim.now(), 24_ms * 2);
}

TEST(MikeyKeyManagement, TheInvitesKeyTransferCarriesTheKeyIdAndVerifiesOnlyWithTheResolvedKey) {
  Net net;
  auto a = net.client(net.ue, net.alice);
  auto b = net.client(net.ue2, net.bob);
  Outcome got_a, got_b;
  a->request_key({kBob}, into(got_a));
  net.wait(got_a);
  ASSERT_TRUE(*got_a);
  auto wire = keymgmt::build_key_transfer(net.ue.env(), **got_a, kAlice, kBob);
  ASSERT_TRUE(wire) << wire.error().message;
  auto info = keymgmt::read_key_transfer(*wire);  // what the IMS core and UE B read
  ASSERT_TRUE(info) << info.error().message;
  EXPECT_EQ(info->reference, (*got_a)->key_id);
  EXPECT_EQ(info->caller, kAlice);
  b->resolve_key(info->reference, into(got_b));
  net.wait(got_b);
  ASSERT_TRUE(*got_b);
  EXPECT_TRUE(keymgmt::verify_key_transfer(*wire, **got_b, net.sim.now()));
  MediaKey wrong = **got_b;
  wrong.mpk[0] ^= 1;
  EXPECT_FALSE(keymgmt::verify_key_transfer(*wire, wrong, net.sim.now()));
}

TEST(MikeyKeyManagement, AThirdUeIsRefusedAndNeverGetsTheKey) {
  Net net;
  auto a = net.client(net.ue, net.alice);
  auto e = net.client(net.eve_host, net.eve);
  Outcome got_a, got_e;
  a->request_key({kBob}, into(got_a));
  net.wait(got_a);
  ASSERT_TRUE(*got_a);
  e->resolve_key((*got_a)->key_id, into(got_e));
  net.wait(got_e);
  ASSERT_FALSE(*got_e);
  EXPECT_NE(got_e->error().message.find("Authentication failure"), std::string::npos)
      << got_e->error().message;
  EXPECT_EQ(net.kms.work().resolves, 0u);
  EXPECT_EQ(net.kms.work().refusals.at("not-authorised-receiver"), 1u);
}

TEST(MikeyKeyManagement, EveCannotResolveClaimingBobsIdentity) {
  Net net;
  auto a = net.client(net.ue, net.alice);
  Outcome got_a, got_e;
  a->request_key({kBob}, into(got_a));
  net.wait(got_a);
  Ue impostor = net.eve;
  impostor.impu = kBob;  // Eve's own GBA key, Bob's IMPU
  auto e = net.client(net.eve_host, impostor);
  e->resolve_key((*got_a)->key_id, into(got_e));
  net.wait(got_e);
  ASSERT_FALSE(*got_e);
  EXPECT_NE(got_e->error().message.find("ID not supported"), std::string::npos);
  EXPECT_EQ(net.kms.work().refusals.at("identity-not-owned"), 1u);
}

TEST(MikeyKeyManagement, UnknownAndExpiredKeyIdsAreRefused) {
  Net net({.delay = 10_ms}, 10_s);
  auto a = net.client(net.ue, net.alice);
  auto b = net.client(net.ue2, net.bob);
  Outcome unknown;
  b->resolve_key(Bytes(16, 0x42), into(unknown));
  net.wait(unknown);
  ASSERT_FALSE(*unknown);
  EXPECT_NE(unknown->error().message.find("Invalid TICKET"), std::string::npos);

  Outcome got_a, late;
  a->request_key({kBob}, into(got_a));
  net.wait(got_a);
  net.sim.run_until(net.sim.now() + 11_s);
  b->resolve_key((*got_a)->key_id, into(late));
  net.wait(late);
  ASSERT_FALSE(*late);
  EXPECT_EQ(net.kms.work().refusals.at("key-expired"), 1u);
}

TEST(MikeyKeyManagement, UnknownBtidGetsAnUnsignedAuthenticationFailure) {
  Net net;
  Ue stranger = net.alice;
  stranger.btid = "nobody@bsf.ims.example";
  auto a = net.client(net.ue, stranger);
  Outcome got;
  a->request_key({kBob}, into(got));
  net.wait(got);
  ASSERT_FALSE(*got);
  EXPECT_NE(got->error().message.find("unsigned"), std::string::npos) << got->error().message;
  EXPECT_EQ(net.kms.work().keys_issued, 0u);
}

// Raw MIKEY from a socket of our own, to tamper with and replay requests.
struct RawPeer {
  RawPeer(sim::Host& h) : socket(h.env().open_udp(5555).value()) {
    socket->on_receive(
        [this](const Endpoint&, ByteView p) { got.emplace_back(p.begin(), p.end()); });
  }
  std::unique_ptr<DatagramSocket> socket;
  std::vector<Bytes> got;
};

Bytes alice_request(Net& net, std::uint32_t csb_id) {
  mikey::RequestInit m;
  m.header.csb_id = csb_id;
  m.t = *mikey::make_timestamp(mikey::TsType::kNtpUtc, net.sim.now(), mikey::default_epoch());
  m.rand_i = Bytes(16, 0x5A);
  m.initiator = mikey::Identity::uri(kAlice);
  m.responders = {mikey::Identity::uri(kBob)};
  m.psk_id = mikey::Identity{std::uint8_t(mikey::IdType::kByteString), to_bytes(net.alice.btid)};
  m.tp = mikey::key_id_ticket({}).policy;
  return mikey::build_request_init(m, net.alice.ks_naf).value();
}

TEST(MikeyKeyManagement, TamperedRequestIsRejectedWithAuthenticationFailure) {
  Net net;
  RawPeer peer(net.ue);
  Bytes wire = alice_request(net, 0x01020304);
  wire[wire.size() - 30] ^= 0x01;  // inside the last IDRr/TP, covered by the MAC
  peer.socket->send_to(kKms, wire);
  net.sim.run_until(net.sim.now() + 1_s);
  ASSERT_EQ(peer.got.size(), 1u);
  auto err = mikey::parse_error(peer.got[0], nullptr,
                                {net.sim.now(), mikey::default_epoch(), 300_s, nullptr});
  ASSERT_TRUE(err) << err.error().message;
  EXPECT_EQ(err->errors, std::vector<std::uint8_t>{std::uint8_t(mikey::ErrorNo::kAuthFailure)});
  EXPECT_EQ(net.kms.work().keys_issued, 0u);
  EXPECT_EQ(net.kms.work().malformed, 1u);
}

TEST(MikeyKeyManagement, RetransmissionGetsTheCachedAnswerAndALateReplayIsDropped) {
  Net net;
  RawPeer peer(net.ue);
  Bytes wire = alice_request(net, 0x0A0B0C0D);
  peer.socket->send_to(kKms, wire);
  net.sim.run_until(net.sim.now() + 1_s);
  peer.socket->send_to(kKms, wire);  // a retransmission: same answer, no second key
  net.sim.run_until(net.sim.now() + 1_s);
  ASSERT_EQ(peer.got.size(), 2u);
  EXPECT_EQ(peer.got[0], peer.got[1]);
  EXPECT_EQ(net.kms.work().keys_issued, 1u);
  EXPECT_EQ(net.kms.work().retransmitted_requests, 1u);

  net.sim.run_until(net.sim.now() + 40_s);  // response cache gone, replay window not
  peer.socket->send_to(kKms, wire);
  net.sim.run_until(net.sim.now() + 1_s);
  EXPECT_EQ(peer.got.size(), 2u);
  EXPECT_EQ(net.kms.work().keys_issued, 1u);
  EXPECT_EQ(net.kms.work().replays, 1u);
}

TEST(MikeyKeyManagement, LossIsRecoveredByRetransmission) {
  Net net({.delay = 10_ms, .loss = 0.4});
  auto a = net.client(net.ue, net.alice);
  int ok = 0;
  for (int i = 0; i < 8; ++i) {
    Outcome got;
    a->request_key({kBob}, into(got));
    net.wait(got);
    ok += bool(*got);
  }
  EXPECT_EQ(ok, 8);
  EXPECT_EQ(a->counters().round_trips, 8);
  EXPECT_GT(a->counters().retransmissions, 0);
  // Each answered request issued exactly one key, retransmissions notwithstanding.
  EXPECT_EQ(net.kms.work().keys_issued, 8u);
}

TEST(MikeyKeyManagement, GivesUpWhenTheKmsNeverAnswers) {
  Net net({.delay = 10_ms, .loss = 1.0});
  auto a = net.client(net.ue, net.alice);
  Outcome got;
  a->request_key({kBob}, into(got));
  net.wait(got);
  ASSERT_FALSE(*got);
  EXPECT_NE(got->error().message.find("did not answer"), std::string::npos);
  EXPECT_EQ(a->counters().round_trips, 0);
  EXPECT_GE(a->counters().retransmissions, 6);
}

}  // namespace
}  // namespace imssim::kms
