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
#include "nodes/kms/zn_key_source.h"
#include "nodes/proto/tls/library_context.h"
#include "sim/scenario/world.h"

namespace imssim::scenario {

class ImsNetwork {
 public:
  ImsNetwork(World& world, std::string variant);
  // Starts every IMS function and UE. Errors name the node and the reason.
  Result<Ok> start();

  Result<Ok> register_ue(const Action& a);
  Result<Ok> start_call(const Action& a);
  // The traffic model: one call between two subscribers drawn uniformly (never the same),
  // lasting an exponentially distributed time of mean t.mean_call.
  void traffic_call(Rng& rng, const Traffic& t);
  // `register` for a subscriber of the population, registered at the start.
  Result<Ok> register_name(const std::string& name);
  // A security probe that must fail: resolving someone else's key-id, an unknown or expired
  // one, replaying or tampering with a caller's key request. Reported under `attacks`.
  Result<Ok> attack(const Action& a);

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
    std::string id, caller, callee;  // subscriber names
    std::optional<ims::CallLeg> caller_leg;
  };
  struct AttackRecord {
    std::string kind, by, call;
    std::string outcome = "pending";  // refused, dropped, answered-from-cache, accepted
    std::string detail;
    bool key_obtained = false;
    std::unique_ptr<DatagramSocket> socket;  // replay/tamper: the attacker's own port
    Bytes sent;
  };
  const CallRecord* call_named(const std::string& id) const;
  void raw_request(AttackRecord& r, sim::Host& from, Bytes wire);
  Result<UeNode*> ue_of(const std::string& name_or_impu, const std::string& pointer);
  void place_call(UeNode& caller, UeNode& callee, std::string id, Time duration);
  Result<Ok> start_kms(const std::string& kms_fqdn, const Endpoint& bsf);
  // The UE side of the run's variant.
  std::unique_ptr<keymgmt::KeyAgent> key_agent(sim::Host& host, const std::string& impu);
  tls::Kind tls_kind() const;
  nlohmann::json call_json(const CallRecord& c) const;

  World& world_;
  std::string variant_;
  std::unique_ptr<gba_nodes::Hss> hss_;
  std::unique_ptr<gba_nodes::Bsf> bsf_;
  std::unique_ptr<kms::Kms> kms_;
  std::unique_ptr<kms::ZnKeySource> zn_;
  std::unique_ptr<kms::MikeyService> mikey_;
  std::unique_ptr<tls::LibraryContext> tls_;  // every TLS object of the run, seeded
  std::unique_ptr<kms::MikeyResponder> mikey_https_;
  std::unique_ptr<kms::HttpApi> http_api_;
  std::unique_ptr<kms::HttpsService> https_;
  std::string kms_uri_, kms_fqdn_;
  std::unique_ptr<ims::CxVectorSource> cx_;
  std::unique_ptr<ims::Scscf> scscf_;
  std::unique_ptr<ims::Pcscf> pcscf_;
  std::map<std::string, UeNode> ues_;  // by subscriber name
  std::vector<std::unique_ptr<CallRecord>> calls_;
  std::vector<std::unique_ptr<AttackRecord>> attacks_;
  std::map<std::string, std::string> registration_failures_;
};

}  // namespace imssim::scenario
