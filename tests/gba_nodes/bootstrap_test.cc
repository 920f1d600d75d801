// The GBA nodes over the simulated network: UE bootstraps with the BSF (which asks the HSS),
// the KMS fetches Ks_NAF on Zn; failures, re-synchronisation and expiry.
#include <gtest/gtest.h>

#include "tests/gba_nodes/gba_net.h"

namespace imssim::gba_nodes {
namespace {

using testing::GbaNet;
using testing::NetOptions;

// Ks as the USIM would compute it for `rand`, independently of the nodes.
gba::Key256 expected_ks(const gba::Block& rand) {
  auto m = gba::Milenage::with_opc(*from_hex(testing::kK), *from_hex(testing::kOpc)).value();
  auto keys = m.f2345(rand);
  return gba::make_ks(keys.ck, keys.ik);
}

TEST(GbaNodes, BootstrapGivesTheKmsTheUesKsNaf) {
  GbaNet net(1);
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
  auto s = net.bootstrap(*ue);
  ASSERT_TRUE(s.ok()) << s.error().message;
  // B-TID = base64(RAND)@BSF (TS 33.220 §4.5.2); Ks = CK || IK of that RAND.
  EXPECT_EQ(s->btid, to_base64(s->rand) + "@" + std::string(kDefaultBsfFqdn));
  EXPECT_EQ(s->ks, expected_ks(s->rand));
  EXPECT_EQ(s->impi, testing::kImpi);
  // Bootstrapped at < 1 s of simulated time, lifetime one hour from then.
  EXPECT_EQ(s->expiry_unix, kDefaultEpochUnix + kDefaultKeyLifetimeSeconds);

  auto key = net.fetch(s->btid);
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ(key->ks_naf, *s->ks_naf(kDefaultNafFqdn));
  EXPECT_EQ(key->impi, testing::kImpi);
  EXPECT_EQ(key->expiry_unix, s->expiry_unix);
  // Another NAF or another Ua protocol gives another key.
  EXPECT_NE(key->ks_naf, *s->ks_naf("other.ims.example"));
  EXPECT_NE(key->ks_naf, *s->ks_naf(kDefaultNafFqdn, gba::kUaHttpDigest));

  // Ub: handshake, GET + 401 (with a Zh round trip), GET + 200. Access 20 ms and core 1 ms
  // one way: 3 UE-BSF round trips of 42 ms plus the Zh handshake and MAR/MAA (2 x 4 ms).
  EXPECT_EQ(ue->last_latency(), 42_ms * 3 + 8_ms);
  EXPECT_EQ(ue->counters().http_requests, 2u);
  EXPECT_EQ(net.hss->counters().vectors, 1u);
  EXPECT_EQ(net.bsf->counters().bootstraps, 1u);

  // The second fetch comes from the cache; no new round trip.
  auto again = net.fetch(s->btid);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->ks_naf, key->ks_naf);
  EXPECT_EQ(net.zn->counters().requests, 2u);
  EXPECT_EQ(net.zn->counters().round_trips, 1u);
  EXPECT_EQ(net.zn->counters().cache_hits, 1u);
  EXPECT_EQ(net.bsf->counters().zn_keys, 1u);
}

TEST(GbaNodes, ConcurrentFetchesShareOneBir) {
  GbaNet net(2);
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
  auto s = net.bootstrap(*ue);
  ASSERT_TRUE(s.ok()) << s.error().message;
  int answers = 0;
  for (int i = 0; i < 3; ++i)
    net.zn->fetch(s->btid, [&](Result<NafKey, ZnError> r) {
      EXPECT_TRUE(r.ok());
      ++answers;
    });
  net.sim.run_until_idle();
  EXPECT_EQ(answers, 3);
  EXPECT_EQ(net.zn->counters().round_trips, 1u);
  EXPECT_EQ(net.zn->counters().coalesced, 2u);
}

TEST(GbaNodes, SecondBootstrapReplacesTheFirst) {
  GbaNet net(3);
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
  auto first = net.bootstrap(*ue);
  auto second = net.bootstrap(*ue);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->btid, second->btid);
  EXPECT_NE(first->ks, second->ks);
  EXPECT_EQ(net.bsf->bootstraps_held(), 1u);
  EXPECT_EQ(net.fetch(first->btid).error().kind, ZnError::Kind::kInvalidBtid);
  EXPECT_TRUE(net.fetch(second->btid).ok());
  // SQN went up by one per vector: the USIM accepted two increasing values.
  EXPECT_EQ(net.hss->seq_he(testing::kImpi), 2u);
}

TEST(GbaNodes, WrongKFailsAtTheUsim) {
  GbaNet net(4);
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config("000102030405060708090a0b0c0d0e0f"))
                .value();
  auto s = net.bootstrap(*ue);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("GBA bootstrap of alice@ims.example: Ub: the USIM rejected "
                                   "the BSF's challenge"),
            std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find("MAC"), std::string::npos) << s.error().message;
  EXPECT_EQ(net.bsf->counters().bootstraps, 0u);
  EXPECT_EQ(ue->counters().failures, 1u);
}

TEST(GbaNodes, UnknownImpiIsRefusedWith5401) {
  GbaNet net(5);
  GbaClientConfig c = net.ue_config();
  c.impi = "mallory@ims.example";
  auto ue = GbaClient::create(net.ue_host.env(), c).value();
  auto s = net.bootstrap(*ue);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("the BSF answered 403 Forbidden: Ub: the HSS does not know "
                                   "IMPI mallory@ims.example (DIAMETER_ERROR_IMPI_UNKNOWN 5401)"),
            std::string::npos)
      << s.error().message;
  EXPECT_EQ(net.hss->counters().unknown_impi, 1u);
}

TEST(GbaNodes, HssDownGivesGatewayError) {
  GbaNet net(6, NetOptions{.start_hss = false});
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
  auto s = net.bootstrap(*ue);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("504 Gateway Timeout: Ub: HSS unreachable"), std::string::npos)
      << s.error().message;
}

// The USIM has seen higher SQNs than the HSS issues (e.g. the HSS was restored from a backup):
// every IND slot holds SEQ 1000, the HSS sends SEQ 1, the UE answers with AUTS, the HSS jumps.
TEST(GbaNodes, ResyncWhenTheUsimIsAhead) {
  GbaNet net(7);
  GbaClientConfig c = net.ue_config();
  const gba::SqnLayout layout;
  for (std::uint64_t ind = 0; ind < (1u << layout.ind_bits); ++ind)
    c.usim.accept(layout.join(1000, ind));
  auto ue = GbaClient::create(net.ue_host.env(), c).value();
  auto s = net.bootstrap(*ue);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(ue->counters().resyncs, 1u);
  EXPECT_EQ(ue->counters().http_requests, 3u);
  EXPECT_EQ(net.hss->counters().resyncs, 1u);
  EXPECT_EQ(net.hss->counters().vectors, 2u);
  EXPECT_EQ(net.hss->seq_he(testing::kImpi), 1001u);
  EXPECT_EQ(layout.seq(ue->usim().sqn_ms()), 1001u);
  auto key = net.fetch(s->btid);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->ks_naf, *s->ks_naf(kDefaultNafFqdn));
  // The next run needs no resync.
  ASSERT_TRUE(net.bootstrap(*ue).ok());
  EXPECT_EQ(ue->counters().resyncs, 1u);
}

// The HSS is more than Δ = 2^28 ahead of the USIM: the USIM refuses the jump (TS 33.102 C.2.1)
// and the HSS falls back to the USIM's SEQ_MS.
TEST(GbaNodes, ResyncWhenTheUsimIsBehind) {
  const gba::SqnLayout layout;
  GbaNet net(8, NetOptions{.hss_sqn = layout.join(gba::kDefaultSeqDelta + 100, 0)});
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
  auto s = net.bootstrap(*ue);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(ue->counters().resyncs, 1u);
  EXPECT_EQ(net.hss->seq_he(testing::kImpi), 1u);
  EXPECT_EQ(net.fetch(s->btid)->ks_naf, *s->ks_naf(kDefaultNafFqdn));
}

TEST(GbaNodes, UnknownBtidIsRefused) {
  GbaNet net(9);
  auto r = net.fetch("AAAAAAAAAAAAAAAAAAAAAA==@bsf.ims.example");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ZnError::Kind::kInvalidBtid);
  EXPECT_NE(r.error().message.find("DIAMETER_ERROR_TRANSACTION_IDENTIFIER_INVALID 5403"),
            std::string::npos)
      << r.error().message;
  EXPECT_EQ(net.bsf->counters().zn_invalid_btid, 1u);
  EXPECT_EQ(net.zn->counters().errors, 1u);
}

TEST(GbaNodes, ExpiryIsRespectedByBsfAndCache) {
  GbaNet net(10, NetOptions{.key_lifetime_seconds = 60});
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
  auto s = net.bootstrap(*ue);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->expiry_unix, kDefaultEpochUnix + 60);
  ASSERT_TRUE(net.fetch(s->btid).ok());
  net.sim.run_until(59_s);
  EXPECT_TRUE(net.zn->cached(s->btid).has_value());
  ASSERT_TRUE(net.fetch(s->btid).ok());
  EXPECT_EQ(net.zn->counters().cache_hits, 1u);
  net.sim.run_until(60_s);
  EXPECT_FALSE(net.zn->cached(s->btid).has_value());
  auto late = net.fetch(s->btid);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().kind, ZnError::Kind::kInvalidBtid);
  EXPECT_EQ(net.zn->counters().round_trips, 2u);
  EXPECT_EQ(net.bsf->bootstraps_held(), 0u);  // pruned
  // A fresh bootstrap works again.
  auto fresh = net.bootstrap(*ue);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(fresh->expiry_unix, kDefaultEpochUnix + 60 + 60);
  EXPECT_TRUE(net.fetch(fresh->btid).ok());
}

TEST(GbaNodes, BadUbRequestsGetClearAnswers) {
  GbaNet net(11);
  auto stream = net.ue_host.env().connect_tcp({net.bsf_host.address(), kHttpPort});
  std::string got;
  stream->on_data([&](ByteView d) { got.append(as_chars(d)); });
  stream->send(as_bytes("GET / HTTP/1.1\r\nHost: bsf.ims.example\r\n\r\n"));
  net.sim.run_until(1_s);
  EXPECT_NE(got.find("HTTP/1.1 400 Bad Request"), std::string::npos) << got;
  EXPECT_NE(got.find("request without Authorization"), std::string::npos) << got;
  got.clear();
  stream->send(
      as_bytes("GET / HTTP/1.1\r\nHost: x\r\nAuthorization: Digest username=\"alice@ims."
               "example\", realm=\"r\", nonce=\"bm9wZQ==\", uri=\"/\", response=\""
               "00000000000000000000000000000000\"\r\n\r\n"));
  net.sim.run_until(2_s);
  EXPECT_NE(got.find("HTTP/1.1 403 Forbidden"), std::string::npos) << got;
  EXPECT_NE(got.find("unknown or expired nonce"), std::string::npos) << got;
  got.clear();
  stream->send(as_bytes("GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n"));  // two Hosts
  net.sim.run_until(3_s);
  EXPECT_NE(got.find("HTTP/1.1 400"), std::string::npos) << got;
}

}  // namespace
}  // namespace imssim::gba_nodes
