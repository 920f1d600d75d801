// The GBA nodes under load and faults: many UEs at once over a lossy access network, a silent
// HSS, an unreachable BSF on Zn.
#include <gtest/gtest.h>

#include <vector>

#include "tests/gba_nodes/gba_net.h"

namespace imssim::gba_nodes {
namespace {

using testing::GbaNet;
using testing::NetOptions;

// 30 UEs bootstrap at the same instant over an access network with jitter and 3 % loss; the
// BSF multiplexes their MARs on one Zh connection, then the KMS fetches every key.
TEST(GbaNodesRobustness, ManyUesAtOnceOverALossyAccess) {
  constexpr int kUes = 30;
  for (std::uint64_t seed : {1u, 2u, 3u}) {
    GbaNet net(seed, {.access = {.delay = 20_ms, .jitter = 3_ms, .loss = 0.03},
                      .extra_subscribers = kUes});
    std::vector<std::unique_ptr<GbaClient>> ues;
    std::vector<std::optional<Result<GbaSession>>> out(kUes);
    for (int i = 0; i < kUes; ++i) {
      sim::Host& h = net.sim.network().add_host(
          "ue" + std::to_string(i), Ipv4{testing::ip("10.1.1.0").value + 1 + i}, net.access);
      GbaClientConfig c = net.ue_config();
      c.impi = testing::extra_impi(i);
      ues.push_back(GbaClient::create(h.env(), c).value());
      ues.back()->bootstrap([&out, i](Result<GbaSession> r) { out[i] = std::move(r); });
    }
    net.sim.run_until_idle();
    int ok = 0;
    for (int i = 0; i < kUes; ++i) {
      ASSERT_TRUE(out[i].has_value()) << "seed " << seed << " UE " << i;
      ASSERT_TRUE(out[i]->ok()) << "seed " << seed << " UE " << i << ": "
                                << out[i]->error().message;
      auto key = net.fetch((*out[i])->btid);
      ASSERT_TRUE(key.ok()) << key.error().message;
      EXPECT_EQ(key->impi, testing::extra_impi(i));
      EXPECT_EQ(key->ks_naf, *(*out[i])->ks_naf(kDefaultNafFqdn));
      ++ok;
    }
    EXPECT_EQ(ok, kUes);
    EXPECT_EQ(net.bsf->zh_counters().connections, 1u);
    EXPECT_EQ(net.bsf->zh_counters().requests, std::uint64_t(kUes));
    EXPECT_EQ(net.hss->counters().vectors, std::uint64_t(kUes));
  }
}

// The HSS host is down: the MAR is never answered, the BSF gives up after its Zh timeout (2 s
// in the test network) and tells the UE.
TEST(GbaNodesRobustness, SilentHssTimesOut) {
  GbaNet net(5);
  net.sim.network().node_down(net.hss_host);
  auto ue = GbaClient::create(net.ue_host.env(), net.ue_config()).value();
  auto s = net.bootstrap(*ue);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("504 Gateway Timeout: Ub: HSS unreachable: bsf-zh: no answer "
                                   "from 10.2.0.3:3868 within 2.000000 s"),
            std::string::npos)
      << s.error().message;
  EXPECT_EQ(net.bsf->zh_counters().timeouts, 1u);
}

TEST(GbaNodesRobustness, UnreachableBsfOnZnIsATransportError) {
  GbaNet net(6);
  net.sim.network().node_down(net.bsf_host);
  auto r = net.fetch("AAAAAAAAAAAAAAAAAAAAAA==@bsf.ims.example");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind, ZnError::Kind::kTransport);
  EXPECT_NE(r.error().message.find("no answer from 10.2.0.2:3868"), std::string::npos)
      << r.error().message;
}

// The UE gives up when the BSF never answers at all.
TEST(GbaNodesRobustness, BootstrapTimeout) {
  GbaNet net(7);
  net.sim.network().node_down(net.bsf_host);
  GbaClientConfig c = net.ue_config();
  c.timeout = 10_s;
  auto ue = GbaClient::create(net.ue_host.env(), c).value();
  auto s = net.bootstrap(*ue);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("no result from the BSF within 10.000000 s"), std::string::npos)
      << s.error().message;
  EXPECT_FALSE(ue->running());
  // And it can run again once the BSF is back.
  net.sim.network().node_up(net.bsf_host);
  EXPECT_TRUE(net.bootstrap(*ue).ok());
}

}  // namespace
}  // namespace imssim::gba_nodes
