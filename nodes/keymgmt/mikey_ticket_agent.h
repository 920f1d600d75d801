// The `mikey-ticket` variant (TS 33.328 with RFC 6043) at the UE: REQUEST_INIT/REQUEST_RESP
// and RESOLVE_INIT/RESOLVE_RESP as HTTP POST bodies over GBA PSK-TLS to the KMS
// (https_client.h), a sealed ticket in the INVITE's TRANSFER_INIT (with the V flag: answer
// wanted), and the callee's TRANSFER_RESP in the 200 OK's SDP, which the caller verifies.
#pragma once

#include <string>

#include "nodes/keymgmt/https_client.h"
#include "nodes/keymgmt/key_agent.h"
#include "nodes/keymgmt/mikey_exchange.h"
#include "nodes/keymgmt/tls_ticket_agent.h"

namespace imssim::keymgmt {

class MikeyTicketAgent : public KeyAgent {
 public:
  MikeyTicketAgent(Environment& env, TicketAgentConfig config);

  std::string_view variant() const override { return kVariantMikeyTicket; }
  void request_key(const KmsCredentials& c, const std::vector<std::string>& receivers,
                   KeyDone<MediaKey> done) override;
  Result<Ok> check_answer(ByteView answer_key_mgmt, ByteView offer_key_mgmt, const MediaKey& key,
                          Time now) override;
  void resolve(const KmsCredentials& c, ByteView reference, KeyDone<MediaKey> done) override;

 private:
  bool sealed_tickets() const override { return true; }
  bool verified_transfers() const override { return true; }
  // The callee's TRANSFER_RESP (RFC 6043 §4.2.3) for the checked TRANSFER_INIT.
  Result<Bytes> answer_for(const mikey::ExchangeBinding& transfer) override;
  // Posts a prepared REQUEST_INIT or RESOLVE_INIT and reads the KMS's MIKEY answer.
  void exchange(const KmsCredentials& c, Result<PreparedInit> init, std::string label,
                KeyDone<MediaKey> done);
  MikeyParty party(const KmsCredentials& c) const;

  TicketAgentConfig config_;
  HttpsClient https_;
  mikey::ReplayCache replay_;
};

}  // namespace imssim::keymgmt
