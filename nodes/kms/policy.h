// Who may do what at the KMS: which IMPUs a GBA-authenticated IMPI may act as, what a group
// identity expands to, who may resolve a key-id, and when lawful interception is authorised.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "common/time.h"
#include "nodes/kms/key_store.h"

namespace imssim::kms {

// Why the KMS refuses; the service maps each to a MIKEY error and the results name it.
enum class Refusal {
  kNotOwnIdentity,   // the claimed IMPU does not belong to the authenticated IMPI
  kUnknownReceiver,  // a named receiver is neither a subscriber nor a group
  kUnknownKeyId,
  kExpired,
  kNotAuthorised,  // the requester is not among the key's receivers
  kNoWarrant,      // LI asked without an active warrant for the call's parties
  kInvalidTicket,  // a ticket this KMS did not seal, or one altered on the way
};
std::string_view to_string(Refusal r);

struct Warrant {
  std::string target;  // IMPU
  Time start, stop;
};

class Policy {
 public:
  void add_subscriber(const std::string& impi, const std::string& impu);
  void add_group(const std::string& group_uri, std::vector<std::string> member_impus);
  void add_warrant(Warrant w);
  // The IMPI of the lawful-interception function: its resolves are interceptions.
  void add_interceptor(const std::string& impi) { interceptors_.insert(impi); }
  bool interceptor(const std::string& impi) const { return interceptors_.count(impi) > 0; }

  // The subscriber authenticated as `impi` (GBA) may act as `impu`.
  bool owns(const std::string& impi, const std::string& impu) const;
  // Receivers as named (IMPUs and group identities) -> authorised IMPUs, sorted, unique.
  Result<std::vector<std::string>, Refusal> expand(const std::vector<std::string>& named) const;
  // May `impu` resolve `key` at `now`?
  Result<Ok, Refusal> may_resolve(const IssuedKey& key, const std::string& impu, Time now) const;
  // May the LI function obtain `key` at `now`: a warrant on one of its parties was in force
  // when the key was issued and still is.
  Result<Ok, Refusal> may_intercept(const IssuedKey& key, Time now) const;
  bool under_warrant(const std::string& impu, Time now) const;

 private:
  std::map<std::string, std::set<std::string>> impus_of_impi_;
  std::set<std::string> subscribers_;
  std::map<std::string, std::vector<std::string>> groups_;
  std::vector<Warrant> warrants_;
  std::set<std::string> interceptors_;
};

}  // namespace imssim::kms
