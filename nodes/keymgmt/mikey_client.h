// The UE side of the `mikey` variant: one MIKEY request/response with the KMS over UDP,
// protected with Ks_NAF. request_key asks for a key and key-id for the named receivers
// (REQUEST_INIT/REQUEST_RESP); resolve_key asks for the key of a key-id (RESOLVE_INIT/
// RESOLVE_RESP). Lost datagrams are retransmitted byte-identical (constants.h timers) so the
// KMS can answer from its response cache.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/env.h"
#include "nodes/keymgmt/exchange_stats.h"
#include "nodes/keymgmt/media_key.h"
#include "nodes/keymgmt/mikey_exchange.h"

namespace imssim::keymgmt {

struct MikeyClientConfig {
  Endpoint kms;
  std::string kms_uri = "sip:kms.ims.example";
  std::string impu;  // who we are (IDRi / IDRr)
  std::string btid;  // names Ks_NAF at the KMS (IDRpsk)
  Bytes ks_naf;      // the PSK
  mikey::NtpEpoch epoch = mikey::default_epoch();
};

using KeyCallback = UniqueFunction<void(Result<MediaKey>, const ExchangeStats&)>;

class MikeyClient {
 public:
  static Result<std::unique_ptr<MikeyClient>> create(Environment& env, MikeyClientConfig config);
  ~MikeyClient();

  void request_key(const std::vector<std::string>& receivers, KeyCallback done);
  void resolve_key(ByteView key_id, KeyCallback done);

  const KeyMgmtCounters& counters() const { return counters_; }

 private:
  struct Pending {
    PreparedInit init;
    KeyCallback done;
    Time started;
    Time next_interval;
    TimerId timer = 0;
    ExchangeStats stats;
  };
  MikeyClient(Environment& env, MikeyClientConfig config, std::unique_ptr<DatagramSocket> socket);
  std::uint32_t fresh_csb_id();
  void start(Result<PreparedInit> init, KeyCallback done, int step, const std::string& label);
  void transmit(std::uint32_t csb_id, bool first);
  void on_datagram(ByteView wire);
  void finish(std::uint32_t csb_id, Result<MediaKey> result);
  MikeyParty party() const;

  Environment& env_;
  MikeyClientConfig config_;
  std::unique_ptr<DatagramSocket> socket_;
  mikey::ReplayCache replay_;
  std::map<std::uint32_t, Pending> pending_;  // by CSB ID, which the response echoes
  KeyMgmtCounters counters_;
};

}  // namespace imssim::keymgmt
