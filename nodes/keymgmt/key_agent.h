// A UE's key management with the KMS, whatever the variant. The caller gets a key for the
// receivers it names and the MIKEY message its INVITE's SDP offer carries (a=key-mgmt); the
// callee turns that message into the key by asking the KMS, and may put a MIKEY message in
// its SDP answer, which the caller checks.
//
//   mikey         the proposal: one MIKEY exchange per side over UDP, protected with Ks_NAF
//   tls-ticket    the Kerberos-like baseline: TCP + GBA PSK-TLS to the KMS, key and ticket
//                 over HTTP, the ticket in the INVITE, the callee presents it over its own TLS
//   mikey-ticket  TS 33.328 with RFC 6043: REQUEST/RESOLVE over HTTP over TLS, TRANSFER_INIT
//                 in the offer, TRANSFER_RESP in the answer
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/env.h"
#include "common/function.h"
#include "common/result.h"
#include "common/time.h"
#include "nodes/keymgmt/exchange_stats.h"
#include "nodes/keymgmt/media_key.h"
#include "nodes/proto/mikey/freshness.h"
#include "nodes/proto/mikey/protection.h"

namespace imssim::keymgmt {

inline constexpr std::string_view kVariantMikey = "mikey";
inline constexpr std::string_view kVariantTlsTicket = "tls-ticket";
inline constexpr std::string_view kVariantMikeyTicket = "mikey-ticket";

// The UE's GBA key for the KMS (TS 33.220): B-TID and Ks_NAF.
struct KmsCredentials {
  std::string btid;
  Bytes ks_naf;
};

// A key and the MIKEY message that goes with it in SDP (offer or answer; empty: none).
struct SessionKey {
  MediaKey key;
  Bytes key_mgmt;
};

template <typename T>
using KeyDone = UniqueFunction<void(Result<T>, const ExchangeStats&)>;

class KeyAgent {
 public:
  KeyAgent(Environment& env, std::string impu, mikey::NtpEpoch epoch)
      : env_(env), impu_(std::move(impu)), epoch_(epoch) {}
  virtual ~KeyAgent() = default;
  virtual std::string_view variant() const = 0;

  // Caller: a key for `receivers` (IMPUs or group identities).
  virtual void request_key(const KmsCredentials& c, const std::vector<std::string>& receivers,
                           KeyDone<MediaKey> done) = 0;
  // Caller: the offer's MIKEY message (a TRANSFER_INIT, key_transfer.h) from this UE to
  // `callee` for a key it holds; a group call builds one per member's INVITE.
  Result<Bytes> key_transfer(const MediaKey& key, const std::string& callee);
  // Caller: request_key, then the key transfer to `callee`.
  void offer(const KmsCredentials& c, const std::vector<std::string>& receivers,
             const std::string& callee, KeyDone<SessionKey> done);
  // Callee: resolves the reference in an offer's TRANSFER_INIT at the KMS, checks the message
  // with the key it got, and adds the answer's MIKEY message where the variant has one.
  void accept(const KmsCredentials& c, ByteView offer_key_mgmt, KeyDone<SessionKey> done);
  // Callee of a stored message: the same resolve and check for a TRANSFER_INIT the media
  // mailbox kept (older than a live offer may be; no answer goes back).
  void accept_stored(const KmsCredentials& c, ByteView stored_key_mgmt, KeyDone<MediaKey> done);
  // Caller: checks the answer's MIKEY message against the offer's, where the variant has one.
  virtual Result<Ok> check_answer(ByteView answer_key_mgmt, ByteView offer_key_mgmt,
                                  const MediaKey& key, Time now) {
    (void)answer_key_mgmt, (void)offer_key_mgmt, (void)key, (void)now;
    return Ok{};
  }
  // The key a reference names (MediaKey::reference(): a key-id or a ticket), asked of the KMS
  // as this UE: the callee's resolve, deferred retrieval and attack probes.
  virtual void resolve(const KmsCredentials& c, ByteView reference, KeyDone<MediaKey> done) = 0;
  // resolve(), for callers that only want the key (mailbox retrieval, LI, attack probes).
  void fetch_key(const KmsCredentials& c, ByteView reference,
                 UniqueFunction<void(Result<MediaKey>)> done) {
    resolve(c, reference, [done = std::move(done)](Result<MediaKey> key,
                                                   const ExchangeStats&) mutable {
      done(std::move(key));
    });
  }

  const KeyMgmtCounters& counters() const { return counters_; }

 protected:
  // Whether offers must carry a sealed ticket (else a key-id).
  virtual bool sealed_tickets() const = 0;
  // Whether the offer's TRANSFER_INIT asks the callee for a TRANSFER_RESP (V flag).
  virtual bool verified_transfers() const { return false; }
  // The answer's MIKEY message for a checked offer (empty: the variant has none).
  virtual Result<Bytes> answer_for(const mikey::ExchangeBinding&) { return Bytes{}; }

  // Resolves the reference of a TRANSFER_INIT and checks the message with the key.
  void resolve_transfer(const KmsCredentials& c, ByteView transfer, Time max_age,
                        KeyDone<std::pair<MediaKey, mikey::ExchangeBinding>> done);

  void count(const ExchangeStats& s, bool answered) {
    ++counters_.requests_sent;
    counters_.round_trips += s.round_trips;
    counters_.retransmissions += s.retransmissions;
    counters_.bytes_sent += s.bytes_sent;
    counters_.bytes_received += s.bytes_received;
    if (!answered) ++counters_.failures;
  }

  Environment& env_;
  std::string impu_;
  mikey::NtpEpoch epoch_;

 private:
  KeyMgmtCounters counters_;
};

}  // namespace imssim::keymgmt
