// The NAF's side of Zn (TS 29.109 §6, TS 33.220 §4.5.3): asks the BSF for Ks_NAF of a B-TID
// with a Bootstrapping-Info-Request over Diameter and keeps the answer until its expiry, so a
// NAF (the KMS) pays one round trip per UE bootstrap, not per request.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/env.h"
#include "nodes/gba_nodes/constants.h"
#include "nodes/gba_nodes/diameter_peer.h"
#include "nodes/proto/gba/kdf.h"

namespace imssim::gba_nodes {

struct NafKey {
  gba::Key256 ks_naf{};
  std::string impi;
  std::int64_t expiry_unix = 0;
};

// Callers branch on the kind: an invalid B-TID means "tell the UE to bootstrap again"
// (TS 33.220 §4.5.3), the others are failures of the BSF or the path to it.
struct ZnError {
  enum class Kind {
    kInvalidBtid,  // DIAMETER_ERROR_TRANSACTION_IDENTIFIER_INVALID, or the key already expired
    kRefused,      // another error result from the BSF
    kTransport,    // no answer (timeout, connection refused or reset)
    kProtocol,     // an answer that does not parse
  };
  Kind kind = Kind::kProtocol;
  std::string message;
};

struct ZnClientConfig {
  std::string naf_fqdn{kDefaultNafFqdn};  // Origin-Host and the FQDN of NAF_Id
  std::string origin_realm{kDefaultRealm};
  std::string bsf_realm{kDefaultRealm};
  Endpoint bsf;
  gba::UaProtocolId ua_protocol = kUaKms;
  std::int64_t epoch_unix = kDefaultEpochUnix;
  Time timeout = kDefaultDiameterTimeout;
};

class ZnClient {
 public:
  using Callback = UniqueFunction<void(Result<NafKey, ZnError>)>;
  struct Counters {
    std::uint64_t requests = 0;     // fetch() calls
    std::uint64_t round_trips = 0;  // BIRs sent
    std::uint64_t cache_hits = 0;
    std::uint64_t coalesced = 0;  // fetches that joined a BIR already in flight
    std::uint64_t errors = 0;
  };

  static std::unique_ptr<ZnClient> create(Environment& env, ZnClientConfig config);

  // The key of `btid`: from the cache while it has not expired, else by a BIR to the BSF
  // (concurrent fetches of one B-TID share one BIR). `done` is called once, always from the
  // event loop (a cache hit too), and must not destroy this client.
  void fetch(const std::string& btid, Callback done);
  // The cached key of `btid` if it is still valid now (no request, no counter).
  std::optional<NafKey> cached(std::string_view btid) const;
  void forget(std::string_view btid);
  const Counters& counters() const { return counters_; }
  const DiameterClient::Counters& diameter_counters() const { return diameter_.counters(); }
  std::int64_t unix_now() const;

 private:
  ZnClient(Environment& env, ZnClientConfig config);
  void on_answer(const std::string& btid, Result<diameter::Message> answer);
  void deliver(const std::string& btid, const Result<NafKey, ZnError>& outcome);

  Environment& env_;
  ZnClientConfig config_;
  DiameterClient diameter_;
  std::map<std::string, NafKey, std::less<>> cache_;
  std::map<std::string, std::vector<Callback>, std::less<>> in_flight_;
  Counters counters_;
};

}  // namespace imssim::gba_nodes
