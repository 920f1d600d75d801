// The BSF (TS 33.220 §4.5.2): bootstraps UEs on Ub with HTTP Digest AKA (RFC 3310, TS 24.109
// §4) using vectors it fetches from the HSS on Zh, and serves NAFs on Zn (TS 29.109 §6) with
// Ks_NAF derived for the asking NAF's NAF_Id (TS 33.220 Annex B.3).
//
// Ub, one bootstrapping:
//   UE  GET / (Authorization: username=IMPI, empty response)  -> BSF -- Zh MAR -> HSS
//   UE  <- 401 (WWW-Authenticate: nonce = base64(RAND || AUTN), qop=auth-int, AKAv1-MD5)
//   UE  GET / (response computed with RES as the password)     -> BSF checks it against XRES
//   UE  <- 200 (application/vnd.3gpp.bsf+xml: B-TID, lifetime; Authentication-Info: rspauth)
// On a synchronisation failure the second request carries auts= (and an empty password); the
// BSF sends RAND || AUTS to the HSS in a new MAR and challenges again with the new vector.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "common/env.h"
#include "nodes/gba_nodes/constants.h"
#include "nodes/gba_nodes/diameter_peer.h"
#include "nodes/proto/gba/aka.h"
#include "nodes/proto/gba/digest.h"
#include "nodes/proto/gba/kdf.h"
#include "nodes/proto/http/message.h"
#include "nodes/proto/http/parser.h"

namespace imssim::gba_nodes {

struct BsfConfig {
  std::string fqdn{kDefaultBsfFqdn};  // Origin-Host, Digest realm and the B-TID's domain
  std::string realm{kDefaultRealm};   // Origin-Realm
  std::uint16_t http_port = kHttpPort;
  std::uint16_t zn_port = kDiameterPort;
  Endpoint hss;
  std::string hss_realm{kDefaultRealm};
  std::int64_t key_lifetime_seconds = kDefaultKeyLifetimeSeconds;
  std::int64_t epoch_unix = kDefaultEpochUnix;  // Unix time at simulated time 0
  Time hss_timeout = kDefaultDiameterTimeout;
  // A challenge not answered within this time is forgotten (simulator choice).
  Time challenge_lifetime = 60_s;
};

class Bsf {
 public:
  struct Counters {
    std::uint64_t ub_requests = 0;
    std::uint64_t challenges = 0;     // 401s sent
    std::uint64_t resyncs = 0;        // AUTS forwarded to the HSS
    std::uint64_t bootstraps = 0;     // 200s sent
    std::uint64_t auth_failures = 0;  // wrong response, unknown nonce, HSS refusal
    std::uint64_t bad_requests = 0;   // unparsable HTTP or Authorization
    std::uint64_t zn_requests = 0;
    std::uint64_t zn_keys = 0;          // BIAs with Ks_NAF
    std::uint64_t zn_invalid_btid = 0;  // unknown or expired B-TID
  };
  // What the BSF keeps of one bootstrapping run (TS 33.220 §4.5.2).
  struct Bootstrap {
    std::string impi;
    gba::Key256 ks{};
    gba::Block rand{};
    std::int64_t created_unix = 0;
    std::int64_t expiry_unix = 0;
  };

  // Errors: a port in use.
  static Result<std::unique_ptr<Bsf>> start(Environment& env, BsfConfig config);
  ~Bsf();

  const Counters& counters() const { return counters_; }
  const DiameterClient::Counters& zh_counters() const { return zh_->counters(); }
  const Bootstrap* find(std::string_view btid) const;
  std::size_t bootstraps_held() const { return bootstraps_.size(); }
  // Current Unix time of the BSF: epoch + simulated seconds (whole seconds, rounded down).
  std::int64_t unix_now() const;

 private:
  struct Connection {
    std::unique_ptr<Stream> stream;
    http::RequestParser parser;
    bool busy = false;  // waiting for the HSS: later requests wait in the parser
  };
  struct Challenge {
    std::string impi;
    gba::AuthVector vector;
    Time created;
  };

  Bsf(Environment& env, BsfConfig config);
  void accept(std::unique_ptr<Stream> stream);
  void pump(std::uint64_t conn);
  // Handles one request; either answers at once or marks the connection busy until the HSS
  // answers.
  void handle(std::uint64_t conn, const http::Request& request);
  void challenge(std::uint64_t conn, const std::string& impi, std::optional<Bytes> resync);
  void authenticate(std::uint64_t conn, const http::Request& request,
                    const gba::DigestCredentials& creds);
  void respond(std::uint64_t conn, http::Response response, std::string_view label);
  void respond_error(std::uint64_t conn, int status, const std::string& why);
  void prune();
  diameter::Message answer_zn(const diameter::Message& request);

  Environment& env_;
  BsfConfig config_;
  std::unique_ptr<StreamListener> http_listener_;
  std::unique_ptr<DiameterServer> zn_server_;
  std::unique_ptr<DiameterClient> zh_;
  std::map<std::uint64_t, std::unique_ptr<Connection>> connections_;
  std::uint64_t next_connection_ = 1;
  std::map<std::string, Challenge, std::less<>> challenges_;  // by nonce
  std::deque<std::pair<Time, std::string>> challenge_order_;
  std::map<std::string, Bootstrap, std::less<>> bootstraps_;  // by B-TID
  std::map<std::string, std::string, std::less<>> btid_of_impi_;
  std::multimap<std::int64_t, std::string> expiries_;  // expiry -> B-TID
  Counters counters_;
};

}  // namespace imssim::gba_nodes
