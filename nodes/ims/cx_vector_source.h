// The S-CSCF's AKA vectors from the HSS: a Multimedia-Auth-Request per challenge over Diameter.
// Cx (TS 29.229) and Zh (TS 29.109) share the MAR/MAA command and AVPs; the HSS here serves
// the Zh application, so the request is sent as Zh (a simplification the README names).
#pragma once

#include <memory>

#include "nodes/gba_nodes/diameter_peer.h"
#include "nodes/ims/auth_vector_source.h"

namespace imssim::ims {

class CxVectorSource : public AuthVectorSource {
 public:
  CxVectorSource(Environment& env, Endpoint hss, std::string origin_host, std::string realm);
  void fetch(const std::string& impi, const std::string& impu,
             UniqueFunction<void(Result<ImsAuthVector>)> done) override;
  const gba_nodes::DiameterClient::Counters& counters() const { return diameter_.counters(); }

 private:
  std::string origin_host_, realm_;
  gba_nodes::DiameterClient diameter_;
};

}  // namespace imssim::ims
