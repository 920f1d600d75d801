// Lawful interception in a run: the warrants provisioned to the KMS and the S-CSCF (X1), the
// LI function on the `li` host, and the media copy (X3): packets to or from an intercepted
// media endpoint are copied where they enter the core and sent to the LI function from the
// P-CSCF's host, standing in for the media gateway (IMS-AGW) the P-CSCF controls.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>

#include "nodes/ims/scscf.h"
#include "nodes/kms/kms.h"
#include "nodes/li/li_function.h"
#include "sim/scenario/world.h"

namespace imssim::scenario {

class Interception {
 public:
  // `agent`: the LI function's side of the run's key-management variant; `credentials`: its
  // key provisioned with the KMS.
  static Result<std::unique_ptr<Interception>> start(World& world, kms::Kms& kms,
                                                     ims::Scscf& scscf,
                                                     std::unique_ptr<keymgmt::KeyAgent> agent,
                                                     keymgmt::KmsCredentials credentials);
  ~Interception();
  li::LiFunction& function() { return *li_; }
  nlohmann::json results() const;

 private:
  explicit Interception(World& world) : world_(world) {}
  void copy(const sim::Packet& p);

  World& world_;
  std::unique_ptr<li::LiFunction> li_;
  std::unique_ptr<DatagramSocket> x3_out_;  // on the P-CSCF's host
  std::map<Endpoint, std::uint32_t> watched_;  // media endpoint -> correlation
  std::uint64_t copies_ = 0;
};

}  // namespace imssim::scenario
