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
#include "nodes/kms/mikey_responder.h"
#include "nodes/kms/naf_key_source.h"

namespace imssim::kms {

struct MikeyServiceConfig {
  std::uint16_t port = 2269;
  MikeyResponderConfig mikey;
};

class MikeyService {
 public:
  static Result<std::unique_ptr<MikeyService>> start(Environment& env, Kms& kms, NafKeySource& keys,
                                                     MikeyServiceConfig config);

 private:
  MikeyService(Environment& env, Kms& kms, NafKeySource& keys, MikeyServiceConfig config,
               std::unique_ptr<DatagramSocket> socket);
  void on_datagram(const Endpoint& from, ByteView wire);
  void send(const Endpoint& to, const Bytes& request, MikeyReply reply);
  void expire_cache();

  Environment& env_;
  Kms& kms_;
  NafKeySource& naf_keys_;
  MikeyResponder responder_;
  std::unique_ptr<DatagramSocket> socket_;
  struct Cached {
    Bytes response;
    std::string label;
  };
  std::map<Bytes, Cached> responses_;  // request bytes -> our answer, for retransmissions
  std::deque<std::pair<Time, Bytes>> cache_order_;
  std::set<Bytes> in_progress_;  // requests waiting for their Ks_NAF
};

}  // namespace imssim::kms
