// The HSS on Zh (TS 29.109 §5): answers the BSF's Multimedia-Auth-Requests with one AKA vector
// made by Milenage for the subscriber's K and OPc (TS 33.102 §6.3.2), SQN counting up per
// vector (Annex C.3), re-synchronises SQN from a RAND || AUTS (§6.3.5), and refuses an unknown
// IMPI with Experimental-Result DIAMETER_ERROR_IMPI_UNKNOWN (5401).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/env.h"
#include "nodes/gba_nodes/constants.h"
#include "nodes/gba_nodes/diameter_peer.h"
#include "nodes/proto/diameter/command.h"
#include "nodes/proto/gba/aka.h"

namespace imssim::gba_nodes {

struct SubscriberConfig {
  std::string impi;
  std::vector<std::string> impus;
  Bytes k;    // 16 octets
  Bytes opc;  // 16 octets
  // SQN_HE: the highest SQN issued so far; the next vector carries SEQ(sqn) + 1 (Annex C.3).
  std::uint64_t sqn = 0;
  gba::Amf amf = kDefaultAmf;
};

struct HssConfig {
  std::string origin_host{kDefaultHssHost};
  std::string origin_realm{kDefaultRealm};
  std::uint16_t port = kDiameterPort;
  std::vector<SubscriberConfig> subscribers;
};

class Hss {
 public:
  struct Counters {
    std::uint64_t requests = 0;
    std::uint64_t vectors = 0;
    std::uint64_t resyncs = 0;          // AUTS verified (SQN_HE reset or not)
    std::uint64_t resync_failures = 0;  // AUTS with a wrong MAC-S
    std::uint64_t unknown_impi = 0;
    std::uint64_t rejected = 0;  // unparsable or unsupported requests
  };

  // Errors: a subscriber with a bad K / OPc length or a duplicate IMPI (naming it), the port in
  // use.
  static Result<std::unique_ptr<Hss>> start(Environment& env, HssConfig config);
  ~Hss();

  const Counters& counters() const { return counters_; }
  // SQN_HE of a subscriber's generator (SEQ part), for tests; nullopt if unknown.
  std::optional<std::uint64_t> seq_he(std::string_view impi) const;

 private:
  struct Subscriber {
    SubscriberConfig config;
    gba::Milenage milenage;
    gba::HeSqnGenerator sqn;
  };
  Hss(Environment& env, HssConfig config) : env_(env), config_(std::move(config)) {}
  diameter::Message answer(const diameter::Message& request);
  diameter::Message error_answer(const diameter::Message& request, std::string session_id,
                                 diameter::ResultCode result, std::string_view why);

  Environment& env_;
  HssConfig config_;
  std::map<std::string, Subscriber, std::less<>> subscribers_;
  std::unique_ptr<DiameterServer> server_;
  Counters counters_;
};

}  // namespace imssim::gba_nodes
