// The IMS network of a run and the timeline actions that use it: HSS, BSF, KMS, P-CSCF and
// S-CSCF on the scenario's IMS hosts, one UE per subscriber; `register` (GBA bootstrapping,
// then IMS registration) and `call`. Results: the `calls` array and the per-node work.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "nodes/gba_nodes/bsf.h"
#include "nodes/gba_nodes/hss.h"
#include "nodes/ims/cx_vector_source.h"
#include "nodes/ims/gba_key_source.h"
#include "nodes/ims/pcscf.h"
#include "nodes/ims/scscf.h"
#include "nodes/ims/ue.h"
#include "nodes/kms/http_api.h"
#include "nodes/kms/https_service.h"
#include "nodes/kms/mikey_service.h"
#include "nodes/kms/provisioned_key_source.h"
#include "nodes/kms/zn_key_source.h"
#include "nodes/mailbox/media_mailbox.h"
#include "nodes/proto/tls/library_context.h"
#include "sim/scenario/attack_probe.h"
#include "sim/scenario/interception.h"
#include "sim/scenario/world.h"

namespace imssim::scenario {

class ImsNetwork {
 public:
  ImsNetwork(World& world, std::string variant);
  // Starts every IMS function and UE. Errors name the node and the reason.
  Result<Ok> start();

  Result<Ok> register_ue(const Action& a);
  Result<Ok> start_call(const Action& a);
  // A call to a group identity (the KMS expands it; every member gets an INVITE) or to an
  // explicit list of users.
  Result<Ok> start_group_call(const Action& a);
  // The traffic model: one call between two subscribers drawn uniformly (never the same),
  // lasting an exponentially distributed time of mean t.mean_call.
  void traffic_call(Rng& rng, const Traffic& t);
  // A host came back up (node_up): the KMS restarts its process, keeping its key store.
  Result<Ok> node_restarted(const std::string& host);
  // The UE plays back the voice messages the mailbox told it of.
  Result<Ok> retrieve_mailbox(const Action& a);
  // `register` for a subscriber of the population, registered at the start.
  Result<Ok> register_name(const std::string& name);
  // A security probe that must fail: resolving someone else's key-id, an unknown or expired
  // one, replaying or tampering with a caller's key request. Reported under `attacks`.
  Result<Ok> attack(const Action& a);

  // The nodes, for tests that inspect their state after a run.
  const mailbox::MediaMailbox& mailbox() const { return *mailbox_; }
  const ims::Ue& ue(const std::string& name) const { return *ues_.at(name).ue; }

  nlohmann::json calls() const;
  nlohmann::json attacks() const;
  nlohmann::json nodes() const;
  nlohmann::json measured() const { return {{"kms", kms_->cpu().to_json()}}; }

 private:
  struct UeNode {
    const Subscriber* subscriber = nullptr;
    std::unique_ptr<ims::GbaKeySource> keys;
    std::unique_ptr<ims::Ue> ue;
  };
  struct CallRecord {
    std::string id, caller;            // subscriber name
    std::vector<std::string> named;    // group call: the receivers named to the KMS
    std::vector<std::string> callees;  // subscriber names, one INVITE each
    bool group = false;
    std::map<std::string, ims::CallLeg> caller_legs;  // by the callee's IMPU, once ended
    // The caller's leg towards `impu`, or its first leg; nullptr while none has ended.
    const ims::CallLeg* caller_leg(const std::string& impu = {}) const;
  };
  const CallRecord* call_named(const std::string& id) const;
  Result<UeNode*> ue_of(const std::string& name_or_impu, const std::string& pointer);
  void place_call(UeNode& caller, std::vector<UeNode*> callees, std::vector<std::string> named,
                  std::string id, Time duration, bool group);
  Result<Ok> start_kms(const std::string& kms_fqdn, const Endpoint& bsf);
  Result<Ok> start_kms_process();
  // The media mailbox, and the S-CSCF's routes to it (retargeting, its service URI, the
  // third-party REGISTER).
  Result<Ok> start_mailbox();
  // The UE side of the run's variant.
  std::unique_ptr<keymgmt::KeyAgent> key_agent(sim::Host& host, const std::string& impu);
  tls::Kind tls_kind() const;
  // A network function's key, provisioned with the KMS for `impi` (kms/provisioned_key_source.h).
  keymgmt::KmsCredentials provision(const std::string& name, const std::string& impi);
  nlohmann::json call_json(const CallRecord& c) const;
  // One caller-callee pair of a call: both legs' state, keys, delays, messages and media.
  nlohmann::json pair_json(const CallRecord& c, const std::string& callee) const;

  World& world_;
  std::string variant_;
  std::unique_ptr<gba_nodes::Hss> hss_;
  std::unique_ptr<gba_nodes::Bsf> bsf_;
  std::unique_ptr<kms::Kms> kms_;
  std::unique_ptr<kms::ZnKeySource> zn_;
  std::unique_ptr<kms::ProvisionedKeySource> naf_keys_;  // provisioned, then Zn
  std::unique_ptr<kms::MikeyService> mikey_;
  std::unique_ptr<tls::LibraryContext> tls_;  // every TLS object of the run, seeded
  std::unique_ptr<kms::MikeyResponder> mikey_https_;
  std::unique_ptr<kms::HttpApi> http_api_;
  std::unique_ptr<kms::HttpsService> https_;
  std::string kms_uri_, kms_fqdn_;
  Endpoint kms_bsf_;
  std::uint64_t kms_restarts_ = 0;
  std::unique_ptr<ims::CxVectorSource> cx_;
  std::unique_ptr<ims::Scscf> scscf_;
  std::unique_ptr<ims::Pcscf> pcscf_;
  std::unique_ptr<Interception> li_;
  std::unique_ptr<mailbox::MediaMailbox> mailbox_;
  std::string mailbox_uri_;
  std::map<std::string, UeNode> ues_;  // by subscriber name
  std::vector<std::unique_ptr<CallRecord>> calls_;
  std::vector<std::unique_ptr<AttackProbe>> attacks_;
  std::map<std::string, std::string> registration_failures_;
};

}  // namespace imssim::scenario
