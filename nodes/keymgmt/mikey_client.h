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
#include "nodes/keymgmt/media_key.h"
#include "nodes/proto/mikey/freshness.h"
#include "nodes/proto/mikey/ticket_messages.h"

namespace imssim::keymgmt {

struct MikeyClientConfig {
  Endpoint kms;
  std::string kms_uri = "sip:kms.ims.example";
  std::string impu;  // who we are (IDRi / IDRr)
  std::string btid;  // names Ks_NAF at the KMS (IDRpsk)
  Bytes ks_naf;      // the PSK
  mikey::NtpEpoch epoch = mikey::default_epoch();
};

// Request/response pairs that really crossed the network, and what it took.
struct KeyMgmtCounters {
  int round_trips = 0;    // exchanges answered by the KMS (keys or errors)
  int requests_sent = 0;  // first transmissions
  int retransmissions = 0;
  int failures = 0;
  std::size_t bytes_sent = 0, bytes_received = 0;
};

// What one exchange cost: at most one round trip (0 when the KMS never answered).
struct ExchangeStats {
  int round_trips = 0;
  int retransmissions = 0;
  std::size_t bytes_sent = 0, bytes_received = 0;
  Bytes request;  // the initiating message as sent (public bytes: for traces and attack probes)
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
    bool is_request = true;
    Bytes key_id;  // resolve: the key-id asked about
    Bytes wire;
    mikey::ExchangeBinding binding;
    KeyCallback done;
    Time started;
    Time next_interval;
    TimerId timer = 0;
    ExchangeStats stats;
  };
  MikeyClient(Environment& env, MikeyClientConfig config, std::unique_ptr<DatagramSocket> socket);
  mikey::TicketHeader fresh_header();
  template <typename Init>
  void send_init(Init& m, Pending p, int step, std::string_view what);
  void start(Pending p, const std::string& label);
  void transmit(std::uint32_t csb_id, bool first);
  void on_datagram(ByteView wire);
  void finish(std::uint32_t csb_id, Result<MediaKey> result);
  // nullopt: the datagram did not verify against `p`, keep waiting for the real answer.
  std::optional<Result<MediaKey>> read_response(const Pending& p, ByteView wire);

  Environment& env_;
  MikeyClientConfig config_;
  std::unique_ptr<DatagramSocket> socket_;
  mikey::ReplayCache replay_;
  std::map<std::uint32_t, Pending> pending_;  // by CSB ID, which the response echoes
  KeyMgmtCounters counters_;
};

}  // namespace imssim::keymgmt
