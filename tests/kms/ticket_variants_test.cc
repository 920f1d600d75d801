// The ticket variants' key management over the simulated network: UEs with TlsTicketAgent or
// MikeyTicketAgent (TCP + GBA PSK-TLS + HTTP), the KMS with HttpsService + HttpApi, Ks_NAF from
// a table. Also the sealed ticket on its own.
#include <gtest/gtest.h>

#include <map>

#include "nodes/keymgmt/key_transfer.h"
#include "nodes/keymgmt/mikey_ticket_agent.h"
#include "nodes/keymgmt/tls_ticket_agent.h"
#include "nodes/kms/http_api.h"
#include "nodes/kms/https_service.h"
#include "nodes/kms/ticket_seal.h"
#include "nodes/proto/tls/library_context.h"
#include "tests/kms/table_keys.h"
#include "tests/sim/net_fixture.h"

namespace imssim::kms {
namespace {

using namespace time_literals;
using keymgmt::KmsCredentials;
using keymgmt::MediaKey;
using keymgmt::SessionKey;
using sim::testing::ip;

const std::string kAlice = "sip:alice@ims.example", kBob = "sip:bob@ims.example",
                  kEve = "sip:eve@ims.example";

IssuedKey sample_key() {
  IssuedKey k;
  k.key_id = Bytes(16, 0x11);
  k.tgk = Bytes(16, 0x22);
  k.mpk = Bytes(16, 0x33);
  k.initiator = kAlice;
  k.receivers = {kBob};
  k.expires = Time::sec(3600);
  return k;
}

TEST(TicketSeal, OpensToWhatWasSealedAndOnlyWithItsKey) {
  Bytes key(kTicketKeyBytes, 0x5a), nonce(kTicketNonceBytes, 0x01);
  auto t = seal_ticket(key, nonce, sample_key());
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(Bytes(t->begin(), t->begin() + 16), Bytes(16, 0x11));  // the key-id leads, readable
  auto c = open_ticket(key, *t);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->tgk, Bytes(16, 0x22));
  EXPECT_EQ(c->mpk, Bytes(16, 0x33));
  EXPECT_EQ(c->receivers, std::vector<std::string>{kBob});
  EXPECT_EQ(c->expires, Time::sec(3600));
  EXPECT_FALSE(open_ticket(Bytes(kTicketKeyBytes, 0x5b), *t));  // another KMS's key
  for (std::size_t i : {std::size_t(0), std::size_t(20), t->size() - 1}) {
    Bytes altered = *t;
    altered[i] ^= 0x01;  // the key-id is authenticated too (AAD)
    EXPECT_FALSE(open_ticket(key, altered)) << "byte " << i;
  }
  EXPECT_FALSE(open_ticket(key, Bytes(t->begin(), t->begin() + 40)));
  EXPECT_FALSE(seal_ticket(key, Bytes(11, 0), sample_key()));  // nonce of the wrong size
}

using testing::TableKeys;

struct Net : sim::testing::TwoZones {
  explicit Net(tls::Kind tls_kind = tls::Kind::kTls12GbaPsk)
      : TwoZones(9, {.delay = 10_ms}, {.delay = 1_ms}),
        eve_host(sim.network().add_host("eve", ip("10.1.0.3"), this->access)),
        library_rng(Rng::derive(9, "tls-library")),
        library(tls::LibraryContext::create(library_rng).value()),
        keys(server.env()),
        kms(server.env(), KmsConfig{}),
        responder(server.env(), kms, {}),
        api(server.env(), kms, responder),
        kind(tls_kind) {
    for (const auto& [impu, creds] :
         std::map<std::string, KmsCredentials>{{kAlice, alice}, {kBob, bob}, {kEve, eve}}) {
      std::string impi = impu.substr(4);
      kms.policy().add_subscriber(impi, impu);
      keys.add(creds.btid, creds.ks_naf, impi);
    }
    https = HttpsService::start(
                server.env(), *library, kms, keys, {443, kind},
                [this](const http::Request& r, const NafKey& peer) { return api.handle(r, peer); })
                .value();
  }
  keymgmt::TicketAgentConfig config(const std::string& impu) {
    return {{{ip("10.2.0.1"), 443}, "kms.ims.example", kind, library.get()}, impu};
  }
  template <typename T>
  void wait(const std::optional<T>& r) {
    ASSERT_TRUE(sim.run_until([&] { return r.has_value(); }, sim.now() + 60_s));
  }

  KmsCredentials alice{"alice-btid@bsf.ims.example", Bytes(32, 0xA1)};
  KmsCredentials bob{"bob-btid@bsf.ims.example", Bytes(32, 0xB0)};
  KmsCredentials eve{"eve-btid@bsf.ims.example", Bytes(32, 0xEE)};
  sim::Host& eve_host;
  Rng library_rng;
  std::unique_ptr<tls::LibraryContext> library;
  TableKeys keys;
  Kms kms;
  MikeyResponder responder;
  HttpApi api;
  tls::Kind kind;
  std::unique_ptr<HttpsService> https;
};

template <typename T>
auto into(std::optional<Result<T>>& o, keymgmt::ExchangeStats* stats = nullptr) {
  return [&o, stats](Result<T> r, const keymgmt::ExchangeStats& s) {
    o = std::move(r);
    if (stats) *stats = s;
  };
}

template <typename Agent>
void callee_gets_the_callers_key(tls::Kind kind, int round_trips) {
  Net net(kind);
  Agent a(net.ue.env(), net.config(kAlice));
  Agent b(net.ue2.env(), net.config(kBob));
  std::optional<Result<SessionKey>> offer, accepted;
  keymgmt::ExchangeStats sa, sb;
  a.offer(net.alice, {kBob}, kBob, into(offer, &sa));
  net.wait(offer);
  ASSERT_TRUE(*offer) << offer->error().message;
  EXPECT_FALSE((*offer)->key.ticket.empty());
  b.accept(net.bob, (*offer)->key_mgmt, into(accepted, &sb));
  net.wait(accepted);
  ASSERT_TRUE(*accepted) << accepted->error().message;
  EXPECT_EQ((*offer)->key.fingerprint(), (*accepted)->key.fingerprint());
  EXPECT_EQ(sa.round_trips, round_trips);
  EXPECT_EQ(sb.round_trips, round_trips);
  EXPECT_TRUE(a.check_answer((*accepted)->key_mgmt, (*offer)->key_mgmt, (*offer)->key, net.sim.now()));
  EXPECT_EQ(net.kms.work().tls_handshakes, 2u);

  // eve presents the ticket she read in the INVITE: refused, no key.
  Agent e(net.eve_host.env(), net.config(kEve));
  std::optional<Result<MediaKey>> stolen, forged;
  e.resolve(net.eve, (*offer)->key.reference(), into(stolen));
  net.wait(stolen);
  EXPECT_FALSE(*stolen);
  // bob presents a ticket with one bit changed: the KMS cannot open it.
  Bytes altered = (*offer)->key.reference();
  altered[30] ^= 0x04;
  b.resolve(net.bob, altered, into(forged));
  net.wait(forged);
  EXPECT_FALSE(*forged);
  EXPECT_EQ(net.kms.work().refusals.at("not-authorised-receiver"), 1u);
  EXPECT_EQ(net.kms.work().refusals.at("invalid-ticket"), 1u);
}

TEST(TlsTicket, CalleeGetsTheCallersKeyInFourRoundTripsEachOverTls12) {
  callee_gets_the_callers_key<keymgmt::TlsTicketAgent>(tls::Kind::kTls12GbaPsk, 4);
}

TEST(TlsTicket, ThreeRoundTripsOverTls13) {
  callee_gets_the_callers_key<keymgmt::TlsTicketAgent>(tls::Kind::kTls13Psk, 3);
}

TEST(MikeyTicket, CalleeGetsTheKeyAndTheCallerVerifiesTransferResp) {
  callee_gets_the_callers_key<keymgmt::MikeyTicketAgent>(tls::Kind::kTls12GbaPsk, 4);
}

TEST(MikeyTicket, AnAlteredTransferRespIsRefused) {
  Net net;
  keymgmt::MikeyTicketAgent a(net.ue.env(), net.config(kAlice));
  keymgmt::MikeyTicketAgent b(net.ue2.env(), net.config(kBob));
  std::optional<Result<SessionKey>> offer, accepted;
  a.offer(net.alice, {kBob}, kBob, into(offer));
  net.wait(offer);
  ASSERT_TRUE(*offer);
  b.accept(net.bob, (*offer)->key_mgmt, into(accepted));
  net.wait(accepted);
  ASSERT_TRUE(*accepted);
  Bytes answer = (*accepted)->key_mgmt;
  answer[answer.size() - 1] ^= 0x01;  // the MAC's last byte
  EXPECT_FALSE(a.check_answer(answer, (*offer)->key_mgmt, (*offer)->key, net.sim.now()));
  EXPECT_FALSE(a.check_answer({}, (*offer)->key_mgmt, (*offer)->key, net.sim.now()));
}

TEST(TlsTicket, AnUnknownBtidFailsTheHandshake) {
  Net net;
  keymgmt::TlsTicketAgent a(net.ue.env(), net.config(kAlice));
  std::optional<Result<SessionKey>> offer;
  a.offer(KmsCredentials{"nobody@bsf.ims.example", Bytes(32, 1)}, {kBob}, kBob, into(offer));
  net.wait(offer);
  ASSERT_FALSE(*offer);
  EXPECT_NE(offer->error().message.find("TLS"), std::string::npos) << offer->error().message;
  EXPECT_EQ(net.kms.work().keys_issued, 0u);
}

TEST(HttpApi, RefusesWhatItCannotServeWithStatusAndReason) {
  Net net;
  NafKey peer{Bytes(32, 0xA1), "alice@ims.example", Time::sec(100)};
  auto post = [&](std::string target, std::string type, std::string body) {
    http::Request r;
    r.method = "POST";
    r.target = std::move(target);
    r.headers.add("Content-Type", std::move(type));
    r.body = to_bytes(body);
    return net.api.handle(r, peer).status;
  };
  EXPECT_EQ(post("/nowhere", "application/json", "{}"), 404);
  EXPECT_EQ(post("/kms/ticket", "text/plain", "{}"), 400);
  EXPECT_EQ(post("/kms/ticket", "application/json", "{not json"), 400);
  EXPECT_EQ(post("/kms/ticket", "application/json", R"({"initiator": 5, "receivers": []})"), 400);
  EXPECT_EQ(post("/kms/ticket", "application/json",
                 R"({"initiator": "sip:bob@ims.example", "receivers": ["sip:eve@ims.example"]})"),
            403);  // alice may not ask as bob
  EXPECT_EQ(post("/kms/resolve", "application/json", R"({"receiver": "x", "ticket": "%%"})"), 400);
  EXPECT_EQ(post("/kms/mikey", "application/json", "{}"), 415);
  EXPECT_EQ(post("/kms/mikey", "application/mikey", "garbage"), 400);
  http::Request get;
  get.method = "GET";
  get.target = "/kms/ticket";
  EXPECT_EQ(net.api.handle(get, peer).status, 405);
}

}  // namespace
}  // namespace imssim::kms
