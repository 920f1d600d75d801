// UEs, P-CSCF, S-CSCF and KMS over the simulated network, with AKA vectors and GBA keys from
// tables (the HSS and BSF nodes are tested in tests/gba_nodes): registration with IMS AKA, and
// a call whose key-id travels in the INVITE and whose SRTP media both ends verify.
#include <gtest/gtest.h>

#include <map>

#include "nodes/ims/pcscf.h"
#include "nodes/ims/scscf.h"
#include "nodes/ims/ue.h"
#include "nodes/keymgmt/mikey_agent.h"
#include "nodes/kms/mikey_service.h"
#include "nodes/proto/gba/aka.h"
#include "sim/simulation.h"

namespace imssim::ims {
namespace {

using namespace time_literals;

Ipv4 ip(const char* s) { return *Ipv4::parse(s); }

struct Subscriber {
  std::string name, impi, impu;
  Bytes k, opc;
};

// The HSS's side of AKA, from the subscribers' K and OPc (SQN counting up from 32).
class TableVectors : public AuthVectorSource {
 public:
  TableVectors(Environment& env, const std::vector<Subscriber>& subs) : env_(env) { set(subs); }
  void set(const std::vector<Subscriber>& subs) {
    for (const auto& s : subs) subs_.insert_or_assign(s.impi, s);
  }
  void fetch(const std::string& impi, const std::string&,
             UniqueFunction<void(Result<ImsAuthVector>)> done) override {
    env_.start_timer(1_ms, [this, impi, done = std::move(done)]() mutable {
      auto it = subs_.find(impi);
      if (it == subs_.end()) return done(fail("unknown IMPI " + impi));
      auto m = gba::Milenage::with_opc(it->second.k, it->second.opc).value();
      auto v = gba::make_vector(m, env_.rng("aka"), sqn_ += 32, gba::Amf{0x80, 0});
      done(ImsAuthVector{Bytes(v.rand.begin(), v.rand.end()), Bytes(v.autn.begin(), v.autn.end()),
                         Bytes(v.xres.begin(), v.xres.end()), Bytes(v.ck.begin(), v.ck.end()),
                         Bytes(v.ik.begin(), v.ik.end())});
    });
  }

 private:
  Environment& env_;
  std::map<std::string, Subscriber> subs_;
  std::uint64_t sqn_ = 0;
};

// GBA stand-in: a fixed B-TID and Ks_NAF per UE, known to the KMS.
class FixedUeKey : public UeKeySource {
 public:
  explicit FixedUeKey(UeKmsKey k) : key_(std::move(k)) {}
  void get(UniqueFunction<void(Result<UeKmsKey>)> done) override { done(key_); }

 private:
  UeKmsKey key_;
};
class TableNafKeys : public kms::NafKeySource {
 public:
  explicit TableNafKeys(Environment& env) : env_(env) {}
  std::map<std::string, kms::NafKey> keys;
  void fetch(const std::string& btid, UniqueFunction<void(Result<kms::NafKey>)> done) override {
    env_.start_timer(1_ms, [this, btid, done = std::move(done)]() mutable {
      auto it = keys.find(btid);
      if (it == keys.end()) return done(fail("unknown B-TID"));
      done(it->second);
    });
  }

 private:
  Environment& env_;
};

struct Ims {
  explicit Ims(double access_loss = 0)
      : sim(11),
        access(sim.network().add_zone("access", {.delay = 20_ms, .loss = access_loss})),
        core(sim.network().add_zone("core", {.delay = 2_ms})),
        pcscf_host(sim.network().add_host("pcscf", ip("10.0.0.10"), core)),
        scscf_host(sim.network().add_host("scscf", ip("10.0.0.11"), core)),
        kms_host(sim.network().add_host("kms", ip("10.0.0.12"), core)),
        vectors(scscf_host.env(), subs),
        naf_keys(kms_host.env()),
        kms(kms_host.env(), {}) {
    scscf = Scscf::start(scscf_host.env(), {}, vectors).value();
    pcscf = Pcscf::start(pcscf_host.env(), {5060, scscf->transport().local()}).value();
    service = kms::MikeyService::start(kms_host.env(), kms, naf_keys, {}).value();
    int n = 0;
    for (const auto& s : subs) {
      auto& host =
          sim.network().add_host(s.name, Ipv4{ip("10.1.0.1").value + std::uint32_t(n++)}, access);
      UeKmsKey key{s.name + "-btid@bsf", Bytes(32, std::uint8_t(n)), 100000_s};
      naf_keys.keys[key.btid] = kms::NafKey{key.ks_naf, s.impi, 100000_s};
      kms.policy().add_subscriber(s.impi, s.impu);
      ue_keys.push_back(std::make_unique<FixedUeKey>(key));
      UeConfig c{s.name,
                 s.impi,
                 s.impu,
                 "ims.example",
                 s.k,
                 s.opc,
                 0,
                 pcscf->transport().local(),
                 5060,
                 {}};
      auto agent = std::make_unique<keymgmt::MikeyAgent>(
          host.env(), keymgmt::MikeyAgentConfig{{ip("10.0.0.12"), 2269}, "sip:kms.ims.example",
                                                s.impu});
      ues.push_back(Ue::start(host.env(), c, *ue_keys.back(), std::move(agent)).value());
    }
  }
  bool register_all() {
    int ok = 0;
    for (auto& ue : ues)
      ue->register_now([&](Result<Ok> r) {
        ok += r.ok();
        if (!r) ADD_FAILURE() << r.error().message;
      });
    sim.run_until(sim.now() + 40_s);
    return ok == int(ues.size());
  }

  std::vector<Subscriber> subs{
      {"ue-a", "alice@ims.example", "sip:alice@ims.example", Bytes(16, 0x11), Bytes(16, 0x21)},
      {"ue-b", "bob@ims.example", "sip:bob@ims.example", Bytes(16, 0x12), Bytes(16, 0x22)},
      {"ue-c", "carol@ims.example", "sip:carol@ims.example", Bytes(16, 0x13), Bytes(16, 0x23)}};
  sim::Simulation sim;
  sim::Zone& access;
  sim::Zone& core;
  sim::Host& pcscf_host;
  sim::Host& scscf_host;
  sim::Host& kms_host;
  TableVectors vectors;
  TableNafKeys naf_keys;
  kms::Kms kms;
  std::unique_ptr<Scscf> scscf;
  std::unique_ptr<Pcscf> pcscf;
  std::unique_ptr<kms::MikeyService> service;
  std::vector<std::unique_ptr<FixedUeKey>> ue_keys;
  std::vector<std::unique_ptr<Ue>> ues;
};

TEST(ImsCall, UesRegisterWithImsAka) {
  Ims ims;
  ASSERT_TRUE(ims.register_all());
  EXPECT_EQ(ims.scscf->challenges(), 3u);
  EXPECT_EQ(ims.scscf->registrations(), 3u);
  ASSERT_NE(ims.scscf->binding("sip:bob@ims.example"), nullptr);
  EXPECT_EQ(ims.scscf->binding("sip:bob@ims.example")->contact, (Endpoint{ip("10.1.0.2"), 5060}));
}

TEST(ImsCall, AWrongKeyFailsRegistration) {
  Ims ims;
  ims.subs[0].k[0] ^= 1;  // the HSS now holds another K for alice
  ims.vectors.set(ims.subs);
  std::optional<Result<Ok>> got;
  ims.ues[0]->register_now([&](Result<Ok> r) { got = std::move(r); });
  ims.sim.run_until(ims.sim.now() + 40_s);
  ASSERT_TRUE(got);
  EXPECT_FALSE(*got);
  EXPECT_NE(got->error().message.find("AKA"), std::string::npos) << got->error().message;
}

TEST(ImsCall, SecureCallWithOneKmsRoundTripPerSide) {
  Ims ims;
  ASSERT_TRUE(ims.register_all());
  std::optional<CallLeg> caller;
  ims.ues[0]->call({"call-1", {"sip:bob@ims.example"}, 2_s, {}}, [&](const CallLeg& l) { caller = l; });
  ims.sim.run_until(ims.sim.now() + 10_s);
  ASSERT_TRUE(caller);
  EXPECT_FALSE(caller->failure) << *caller->failure;
  EXPECT_TRUE(caller->established);
  auto callee = ims.ues[1]->callee_legs();
  ASSERT_EQ(callee.size(), 1u);
  EXPECT_FALSE(callee[0].failure) << *callee[0].failure;
  EXPECT_TRUE(callee[0].established);
  EXPECT_EQ(caller->key_fingerprint, callee[0].key_fingerprint);
  EXPECT_EQ(caller->key_exchange.round_trips, 1);
  EXPECT_EQ(callee[0].key_exchange.round_trips, 1);
  EXPECT_EQ(caller->media.sent, 100u);  // 2 s of 20 ms frames
  EXPECT_EQ(callee[0].media.verified, 100u);
  EXPECT_GE(caller->media.verified, 95u);  // the callee's last frames may race the BYE
  EXPECT_EQ(caller->media.verified, caller->media.authenticated);
  // INVITE -> UE B takes 2 access + 4 core crossings, then B resolves at the KMS (2 access +
  // 2 core + 1 ms Zn), then 200 OK back: at least 2 * 48 + 45 ms.
  Time setup = caller->answered - caller->invite_sent;
  EXPECT_GE(setup, 140_ms);
  EXPECT_LT(setup, 400_ms);
  EXPECT_GT(caller->signalling.at("Gm").messages, 0u);
}

TEST(ImsCall, AKeyForAnUnknownUserIsRefusedByTheKms) {
  Ims ims;
  ASSERT_TRUE(ims.register_all());
  std::optional<CallLeg> caller;
  ims.ues[0]->call({"call-1", {"sip:nobody@ims.example"}, 1_s, {}},
                   [&](const CallLeg& l) { caller = l; });
  ims.sim.run_until(ims.sim.now() + 10_s);
  ASSERT_TRUE(caller);
  ASSERT_TRUE(caller->failure);
  EXPECT_NE(caller->failure->find("ID not supported"), std::string::npos) << *caller->failure;
  EXPECT_EQ(caller->invite_sent, Time());  // no INVITE without a key
}

TEST(ImsCall, CallToAnUnregisteredUserFailsWith480) {
  Ims ims;
  ims.ues.pop_back();  // carol is a subscriber but never registers
  ASSERT_TRUE(ims.register_all());
  std::optional<CallLeg> caller;
  ims.ues[0]->call({"call-1", {"sip:carol@ims.example"}, 1_s, {}},
                   [&](const CallLeg& l) { caller = l; });
  ims.sim.run_until(ims.sim.now() + 10_s);
  ASSERT_TRUE(caller);
  ASSERT_TRUE(caller->failure);
  EXPECT_NE(caller->failure->find("480"), std::string::npos) << *caller->failure;
}

TEST(ImsCall, CallsCompleteUnderAccessLoss) {
  Ims ims(0.05);
  ASSERT_TRUE(ims.register_all());
  int established = 0;
  for (int i = 0; i < 6; ++i) {
    std::optional<CallLeg> caller;
    ims.ues[i % 2]->call({"c", {i % 2 ? "sip:alice@ims.example" : "sip:bob@ims.example"}, 1_s, {}},
                         [&](const CallLeg& l) { caller = l; });
    ims.sim.run_until(ims.sim.now() + 60_s);
    ASSERT_TRUE(caller);
    established += caller->established && !caller->failure;
  }
  EXPECT_EQ(established, 6);
}

}  // namespace
}  // namespace imssim::ims
