// The KMS's MIKEY interface for the `mikey` variant (the proposal): REQUEST_INIT/REQUEST_RESP
// and RESOLVE_INIT/RESOLVE_RESP over UDP port 2269, protected with the GBA key Ks_NAF of the
// B-TID the request names in IDRpsk. The decisions are Kms's; this class only speaks MIKEY.
//
// Retransmissions: an identical request gets the cached response (no second key is issued);
// once the cache entry is gone, the replay cache drops the same bytes. A request that does not
// verify gets an unsigned Error message, a refused one a signed Error (RFC 3830 §5.3).
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "common/env.h"
#include "nodes/kms/kms.h"
#include "nodes/kms/naf_key_source.h"
#include "nodes/proto/mikey/freshness.h"
#include "nodes/proto/mikey/ticket_messages.h"

namespace imssim::kms {

struct MikeyServiceConfig {
  std::uint16_t port = 2269;
  std::string kms_uri = "sip:kms.ims.example";  // our IDRkms
  mikey::NtpEpoch epoch = mikey::default_epoch();
};

class MikeyService {
 public:
  static Result<std::unique_ptr<MikeyService>> start(Environment& env, Kms& kms, NafKeySource& keys,
                                                     MikeyServiceConfig config);

 private:
  // A request that passed the first look: its bytes and the header fields an Error reuses.
  struct Incoming {
    Endpoint from;
    Bytes wire;
    bool is_request = false;  // REQUEST_INIT, else RESOLVE_INIT
    std::uint32_t csb_id = 0;
    mikey::PrfFunc prf = mikey::PrfFunc::kMikey1;
  };
  // What we answer: a response or an Error message; empty wire = drop silently.
  struct Reply {
    Bytes wire;
    std::string label;
    std::string refusal;  // why, when the reply is an Error or a drop
  };

  MikeyService(Environment& env, Kms& kms, NafKeySource& keys, MikeyServiceConfig config,
               std::unique_ptr<DatagramSocket> socket);
  void on_datagram(const Endpoint& from, ByteView wire);
  void on_naf_key(const Incoming& in, const Result<NafKey>& key);
  Reply answer_request(const Incoming& in, const NafKey& key);
  Reply answer_resolve(const Incoming& in, const NafKey& key);
  Reply rejected(const Incoming& in, const mikey::MikeyError& e);
  Reply refused(Refusal r, const mikey::ExchangeBinding& binding);
  Reply error_reply(mikey::ErrorNo e, std::uint32_t csb_id, mikey::PrfFunc prf,
                    const mikey::ExchangeBinding* binding, std::string why);
  std::vector<mikey::KeyData> key_data(const IssuedKey& k) const;
  mikey::Timestamp now_ts() const;
  mikey::Freshness freshness();
  void send(const Incoming& in, Reply reply);
  void expire_cache();

  Environment& env_;
  Kms& kms_;
  NafKeySource& naf_keys_;
  MikeyServiceConfig config_;
  std::unique_ptr<DatagramSocket> socket_;
  mikey::ReplayCache replay_;
  struct Cached {
    Bytes response;
    std::string label;
  };
  std::map<Bytes, Cached> responses_;  // request bytes -> our answer, for retransmissions
  std::deque<std::pair<Time, Bytes>> cache_order_;
  std::set<Bytes> in_progress_;  // requests waiting for their Ks_NAF
};

}  // namespace imssim::kms
