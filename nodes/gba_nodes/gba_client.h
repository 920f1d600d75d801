// The UE's side of Ub (TS 33.220 §4.5.2, TS 24.109 §4): bootstraps with the BSF by HTTP Digest
// AKA on one HTTP connection. The USIM part (AUTN check, SQN freshness, RES/CK/IK or AUTS) runs
// on Milenage with the subscriber's K and OPc; the ME part keeps Ks and derives Ks_NAF.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "common/env.h"
#include "nodes/gba_nodes/constants.h"
#include "nodes/proto/gba/aka.h"
#include "nodes/proto/gba/digest.h"
#include "nodes/proto/gba/kdf.h"
#include "nodes/proto/http/parser.h"

namespace imssim::gba_nodes {

// The outcome of one bootstrapping run, as the UE keeps it.
struct GbaSession {
  std::string btid;
  gba::Key256 ks{};  // CK || IK
  gba::Block rand{};
  std::int64_t expiry_unix = 0;  // the lifetime the BSF announced
  std::string impi;

  // Ks_NAF (GBA_ME) for a NAF and Ua protocol (TS 33.220 Annex B.3).
  Result<gba::Key256> ks_naf(std::string_view naf_fqdn,
                             const gba::UaProtocolId& ua_protocol = kUaKms) const;
};

struct GbaClientConfig {
  std::string impi;
  Bytes k;                 // 16 octets
  Bytes opc;               // 16 octets
  gba::UsimSqnState usim;  // the USIM's SQN state at the start (it evolves, see usim())
  Endpoint bsf;
  std::string bsf_host{kDefaultBsfFqdn};  // Host header and Digest realm
  std::int64_t epoch_unix = kDefaultEpochUnix;
  Time timeout = kDefaultBootstrapTimeout;  // for one whole bootstrapping run
};

class GbaClient {
 public:
  using Callback = UniqueFunction<void(Result<GbaSession>)>;
  struct Counters {
    std::uint64_t runs = 0;
    std::uint64_t successes = 0;
    std::uint64_t failures = 0;
    std::uint64_t resyncs = 0;        // AUTS sent
    std::uint64_t http_requests = 0;  // requests sent on Ub
  };

  // Errors: K or OPc of the wrong length.
  static Result<std::unique_ptr<GbaClient>> create(Environment& env, GbaClientConfig config);
  ~GbaClient();

  // Runs one bootstrapping. `done` is called once, from the event loop, with the session or an
  // error naming the step and the reason (the BSF's status and text, a USIM MAC failure, a
  // timeout, ...). One run at a time: a call while one runs fails.
  void bootstrap(Callback done);
  bool running() const { return running_; }
  const gba::UsimSqnState& usim() const { return config_.usim; }
  const Counters& counters() const { return counters_; }
  // Simulated duration of the last successful run (first byte queued to the 200 OK).
  Time last_latency() const { return last_latency_; }

 private:
  enum class Step { kChallenge, kResult };
  GbaClient(Environment& env, GbaClientConfig config, gba::Milenage m);
  void send_request(const gba::DigestCredentials& creds);
  void on_data(ByteView data);
  void on_response(const http::Response& r);
  void on_challenge(const http::Response& r);
  void on_result(const http::Response& r);
  void finish(Result<GbaSession> outcome);
  void fail_run(const std::string& why);

  Environment& env_;
  GbaClientConfig config_;
  gba::Milenage milenage_;
  Counters counters_;
  bool running_ = false;
  Callback done_;
  std::unique_ptr<Stream> stream_;
  std::optional<http::ResponseParser> parser_;
  TimerId timer_ = 0;
  Step step_ = Step::kChallenge;
  int resyncs_ = 0;
  Time started_;
  Time last_latency_;
  // The run's AKA results, once the USIM accepted the challenge.
  gba::DigestCredentials last_creds_;
  gba::AkaSuccess aka_{};
  gba::Block rand_{};
};

}  // namespace imssim::gba_nodes
